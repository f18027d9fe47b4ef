# ruff: noqa: RUF001, RUF002  (the typographic apostrophe is the point of this module)
"""Django's password-rule help texts, marked here so they enter our translation catalogue.

Django 5.2 writes them with a typographic apostrophe ("can’t") while its Lithuanian catalogue only
translates the older spelling ("can't"), so Lithuanian sign-up pages would show them in English.
Our catalogue is consulted before Django's, so these exact strings translated here fix that.
"""

from django.utils.translation import gettext_noop

PASSWORD_RULE_TEXTS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)
