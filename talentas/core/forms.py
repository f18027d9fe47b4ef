"""Form helpers shared by the domain apps."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from talentas.core.errors import DomainError


class DateInput(forms.DateInput):
    """A date picker. The browser draws it in its own locale and sends ISO 8601 (`2026-12-01`), so it is given
    its value in ISO too, in every language: a value written in the page's style would show as an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A date-and-time picker (`datetime-local`, Europe/Vilnius time), given its value as the browser sends it."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def object_id(data: QueryDict, name: str = "id") -> int:
    """The id posted or queried under `name`, or a DomainError (400) naming that field: digits only, in the
    database's integer range (`str.isdigit()` would let "²" through to `int()`, and a huge number overflows the
    database)."""
    try:
        return forms.IntegerField(min_value=1, max_value=2**31 - 1).clean(data.get(name))
    except forms.ValidationError:
        raise DomainError(_("This is not the id of anything here."), field=name, code="invalid_id") from None


class StyleguideExampleForm(forms.Form):
    """The form the styleguide shows failed, to draw the error summary and the fields' errors as a person sees them."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("We only use it to send your ticket."))

    @classmethod
    def failed(cls) -> "StyleguideExampleForm":
        form = cls(data={"name": "", "email": "austeja.example.org"}, auto_id="styleguide-%s")
        form.is_valid()
        return form


class PictureForm(forms.Form):
    """Upload or replace a picture (core.pictures judges the file itself; the browser is only told what fits)."""

    picture = forms.FileField(
        label=_("Picture"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB. It is resized for each screen and its metadata removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
