from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString

from portal.kept import Kept

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _attrs(attrs: dict) -> SafeString:
    """Django's `attrs.html`: `True` is a bare attribute, `False` leaves it out."""
    return _join(
        format_html(" {}", name)
        if value is True
        else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> SafeString:
    # The option template ends with a newline, which the include keeps.
    return format_html(
        '<option value="{}"{}>{}</option>\n',
        str(option["value"]),
        _attrs(option["attrs"]),
        option["label"],
    )


def render_select(widget: dict) -> str:
    """The HTML of Django's `select.html`, drawn in Python.

    A school filter has 154 options; through the template engine each option is
    an include with its own context, several milliseconds per list on every
    listing page. The output is the template's, byte for byte (tested).
    """
    lines = [
        format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
    ]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(format_html('\n  <optgroup label="{}">', group_name))
        lines.extend(format_html("\n  {}", _option(o)) for o in group_choices)
        if group_name:
            lines.append(SafeString("\n  </optgroup>"))
    lines.append(SafeString("\n</select>"))  # the renderer strips the end
    return _join(lines)


#: Selects as drawn, by everything they show (`kept_select`).
_kept_selects: Kept[str] = Kept(256)


def _shown(value):
    """What of a value reaches the HTML: its text, and whether it is escaped."""
    if isinstance(value, bool) or value is None:
        return value
    return (str(value), isinstance(value, SafeData))


def _select_key(widget: dict) -> tuple:
    return (
        widget["name"],
        tuple((name, _shown(value)) for name, value in widget["attrs"].items()),
        tuple(
            (
                _shown(group_name),
                tuple(
                    (
                        _shown(option["value"]),
                        _shown(option["label"]),
                        tuple((n, _shown(v)) for n, v in option["attrs"].items()),
                    )
                    for option in group_choices
                ),
            )
            for group_name, group_choices, _index in widget["optgroups"]
        ),
    )


def kept_select(widget: dict) -> str:
    """`render_select`, drawn once per process for the same name, attributes,
    options and selection: a listing's filters (154 schools, models, batches)
    are the same lists on every visit. The key holds everything the HTML is
    made of, labels in the current language included."""
    return _kept_selects.get(_select_key(widget), lambda: render_select(widget))


def _is_plain_select(template_name: str, context: dict) -> bool:
    widget = context.get("widget")
    if template_name != SELECT_TEMPLATE or not isinstance(widget, dict):
        return False
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, choices, _index in widget.get("optgroups", ())
        for option in choices
    )


class PortalFormRenderer(TemplatesSetting):
    """Every form renders through the portal's accessible templates; plain
    `<select>` lists are drawn in Python (see `render_select`)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        if _is_plain_select(template_name, context):
            return kept_select(context["widget"])
        return super().render(template_name, context, request=request)
