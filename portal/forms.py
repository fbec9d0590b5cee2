from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form renders through the portal's accessible templates."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
