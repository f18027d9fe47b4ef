from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


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
    pass


class ResetPasswordForm(_OurWording, allauth_forms.ResetPasswordForm):
    pass


class ProfileForm(forms.Form):
    # A plain form, not a ModelForm: validation must not change request.user before the service saves.
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        help_text=_("Shown to the organisations you belong to."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
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
