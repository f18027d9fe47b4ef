from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, OrganisationClaim
from .services import EDITABLE_FIELDS

_AUTOCOMPLETE = {
    "name": "organization",
    "website": "url",
    "email": "email",
    "city": "address-level2",
    "address": "street-address",
}


def _https_by_default(model_field: models.Field, **kwargs) -> forms.Field | None:
    # "alytus.lt" typed without a scheme is taken as https://alytus.lt (Django 6's default, asked for now).
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Words in the name, description or city."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )


class OrganisationDetailsForm(forms.Form):
    """The public details of an organisation. A plain form: validation never touches the saved object."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Organisation, fields=EDITABLE_FIELDS, formfield_callback=_https_by_default)
        for name, field in fields.items():
            if name in _AUTOCOMPLETE:
                field.widget.attrs["autocomplete"] = _AUTOCOMPLETE[name]
        fields["description"].widget.attrs["rows"] = 5
        fields["kind"].choices = [("", _("Choose a kind of organisation…")), *Organisation.Kind.choices]
        self.fields = {**fields, **self.fields}

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> "OrganisationDetailsForm":
        return cls(initial={field: getattr(organisation, field) for field in EDITABLE_FIELDS})


class ClaimForm(forms.Form):
    contact_role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=OrganisationClaim._meta.get_field("contact_role").max_length,
        help_text=_("For example: director, founder, communication manager."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    message = forms.CharField(
        label=_("Why you can speak for it"),
        max_length=2000,
        help_text=_("Tell the reviewers how to check it, e.g. a page on the organisation's website naming you."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProposeForm(OrganisationDetailsForm, ClaimForm):
    """A new organisation's details and the proposer's claim to speak for it."""


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the claimant"),
        required=False,
        max_length=2000,
        help_text=_("Required when you reject: the claimant reads it in the e-mail we send."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("They need a Talentas account with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
