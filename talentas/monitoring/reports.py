"""Quarterly internal and annual public reports: the figures frozen into a snapshot once, and the PDF and XLSX
files written from that snapshot alone, byte for byte the same each time (fixed fonts, no creation date)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from talentas.core.exports import append_row
from talentas.governance import selectors as governance_selectors

from .models import Alert, IndicatorValue, Report, ValueState
from .progress import IndicatorFigure, PlanProgress
from .selectors import budget as budget_selectors
from .selectors import indicators as indicator_selectors
from .status import Status

FONT_DIR = Path(__file__).parent / "fonts"
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


STATUS_COLOURS = {
    Status.ACHIEVED: "#e6f2ef",
    Status.ON_TRACK: "#e6f2ef",
    Status.AT_RISK: "#fff4e0",
    Status.BEHIND: "#fdecec",
}


# --- PDF ----------------------------------------------------------------------------------------------------------


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Talentas" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Talentas", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("Talentas-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily("Talentas", normal="Talentas", bold="Talentas-Bold")


def _bar(progress: str | None, expected: str | None):
    from reportlab.graphics.shapes import Drawing, Line, Rect
    from reportlab.lib import colors

    drawing = Drawing(60, 10)
    drawing.add(Rect(0, 2, 60, 6, fillColor=colors.HexColor("#d5dbe1"), strokeColor=None))
    if progress not in (None, ""):
        drawing.add(
            Rect(0, 2, 60 * min(float(progress), 1.0), 6, fillColor=colors.HexColor("#0b5d4b"), strokeColor=None)
        )
    if expected not in (None, ""):
        x = 60 * min(float(expected), 1.0)
        drawing.add(Line(x, 0, x, 10, strokeColor=colors.HexColor("#1b1f24"), strokeWidth=1))
    return drawing


def render_pdf(snapshot: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    base = ParagraphStyle("body", fontName="Talentas", fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
    h1 = ParagraphStyle("h1", parent=base, fontName="Talentas-Bold", fontSize=18, leading=22, spaceAfter=4)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName="Talentas-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=4
    )
    h3 = ParagraphStyle(
        "h3", parent=base, fontName="Talentas-Bold", fontSize=10, leading=13, spaceBefore=6, spaceAfter=2
    )
    quarterly = snapshot["kind"] == Report.Kind.QUARTERLY
    title = _("Quarterly internal monitoring report") if quarterly else _("Annual public monitoring report")
    story: list = [
        Paragraph(title, h1),
        Paragraph(escape(f"{snapshot['plan']['title']} · {snapshot['period']['label']}"), h2),
        Paragraph(
            _(
                "Figures as of %(day)s, frozen on %(frozen)s. Later corrections do not change this report; they are "
                "listed on its page on the platform."
            )
            % {
                "day": date_format(datetime.date.fromisoformat(snapshot["as_of"]), "DATE_FORMAT"),
                "frozen": snapshot["frozen_at"][:10],
            },
            base,
        ),
        Spacer(1, 4 * mm),
    ]
    counts = " · ".join(f"{label}: {count}" for _value, label, count in snapshot["status_counts"])
    story.append(Paragraph(_("Indicators by status: %(counts)s") % {"counts": counts or "—"}, base))
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Talentas", 8),
            ("FONT", (0, 0), (-1, 0), "Talentas-Bold", 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d5dbe1")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )

    head = ParagraphStyle("head", parent=small, fontName="Talentas-Bold")

    def indicator_table(indicators: list[dict]) -> Table:
        header = [
            Paragraph(escape(text), head)
            for text in (_("Indicator"), _("Value"), _("Target"), _("Progress"), "", _("Status"))
        ]
        rows = [header]
        styles: list[tuple] = [("SPAN", (3, 0), (4, 0))]
        for number, item in enumerate(indicators, start=1):
            rows.append(
                [
                    Paragraph(f"<b>{escape(item['code'])}</b> {escape(item['name'])}", small),
                    f"{_num(item['value'])}",
                    Paragraph(f"{_num(item['target'])} {escape(item['target_period'])}".strip(), small),
                    _pct(item["progress"]),
                    _bar(item["progress"], item["expected"]) if item["target"] is not None else "",
                    Paragraph(escape(item["status_label"]), small),
                ]
            )
            colour = STATUS_COLOURS.get(item["status"])
            if colour:
                styles.append(("BACKGROUND", (5, number), (5, number), colors.HexColor(colour)))
        table = Table(rows, colWidths=[70 * mm, 18 * mm, 28 * mm, 13 * mm, 22 * mm, 24 * mm], repeatRows=1)
        table.setStyle(grid)
        table.setStyle(TableStyle(styles))
        return table

    story.append(Paragraph(_("Objectives and actions"), h2))
    for objective in snapshot["objectives"]:
        story.append(
            Paragraph(
                escape(
                    f"{objective['code']}. {objective['title']} — {objective['status_label']}, "
                    f"{_pct(objective['progress'])} "
                )
                + _("(weighted; %(coverage)s of the weight has data)") % {"coverage": _pct(objective["coverage"])},
                h3,
            )
        )
        for action in objective["actions"]:
            block = [
                Paragraph(
                    f"<b>{escape(action['code'])}</b> {escape(action['title'])} — {escape(action['status_label'])}, "
                    f"{_pct(action['progress'])}",
                    base,
                ),
                indicator_table(action["indicators"]),
                Spacer(1, 2 * mm),
            ]
            story.append(KeepTogether(block))
    if snapshot["plan_indicators"]:
        story += [Paragraph(_("Result indicators of the plan"), h2), indicator_table(snapshot["plan_indicators"])]

    story.append(Paragraph(_("Budget: planned, committed and spent"), h2))
    for name, heading in (("by_phase", _("By phase")), ("by_source", _("By funding source"))):
        rows = [
            [
                Paragraph(escape(text), head)
                for text in (heading, _("In the plan"), _("Planned"), _("Committed"), _("Spent"))
            ]
        ]
        rows += [
            [Paragraph(escape(label), small), _eur(ref), _eur(planned), _eur(committed), _eur(spent)]
            for label, ref, planned, committed, spent in snapshot["budget"][name]
        ]
        if len(rows) > 1:
            table = Table(rows, colWidths=[70 * mm, 26 * mm, 26 * mm, 26 * mm, 26 * mm], repeatRows=1)
            table.setStyle(grid)
            table.setStyle(TableStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
            story += [table, Spacer(1, 3 * mm)]

    if snapshot["alerts"] or quarterly:
        story.append(Paragraph(_("Underperformance"), h2))
        if not snapshot["alerts"]:
            story.append(Paragraph(_("No indicator was behind in this period."), base))
        for alert in snapshot["alerts"]:
            story.append(
                Paragraph(
                    f"<b>{escape(alert['indicator'])}</b> {escape(alert['name'])} ({escape(alert['period'])}): "
                    f"{escape(alert['explanation'])}",
                    small,
                )
            )
    if snapshot["decisions"]:
        story.append(Paragraph(_("Steering Committee decisions"), h2))
        rows = [[Paragraph(escape(text), head) for text in (_("Meeting"), _("Kind"), _("Decision"), _("City Council"))]]
        rows += [
            [
                d["date"],
                Paragraph(escape(d["kind"]), small),
                Paragraph(escape(d["text"]), small),
                Paragraph(escape(d["council"]), small),
            ]
            for d in snapshot["decisions"]
        ]
        table = Table(rows, colWidths=[22 * mm, 28 * mm, 90 * mm, 35 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)

    thresholds = snapshot["thresholds"]
    story += [
        Paragraph(_("How the figures are computed"), h2),
        Paragraph(
            _(
                "Progress is the share of the target reached; the timeline sets the share expected by the date. "
                "Status: achieved at 100%%; on track when progress reaches %(on_track)s of the expected share; at risk "
                "from %(at_risk)s; behind below. Actions and objectives are weighted means of the parts that have "
                "data; parts without data are shown as no data, never counted as zero."
            )
            % {"on_track": _pct(thresholds["on_track"]), "at_risk": _pct(thresholds["at_risk"])},
            base,
        ),
    ]

    footer_text = f"Talentas · {snapshot['plan']['title']} · {snapshot['period']['label']}"

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Talentas", 7)
        canvas.setFillColor(colors.HexColor("#4f5863"))
        canvas.drawString(15 * mm, 10 * mm, footer_text)
        canvas.drawRightString(195 * mm, 10 * mm, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{title} — {snapshot['plan']['title']} {snapshot['period']['label']}",
        author="Talentas",
        lang=snapshot["language"],
        invariant=1,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


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
