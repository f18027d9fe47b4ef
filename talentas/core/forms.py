"""Form helpers shared by the domain apps."""

from django import forms

from talentas.core.errors import DomainError


def show_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
