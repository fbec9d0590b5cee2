"""Spreadsheet exports that no spreadsheet program runs as formulas.

Threat model: text typed by users (school names, device models, ticket subjects,
names) ends up in CSV/XLSX exports that agents open in Excel or LibreOffice. A cell
starting with = + - @, a tab or a carriage return is read as a formula there
(data theft through HYPERLINK/WEBSERVICE, command execution through DDE). Such
text gets a leading apostrophe, which spreadsheets show as plain text. Wagtail's
listing exports do not do this themselves, so every viewset with `list_export`
uses `FormulaSafeExportMixin` on its index view.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """`value` with a leading apostrophe if a spreadsheet would evaluate it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For Wagtail index views (`list_export`): neutralise every exported cell."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(
            value if not hasattr(value, "__html__") else str(value)
        )
