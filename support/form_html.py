"""Field HTML of the helpdesk's forms that show the same to everyone.

An unbound form without initial values draws the same HTML for every visitor
in a language: its labels, help texts, widgets and choices come from the code.
The report form costs a few milliseconds through the form templates, on every
"Report a problem" page, the school's reply form and the IT service's merge
form about one each; `field_groups` and `form_html` draw them once per process
and language. A bound form (its values and errors) or one with initial values
is drawn every time. For forms built with nothing but data, files or initial
values (no prefix, no other arguments), whose choices do not come from the
database (see `support.queue_forms` for those).
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=32)
def _unbound(form_class: type[forms.Form], language: str | None) -> dict[str, str]:
    form = form_class()
    return {name: form[name].as_field_group() for name in form.fields}


def field_groups(form: forms.Form) -> dict[str, SafeString]:
    """Each field's `as_field_group()` HTML, by field name."""
    if form.is_bound or form.initial:
        return {name: form[name].as_field_group() for name in form.fields}
    return _unbound(type(form), translation.get_language())


@lru_cache(maxsize=32)
def _unbound_form(form_class: type[forms.Form], language: str | None) -> str:
    return str(form_class())


def form_html(form: forms.Form) -> SafeString:
    """The whole form's HTML, as `{{ form }}` draws it."""
    if form.is_bound or form.initial:
        return mark_safe(str(form))  # noqa: S308 - Django's own form HTML
    html = _unbound_form(type(form), translation.get_language())
    return mark_safe(html)  # noqa: S308 - Django's own form HTML


def options_html(form: forms.Form, name: str) -> SafeString:
    """The `<option>` of each choice of the field `name`, the form's value
    selected: what `{% for value, label in form.fields.name.choices %}` with an
    `{% if value == form.name.value %} selected` draws, once per language and
    value (the report page's picker without script)."""
    value = form[name].value()
    try:
        html = _options(type(form), name, translation.get_language(), value)
    except TypeError:  # a value that cannot be a key (a list): drawn anew
        html = _options.__wrapped__(type(form), name, None, value)
    return mark_safe(html)  # noqa: S308 - escaped below


@lru_cache(maxsize=256)
def _options(form_class, name: str, language: str | None, selected) -> str:
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(label)}</option>"
        for value, label in form_class.base_fields[name].choices
    )
