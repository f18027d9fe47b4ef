"""Pages about awards: the award agreement as PDF (the awardee's members and staff) and the awarded grants as open
data (anyone: a page, 360Giving JSON and CSV)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from talentas.core.exports import csv_response

from . import open_data, permissions, selectors
from .agreement import render_agreement


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    award = permissions.seen_award(request.user, selectors.award_by_id(pk))
    pdf, language = render_agreement(award)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="award-agreement-{award.pk}-{language}.pdf"'
    response["Content-Language"] = language
    return response


def open_grants(request: HttpRequest) -> HttpResponse:
    grants = open_data.grants()
    context = {
        "grants": grants,
        "years": open_data.totals_by_year(grants),
        "prefix": open_data.prefix(),
    }
    return render(request, "calls/open_data.html", context)


def open_grants_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(open_data.as_360giving(open_data.grants()), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def open_grants_csv(request: HttpRequest) -> HttpResponse:
    grants = open_data.grants()
    response = csv_response(
        filename="grants-360giving.csv", header=open_data.CSV_COLUMNS, rows=open_data.csv_rows(grants), bom=False
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
