"""Unbound forms that show the same to everyone are drawn once per process and
language (support/form_html.py); values and errors are drawn every time."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from support.form_html import field_groups, form_html
from support.forms_tickets import MergeForm, ReplyForm, ReportForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "en"])
def test_kept_fields_are_the_forms_own_html(language):
    with translation.override(language):
        form = ReportForm()
        live = {name: form[name].as_field_group() for name in form.fields}
        assert field_groups(ReportForm()) == live
        assert field_groups(ReportForm()) is field_groups(ReportForm())


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("form_class", [ReplyForm, MergeForm])
def test_kept_forms_are_the_forms_own_html(form_class, language):
    with translation.override(language):
        assert form_html(form_class()) == str(form_class())
        bound = form_class({"body": "", "target": "nix"})
        assert "errorlist" in form_html(bound) and form_html(bound) == str(bound)


def test_each_language_keeps_its_own(client, teacher):
    client.force_login(teacher)
    german = client.get(reverse("support:report")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("support:report")).content.decode()
    assert "Seriennummer des iPads" in german
    assert "Serial number of the iPad" in english
    assert "Seriennummer des iPads" not in english


def test_values_and_errors_are_never_kept(client, teacher):
    client.force_login(teacher)
    filled = client.get(reverse("support:report"), {"subject": "Akku <leer>"})
    field = BeautifulSoup(filled.content, "html.parser").find("input", id="id_subject")
    assert field["value"] == "Akku <leer>"
    refused = client.post(reverse("support:report"), {"category": "app"})
    assert refused.status_code == 200
    soup = BeautifulSoup(refused.content, "html.parser")
    assert soup.select(".field--error")
    blank = BeautifulSoup(client.get(reverse("support:report")).content, "html.parser")
    assert not blank.select(".field--error")
    assert not blank.find("input", id="id_subject").get("value")


OPTIONS_LOOP = (
    "{% for value, label in form.fields.category.choices %}"
    '<option value="{{ value }}"{% if value == form.category.value %} selected'
    "{% endif %}>{{ label }}</option>{% endfor %}"
)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "form",
    [
        lambda: ReportForm(),
        lambda: ReportForm(initial={"category": "wlan"}),
        lambda: ReportForm(initial={"category": "nichts"}),
        lambda: ReportForm({"category": "lost"}),
        lambda: ReportForm({"category": ""}),
    ],
)
def test_the_options_are_what_the_template_loop_drew(language, form):
    from django.template import engines

    from support.form_html import options_html

    loop = engines["django"].from_string(OPTIONS_LOOP)
    with translation.override(language):
        assert options_html(form(), "category") == loop.render({"form": form()})
