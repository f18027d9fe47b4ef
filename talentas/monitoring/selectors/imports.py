"""Spreadsheet imports and how far each has come."""

from django.utils.translation import gettext as _

from talentas.core.errors import NotFound

from ..models import ValueImport


def value_import(*, pk: int) -> ValueImport:
    """One import with its plan. One query; NotFound when there is none."""
    found = ValueImport.objects.select_related("plan").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such import."), code="import_not_found")
    return found
