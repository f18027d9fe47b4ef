from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from talentas.core.city import city_name

from .models import ApiToken, Audience, User


def audience_choices() -> list[tuple[str, object]]:
    """The sign-up question's answers in the person's own words (the model keeps short labels for staff)."""
    return [
        (
            Audience.TALENT,
            format_lazy(_("I'm looking for work, study or a start in {city}"), city=city_name()),
        ),
        (Audience.ORGANISATION, _("I represent an organisation or company")),
        (Audience.FOLLOWER, _("I just follow the plan")),
    ]


def audience_field(*, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who are you?"),
        choices=audience_choices(),
        widget=forms.RadioSelect,
        required=required,
        help_text=_("We show you the right first steps. You can change this later on your account page."),
    )


def full_name_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        required=required,
        help_text=_("Shown to the organisations you belong to."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class _OurWording:
    """allauth's forms in the platform's words: "E-mail address", and labels without placeholder echoes."""

    email_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.email_field].label = _("E-mail address")
        for field in self.fields.values():
            # A placeholder repeating the label vanishes as one types and adds nothing for screen readers.
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_OurWording, allauth_forms.LoginForm):
    email_field = "login"


class SignupForm(_OurWording, allauth_forms.SignupForm):
    """allauth's sign-up plus the person's name and who they are; the adapter stores both on the user."""

    field_order = ["full_name", "audience", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"] = full_name_field(required=True)
        self.fields["audience"] = audience_field(required=True)
        self.order_fields(self.field_order)

    def clean_full_name(self):
        return self.cleaned_data["full_name"].strip()


class ResetPasswordForm(_OurWording, allauth_forms.ResetPasswordForm):
    pass


class ProfileForm(forms.Form):
    # A plain form, not a ModelForm: validation must not change request.user before the service saves.
    full_name = full_name_field(required=False)
    audience = audience_field(required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The platform and its e-mails speak to you in this language."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. 'Dashboard export'."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        help_text=_("Your account and everything kept about you are deleted for good."),
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() not in ("DELETE", "IŠTRINTI"):
            raise forms.ValidationError(_("Type DELETE to confirm."))
        return True
