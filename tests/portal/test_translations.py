"""The German catalogue is complete and compiled; placeholders survive translation."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def german():
    return polib.pofile(str(LOCALE / "de/LC_MESSAGES/django.po"))


def test_every_german_entry_is_translated(german):
    missing = [e.msgid for e in german if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} untranslated: {missing[:20]}"


def test_placeholders_survive_translation(german):
    broken = []
    for entry in german:
        translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
        for text in translations:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            if entry.msgid_plural:
                wanted |= set(PLACEHOLDER.findall(entry.msgid))
            if not set(PLACEHOLDER.findall(text)) <= wanted or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(text)) != wanted
            ):
                broken.append(entry.msgid)
    assert not broken, broken[:20]


@pytest.mark.parametrize("language", ["de", "en"])
def test_compiled_catalogue_matches_source(language):
    source = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
    compiled = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
    compiled_strings = {(e.msgctxt, e.msgid): e.msgstr for e in compiled}
    for entry in source.translated_entries():
        if entry.msgid_plural or "fuzzy" in entry.flags:
            continue
        assert compiled_strings.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{language}: {entry.msgid!r} is not compiled; run `make messages`"
        )
