"""One date and number style per language, in Europe/Vilnius time: the plain-text helpers behind the `formatting`
template filters, for Python strings that reach people (messages, notices, e-mails). Formats: talentas/formats/."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

NBSP = "\xa0"


def local(value):
    """Datetimes in the site's time zone; dates as they are; ISO text (as kept in report snapshots) read first."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def machine(value) -> str:
    value = local(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value.isoformat(timespec="minutes")


def unbroken(text: str) -> str:
    return text.replace(" ", NBSP)


def as_text(value, fmt: str = "DATE_FORMAT") -> str:
    """A date or datetime as plain text in the reader's language (for messages, notices and e-mails)."""
    if value in (None, ""):
        return ""
    return unbroken(date_format(local(value), fmt))


def number_text(value) -> str:
    """A figure in the reader's language, grouped, with decimals only where it has them: 51,340 · 39.45."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    exponent = number.normalize().as_tuple().exponent
    places = 0 if number == number.to_integral_value() or not isinstance(exponent, int) else min(-exponent, 2)
    return number_format(number, places, use_l10n=True, force_grouping=True)


def money_text(value) -> str:
    """An amount of euros as text: "€220,000" / "220 000 €", cents only when there are any."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    amount = number_format(number, places, use_l10n=True, force_grouping=True)
    return unbroken(_("€%(amount)s") % {"amount": amount})


def money_range_text(low, high) -> str:
    """A range of euros such as a salary: both ends with an en dash, "from €1,500", "up to €2,500", or ""."""
    if low in (None, "") and high in (None, ""):
        return ""
    if high in (None, ""):
        return _("from %(amount)s") % {"amount": money_text(low)}
    if low in (None, ""):
        return _("up to %(amount)s") % {"amount": money_text(high)}
    return money_text(low) + "\u2013" + money_text(high)
