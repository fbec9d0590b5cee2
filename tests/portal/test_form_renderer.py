"""The portal's form renderer draws plain <select> lists in Python; the HTML must be
exactly what Django's templates make, for every kind of select the portal uses."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy

from portal.forms import PortalFormRenderer
from portal.schools.models import School

CHOICES = [
    ("", "---------"),
    ("a", "Alpha & <Omega>"),
    (2, gettext_lazy("Status")),
    ("quote", 'say "hi"'),
]
GROUPED = [
    ("Gruppe <1>", [("x", "X"), ("y", "Y")]),
    ("z", "Z ohne Gruppe"),
]


class SampleForm(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES)
    multiple = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    grouped = forms.ChoiceField(choices=GROUPED)
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True)
    boolean = forms.NullBooleanField()
    flagged = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"data-filter": "true", "hidden": True}),
    )


BOUND = {
    "single": "a",
    "required": "2",
    "multiple": ["a", "quote"],
    "grouped": "y",
    "boolean": "true",
    "flagged": "",
}


def _render_both(form_class, data):
    fast = form_class(data, renderer=PortalFormRenderer())
    slow = form_class(data, renderer=TemplatesSetting())
    return fast, slow


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound"])
def test_select_html_is_identical_to_djangos_templates(data):
    fast, slow = _render_both(SampleForm, data)
    for name in SampleForm.base_fields:
        assert str(fast[name]) == str(slow[name]), name
    assert "<option" in str(fast["grouped"])
    assert 'value="y" selected' in str(fast["grouped"]) or data is None


@pytest.mark.django_db
def test_model_choice_select_is_identical(school, other_school):
    class SchoolForm(forms.Form):
        school = forms.ModelChoiceField(queryset=School.objects.order_by("name"))

    fast, slow = _render_both(SchoolForm, {"school": str(school.pk)})
    html = str(fast["school"])
    assert html == str(slow["school"])
    assert f'<option value="{school.pk}" selected>' in html
    assert other_school.name in html


def test_escapes_labels_values_and_group_names():
    html = str(SampleForm(BOUND, renderer=PortalFormRenderer())["single"])
    assert "Alpha &amp; &lt;Omega&gt;" in html
    assert "say &quot;hi&quot;" in html
    grouped = str(SampleForm(renderer=PortalFormRenderer())["grouped"])
    assert '<optgroup label="Gruppe &lt;1&gt;">' in grouped


def test_other_widgets_still_use_their_templates():
    class Other(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
        text = forms.CharField()

    fast, slow = _render_both(Other, None)
    assert str(fast["pick"]) == str(slow["pick"])
    assert 'type="radio"' in str(fast["pick"])
    assert str(fast["text"]) == str(slow["text"])


def test_a_kept_select_is_drawn_again_when_what_it_shows_changes():
    """Selects are kept per process; the selection, a label's language and
    whether a label is already safe HTML each give their own HTML."""
    from unittest import mock

    from django.utils import translation
    from django.utils.safestring import mark_safe

    from portal import forms as portal_forms

    def html(data=None, choices=CHOICES):
        class OneForm(forms.Form):
            single = forms.ChoiceField(choices=choices, required=False)

        return str(OneForm(data, renderer=PortalFormRenderer())["single"])

    portal_forms._kept_selects.clear()  # other tests drew these lists already
    with mock.patch.object(
        portal_forms, "render_select", wraps=portal_forms.render_select
    ) as drawn:
        first = html({"single": "a"})
        assert html({"single": "a"}) == first
        drawn_once = drawn.call_count
        assert 'value="a" selected' in first
        other = html({"single": "quote"})
        assert 'value="quote" selected' in other and 'value="a" selected' not in other
        translated = [("d", gettext_lazy("Delivered"))]
        with translation.override("en"):
            english = html(choices=translated)
        with translation.override("de"):
            german = html(choices=translated)
        assert ">Delivered</option>" in english and ">Geliefert</option>" in german
        plain = html(choices=[("x", "<b>fett</b>")])
        safe = html(choices=[("x", mark_safe("<b>fett</b>"))])
        assert "&lt;b&gt;fett" in plain and "<b>fett</b>" in safe
    assert drawn_once == 1 and drawn.call_count == 6
