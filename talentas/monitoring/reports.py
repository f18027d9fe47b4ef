"""Quarterly internal and annual public reports: the figures frozen into a snapshot once, and the PDF and XLSX
files written from that snapshot alone, byte for byte the same each time (the PDF's creation date is the moment
the figures were frozen)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from talentas.core.exports import append_row
from talentas.core.formatting import as_text
from talentas.governance import selectors as governance_selectors

from .models import Alert, IndicatorValue, Report, ValueState
from .progress import IndicatorFigure, PlanProgress
from .selectors import budget as budget_selectors
from .selectors import indicators as indicator_selectors

SNAPSHOT_FORMAT = 1


# --- Snapshot -----------------------------------------------------------------------------------------------------


def _text(value) -> str | None:
    return None if value is None else str(value)


def _indicator(figure: IndicatorFigure) -> dict:
    return {
        "code": figure.code,
        "name": figure.name,
        "unit": figure.unit,
        "action": figure.action_code,
        "automatic": figure.automatic,
        "target": _text(figure.target),
        "target_period": figure.target_period_label,
        "value": _text(figure.value),
        "window": figure.window_label,
        "progress": _text(figure.progress),
        "expected": _text(figure.expected),
        "status": figure.status,
        "status_label": figure.status_label,
        "explanation": figure.explanation,
        "trend": [[point.code, _text(point.value)] for point in figure.trend],
    }


def _progress(progress: PlanProgress) -> dict:
    return {
        "objectives": [
            {
                "code": objective.code,
                "title": objective.title,
                "progress": _text(objective.progress),
                "expected": _text(objective.expected),
                "coverage": _text(objective.coverage),
                "status": objective.status,
                "status_label": objective.status_label,
                "actions": [
                    {
                        "code": action.code,
                        "title": action.title,
                        "progress": _text(action.progress),
                        "coverage": _text(action.coverage),
                        "status": action.status,
                        "status_label": action.status_label,
                        "planned_start": _text(action.planned_start),
                        "planned_end": _text(action.planned_end),
                        "actual_start": _text(action.actual_start),
                        "actual_end": _text(action.actual_end),
                        "indicators": [_indicator(figure) for figure in action.indicators],
                    }
                    for action in objective.actions
                ],
            }
            for objective in progress.objectives
        ],
        "plan_indicators": [_indicator(figure) for figure in progress.plan_indicators],
        "status_counts": [[value, label, count] for value, label, count in progress.status_counts()],
    }


def build_snapshot(*, report: Report) -> dict:
    """Every figure the report shows, as of the period's last day, in the report's language."""
    period = report.period
    as_of = period.end - datetime.timedelta(days=1)
    with translation.override(report.language):
        plan = indicator_selectors.plan_for_monitoring(slug=report.plan.slug)
        progress = indicator_selectors.plan_progress(plan=plan, as_of=as_of)
        budget = budget_selectors.budget_summary(plan=plan)
        values = IndicatorValue.objects.filter(
            indicator__plan=plan,
            state=ValueState.APPROVED,
            superseded_at=None,
            period__start__gte=period.start,
            period__end__lte=period.end,
        ).select_related("indicator", "period")
        # Alerts raised in the period, and earlier ones still unresolved when it ended.
        period_end = timezone.make_aware(datetime.datetime.combine(period.end, datetime.time.min))
        alerts = (
            Alert.objects.filter(indicator__plan=plan, period__end__lte=period.end)
            .filter(Q(period__start__gte=period.start) | Q(resolved_at__isnull=True) | Q(resolved_at__gte=period_end))
            .select_related("indicator", "period")
            .order_by("period__start", "indicator__code")
        )
        decisions = governance_selectors.decisions_between(plan=plan, start=period.start, end=period.end)
        snapshot = {
            "format": SNAPSHOT_FORMAT,
            "kind": report.kind,
            "language": report.language,
            "plan": {"slug": plan.slug, "title": plan.title, "city": plan.city},
            "period": {"code": period.code, "label": str(period.label), "start": str(period.start)},
            "as_of": as_of.isoformat(),
            "frozen_at": timezone.now().isoformat(timespec="seconds"),
            "thresholds": {
                "on_track": str(progress.limits.on_track),
                "at_risk": str(progress.limits.at_risk),
                "min_expected": str(progress.limits.min_expected),
            },
            **_progress(progress),
            "values": [
                {
                    "indicator": value.indicator.code,
                    "period": value.period.code,
                    "value": str(value.value),
                    "revision": value.revision,
                    "source": value.source,
                }
                for value in sorted(values, key=lambda v: (v.indicator.code, v.period.start, v.period.kind))
            ],
            "budget": {
                name: [
                    [
                        row.label,
                        _text(row.reference_eur),
                        str(row.planned_eur),
                        str(row.committed_eur),
                        str(row.spent_eur),
                    ]
                    for row in rows
                ]
                for name, rows in (("by_phase", budget.by_phase), ("by_source", budget.by_source))
            },
            "alerts": [
                {
                    "indicator": alert.indicator.code,
                    "name": alert.indicator.name,
                    "period": alert.period.code,
                    "explanation": alert.explanation,
                }
                for alert in alerts
            ],
            "decisions": [
                {
                    "date": str(decision.meeting.date),
                    "kind": str(decision.get_kind_display()),
                    "text": decision.text,
                    "council": str(decision.get_council_status_display()),
                }
                for decision in decisions
            ],
        }
    return snapshot


# --- Formatting ---------------------------------------------------------------------------------------------------


def _num(value: str | None, places: int | None = None) -> str:
    if value in (None, ""):
        return "—"
    number = Decimal(value)
    if places is None:
        places = 0 if number == number.to_integral_value() else 2
    return number_format(number, places, use_l10n=True, force_grouping=True)


def _pct(value: str | None) -> str:
    return "—" if value in (None, "") else f"{_num(str(Decimal(value) * 100), 0)}%"


def _eur(value: str | None) -> str:
    return "—" if value in (None, "") else f"€{_num(value, 0)}"


# --- PDF ----------------------------------------------------------------------------------------------------------

PRINT_CSS = "talentas/css/report-print.css"


def _bar_width(share: str | None) -> str | None:
    """A 0-1 share as an SVG width on a 0-100 scale, capped at the ends (None without a figure)."""
    if share in (None, ""):
        return None
    return f"{min(max(Decimal(share), Decimal(0)), Decimal(1)) * 100:.1f}"


def _indicator_rows(indicators: list[dict]) -> list[dict]:
    return [
        {
            **item,
            "value": _num(item["value"]),
            "target": _num(item["target"]),
            "progress": _pct(item["progress"]),
            "bar": _bar_width(item["progress"]) if item["target"] is not None else None,
            "tick": _bar_width(item["expected"]) if item["target"] is not None else None,
        }
        for item in indicators
    ]


def _pdf_context(snapshot: dict) -> dict:
    quarterly = snapshot["kind"] == Report.Kind.QUARTERLY
    title = _("Quarterly internal monitoring report") if quarterly else _("Annual public monitoring report")
    budget = snapshot["budget"]
    return {
        "language": snapshot["language"],
        "title": title,
        "document_title": f"{title} — {snapshot['plan']['title']} {snapshot['period']['label']}",
        "author": settings.DATA_CONTROLLER,
        "site_name": settings.SITE_NAME,
        # The report's creation date is when its figures were frozen, so the same snapshot gives the same file.
        "created": snapshot["frozen_at"],
        "quarterly": quarterly,
        "plan": snapshot["plan"],
        "period": snapshot["period"],
        "as_of": as_text(datetime.date.fromisoformat(snapshot["as_of"])),
        "frozen": as_text(datetime.datetime.fromisoformat(snapshot["frozen_at"]).date()),
        "status_counts": snapshot["status_counts"],
        "objectives": [
            {
                **objective,
                "progress": _pct(objective["progress"]),
                "coverage": _pct(objective["coverage"]),
                "actions": [
                    {
                        **action,
                        "progress": _pct(action["progress"]),
                        "indicators": _indicator_rows(action["indicators"]),
                    }
                    for action in objective["actions"]
                ],
            }
            for objective in snapshot["objectives"]
        ],
        "plan_indicators": _indicator_rows(snapshot["plan_indicators"]),
        "budget": [
            (heading, [[label, *(_eur(cell) for cell in cells)] for label, *cells in budget[name]])
            for name, heading in (("by_phase", _("By phase")), ("by_source", _("By funding source")))
        ],
        "alerts": snapshot["alerts"],
        "decisions": snapshot["decisions"],
        "on_track": _pct(snapshot["thresholds"]["on_track"]),
        "at_risk": _pct(snapshot["thresholds"]["at_risk"]),
    }


def render_pdf(snapshot: dict) -> bytes:
    """The report as a tagged PDF/UA-1 document (title, language, author, creation date), from the snapshot alone:
    the same snapshot gives the same bytes."""
    from weasyprint import CSS, HTML

    with translation.override(snapshot["language"]):
        html = render_to_string("monitoring/report_pdf.html", _pdf_context(snapshot))
    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True)


# --- XLSX ---------------------------------------------------------------------------------------------------------


def render_xlsx(snapshot: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    frozen = datetime.datetime.fromisoformat(snapshot["frozen_at"]).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = frozen
    workbook.properties.creator = "Talentas"
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    append_row(
        sheet,
        [
            _("Objective"),
            _("Action"),
            _("Indicator"),
            _("Name"),
            _("Unit"),
            _("Value"),
            _("Window"),
            _("Target"),
            _("Target period"),
            _("Progress"),
            _("Expected"),
            _("Status"),
            _("Source"),
            _("How it was computed"),
        ],
    )
    for objective in snapshot["objectives"]:
        for action in objective["actions"]:
            for item in action["indicators"]:
                append_row(sheet, _indicator_row(objective["code"], action["code"], item))
    for item in snapshot["plan_indicators"]:
        append_row(sheet, _indicator_row("", "", item))
    actions = workbook.create_sheet(_("Actions")[:31])
    append_row(
        actions,
        [
            _("Objective"),
            _("Action"),
            _("Title"),
            _("Progress"),
            _("Share of weight with data"),
            _("Status"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual finish"),
        ],
    )
    for objective in snapshot["objectives"]:
        for action in objective["actions"]:
            append_row(
                actions,
                [
                    objective["code"],
                    action["code"],
                    action["title"],
                    _float(action["progress"]),
                    _float(action["coverage"]),
                    action["status_label"],
                    action["planned_start"],
                    action["planned_end"],
                    action["actual_start"],
                    action["actual_end"],
                ],
            )
    budget = workbook.create_sheet(_("Budget")[:31])
    append_row(
        budget,
        [_("Breakdown"), _("Item"), _("In the plan (EUR)"), _("Planned (EUR)"), _("Committed (EUR)"), _("Spent (EUR)")],
    )
    for name, label in (("by_phase", _("Phase")), ("by_source", _("Funding source"))):
        for row in snapshot["budget"][name]:
            append_row(budget, [label, row[0], *(_float(cell) for cell in row[1:])])
    values = workbook.create_sheet(_("Values")[:31])
    append_row(values, [_("Indicator"), _("Period"), _("Value"), _("Revision"), _("Source")])
    for row in snapshot["values"]:
        append_row(values, [row["indicator"], row["period"], _float(row["value"]), row["revision"], row["source"]])
    alerts = workbook.create_sheet(_("Alerts")[:31])
    append_row(alerts, [_("Indicator"), _("Period"), _("How it was computed")])
    for alert in snapshot["alerts"]:
        append_row(alerts, [alert["indicator"], alert["period"], alert["explanation"]])
    for worksheet in workbook.worksheets:
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _float(value: str | None) -> float | None:
    return None if value in (None, "") else float(value)


def _indicator_row(objective: str, action: str, item: dict) -> list:
    return [
        objective,
        action,
        item["code"],
        item["name"],
        item["unit"],
        _float(item["value"]),
        item["window"],
        _float(item["target"]),
        item["target_period"],
        _float(item["progress"]),
        _float(item["expected"]),
        item["status_label"],
        _("automatic") if item["automatic"] else _("manual"),
        item["explanation"],
    ]


def render_files(*, report: Report) -> None:
    """Write the report's PDF (and, for a quarterly report, its spreadsheet) from its snapshot."""
    snapshot = report.snapshot
    stem = f"{snapshot['plan']['slug']}-{report.kind}-{snapshot['period']['code']}-{report.language}"
    with translation.override(report.language):
        pdf = render_pdf(snapshot)
        xlsx = render_xlsx(snapshot) if report.kind == Report.Kind.QUARTERLY else None
    if report.pdf:
        report.pdf.delete(save=False)
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    if xlsx is not None:
        if report.xlsx:
            report.xlsx.delete(save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
