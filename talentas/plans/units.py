"""Units shown beside a number, in the form the number asks for: "1 centras", "2 centrai", "12 startuolių".

A plan file may give a unit's forms separated by "|", in the order of the language's plural forms (the
catalogue's Plural-Forms): English `hub|hubs`; Lithuanian `centras|centrai|centro|centrų` (1, 21…; 2 to 9, 22…;
fractions; 0 and 10 to 20…). A unit with one form (`EUR`, `km`, `%`) is shown as it is.
"""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation.trans_real import translation

SEPARATOR = "|"


def _form_index(number: Decimal | float | int, forms: int) -> int:
    language = get_language() or "en"
    if Decimal(str(number)) % 1:
        # gettext's plural rules take whole numbers; Lithuanian has its own form for fractions (the third).
        index = 2 if language.startswith("lt") and forms >= 4 else forms - 1
    else:
        index = int(translation(language).plural(abs(int(number))))
    return min(index, forms - 1)


def unit_for(unit: str, number: Decimal | float | int | None) -> str:
    """The unit's form for this number in the active language (its plural form when there is no number)."""
    forms = [form.strip() for form in (unit or "").split(SEPARATOR)]
    if len(forms) == 1:
        return forms[0]
    return forms[_form_index(2 if number is None else number, len(forms))]


def unit_name(unit: str) -> str:
    """The unit on its own, e.g. in a table header: the form for "two" (English and Lithuanian plural)."""
    return unit_for(unit, None)
