"""The award agreement as a tagged PDF/UA-1 document (WeasyPrint, like monitoring's reports): the parties, the
amount, the instalments and the milestones that release them, and the conditions, in the applicant's language
(the language of the person who started the application, else the site's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from .models import Award

PRINT_CSS = "talentas/css/report-print.css"


def agreement_language(award: Award) -> str:
    starter = award.application.created_by
    languages = {code for code, _name in settings.LANGUAGES}
    if starter is not None and starter.preferred_language in languages:
        return starter.preferred_language
    return settings.LANGUAGE_CODE


def _eur(amount) -> str:
    return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def agreement_context(award: Award) -> dict:
    application = award.application
    call = application.call
    instalments = list(award.instalments.all())
    return {
        "award": award,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "programme": call.programme,
        "funder": settings.DATA_CONTROLLER,
        "site_name": settings.SITE_NAME,
        "number": f"{call.budget_year}/{award.pk}",
        "amount": _eur(award.amount_eur),
        "decided": formats.date_format(timezone.localdate(award.decided_at), "DATE_FORMAT"),
        "created": timezone.localtime(award.decided_at).isoformat(),
        "instalments": [
            {
                "position": instalment.position,
                "amount": _eur(instalment.amount_eur),
                "due": formats.date_format(instalment.due_on, "DATE_FORMAT"),
                "milestone": instalment.milestone,
                "status": instalment.get_status_display(),
                "first": instalment.position == 1,
            }
            for instalment in instalments
        ],
        "final_report": len(instalments) > 1,
    }


def render_agreement(award: Award) -> tuple[bytes, str]:
    """(PDF bytes, language) of the award's agreement; the same award gives the same document."""
    from weasyprint import CSS, HTML

    language = agreement_language(award)
    with translation.override(language):
        html = render_to_string("calls/pdf/agreement.html", {"language": language, **agreement_context(award)})
    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf, language
