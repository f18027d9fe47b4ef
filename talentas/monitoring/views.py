"""Monitoring pages: the public dashboard (no login), its open data and embeddable view, and the staff pages
where values are entered, approved and imported, the budget and actual dates recorded and reports generated (the
Steering Committee's meetings are `talentas.governance`'s). Views parse input, call one service or selector and
render."""

from __future__ import annotations

from pathlib import PurePosixPath

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from talentas.core import exports
from talentas.core.errors import DomainError, add_to_form, require

from . import forms, permissions
from .models import Report
from .selectors import budget as budget_selectors
from .selectors import dashboard as dashboard_selectors
from .selectors import imports as import_selectors
from .selectors import indicators as indicator_selectors
from .selectors import reports as report_selectors
from .selectors import staff as staff_selectors
from .selectors import values as value_selectors
from .services import budget as budget_services
from .services import goals, importing, reporting_periods, reports
from .services import values as value_services
from .timeline import build_timeline

# --- Public -------------------------------------------------------------------------------------------------------


def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    data = dashboard_selectors.public_dashboard(slug=slug)
    return render(request, "monitoring/dashboard.html", {"dashboard": data, "progress": data.progress})


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard without the site's header and footer, for other sites to show in a frame."""
    data = dashboard_selectors.public_dashboard(slug=slug)
    return render(request, "monitoring/embed.html", {"dashboard": data, "progress": data.progress, "embedded": True})


def open_data(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    data = dashboard_selectors.public_dashboard(slug=slug)
    rows = dashboard_selectors.open_data_rows(data)
    if extension == "json":
        response = JsonResponse(
            {"plan": data.plan_slug, "as_of": data.progress.as_of.isoformat(), "indicators": rows},
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        columns = [name for name in rows[0] if name != "trend"] if rows else ["code"]
        response = exports.csv_response(
            filename=f"{data.plan_slug}-indicators.csv",
            header=columns,
            rows=([row.get(column) for column in columns] for row in rows),
            inline=True,
            bom=False,
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    data = dashboard_selectors.public_dashboard(slug=slug)
    return render(
        request,
        "monitoring/timeline.html",
        {
            "dashboard": data,
            "progress": data.progress,
            "timeline": build_timeline(data.progress, data.plan_years),
            "may_edit": permissions.can_record_action_dates(request.user),
        },
    )


def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    internal = permissions.can_see_internal_reports(request.user)
    form = None
    if permissions.can_request_reports(request.user):
        form = forms.ReportRequestForm(
            spans=report_selectors.periods_for_reports(plan=plan, today=timezone.localdate())
        )
    context = {"plan": plan, "reports": report_selectors.reports_of(plan=plan, include_internal=internal), "form": form}
    return render(request, "monitoring/report_list.html", context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_selectors.report_detail(pk=pk)
    _hide_unless(permissions.can_see_report(request.user, report))
    context = {"report": report, "plan": report.plan, "corrections": report_selectors.corrections_since(report=report)}
    return render(request, "monitoring/report_detail.html", context)


def report_file(request: HttpRequest, pk: int, extension: str) -> FileResponse:
    report = report_selectors.report_detail(pk=pk)
    _hide_unless(permissions.can_see_report(request.user, report))
    stored = report.pdf if extension == "pdf" else report.xlsx
    if report.state != Report.State.READY or not stored:
        raise Http404(_("This report has no such file."))
    # Stored names are random (core.storage); the download is named after the report instead.
    filename = f"report-{report.pk}.{extension}"
    return FileResponse(stored.open("rb"), as_attachment=extension == "xlsx", filename=filename)


def _hide_unless(allowed: bool) -> None:
    # Internal reports are not acknowledged to people who may not see them.
    if not allowed:
        raise Http404(_("There is no such report."))


# --- Staff dashboard and values -----------------------------------------------------------------------------------


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    require(permissions.can_use_staff_dashboard(request.user))
    attention = staff_selectors.staff_attention(user=request.user)
    return render(
        request, "monitoring/staff.html", {"attention": attention, "slug": indicator_selectors.default_plan_slug()}
    )


@login_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    item = indicator_selectors.indicator_in_plan(pk=pk)
    require(permissions.can_use_staff_dashboard(request.user))
    may_enter = permissions.can_enter_value(request.user, item)
    setting = indicator_selectors.indicator_settings(indicator=item)
    spans = report_selectors.periods_for_reports(plan=item.plan, today=timezone.localdate())
    form = None
    if may_enter:
        form = forms.ValueForm(
            request.POST or None, request.FILES or None, spans=spans, breakdowns=list(setting.breakdowns)
        )
        if request.method == "POST" and form.is_valid():
            try:
                period = reporting_periods.reporting_period(code=form.cleaned_data["period"], plan=item.plan)
                value_services.save_value(
                    user=request.user,
                    indicator=item,
                    period=period,
                    value=form.cleaned_data["value"],
                    comment=form.cleaned_data["comment"],
                    evidence=form.cleaned_data["evidence"],
                    breakdown=form.breakdown(),
                    submit=form.cleaned_data["submit_now"],
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The value is saved."))
                return redirect("monitoring:indicator", pk=item.pk)
    elif request.method == "POST":
        raise Forbidden(_("You may not enter this indicator's values."))
    may_review = permissions.roles.can_run_monitoring(request.user)
    values = value_selectors.values_of_indicator(indicator=item, include_unapproved=may_enter or may_review)
    data = dashboard_selectors.public_dashboard(slug=item.plan.slug)
    figure = next((f for f in data.progress.indicators if f.id == item.pk), None)
    context = {
        "indicator": item,
        "figure": figure,
        "form": form,
        "values": values,
        "settings": setting,
        "may_enter": may_enter,
        "may_audit": permissions.can_see_audit_trail(request.user, item),
        "may_edit_settings": permissions.can_edit_indicator_settings(request.user),
        "goals": indicator_selectors.goals_of(indicator=item),
        "breakdowns": value_selectors.breakdown_tables(indicator=item, dimensions=list(setting.breakdowns)),
    }
    return render(request, "monitoring/indicator.html", context)


@login_required
def indicator_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Weight, direction, due days, baseline and dated goals of one indicator (plan managers, M&E officers)."""
    item = indicator_selectors.indicator_in_plan(pk=pk)
    require(permissions.can_edit_indicator_settings(request.user))
    current = indicator_selectors.indicator_settings(indicator=item)
    initial = {
        "weight": current.weight,
        "direction": current.direction,
        "due_days": current.due_days,
        "baseline_value": item.baseline_value,
        "baseline_year": item.baseline_year,
    }
    stored_goals = [
        {"year": goal.year, "target_value": goal.target_value, "note": goal.note}
        for goal in indicator_selectors.goals_of(indicator=item)
    ]
    data = request.POST if request.method == "POST" else None
    form = forms.IndicatorSetupForm(data, initial=initial)
    formset = forms.GoalFormSet(
        data, initial=stored_goals, prefix="goals", plan_years=(item.plan.start_year, item.plan.end_year)
    )
    goals_error = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            goals.save_indicator_setup(
                user=request.user,
                indicator=item,
                goals=[goals.GoalRow(row["year"], row["target_value"], row["note"]) for row in formset.goal_rows()],
                **form.cleaned_data,
            )
        except DomainError as error:
            if error.field in form.fields:
                add_to_form(form, error)
            else:
                goals_error = error.message  # a goal the service refused: shown above the goals
        else:
            messages.success(request, _("The indicator's settings are saved."))
            return redirect("monitoring:indicator", pk=item.pk)
    context = {"indicator": item, "form": form, "formset": formset, "goals_error": goals_error}
    return render(request, "monitoring/indicator_settings.html", context)


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = value_selectors.value_with_indicator(pk=pk)
    require(permissions.can_see_value(request.user, value))
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_review_value(request.user, value))
        if form.is_valid():
            try:
                if request.POST.get("decision") == "approve":
                    value_services.approve_value(user=request.user, value=value, comment=form.cleaned_data["comment"])
                    messages.success(request, _("The value is approved and locked."))
                else:
                    value_services.return_value(user=request.user, value=value, comment=form.cleaned_data["comment"])
                    messages.success(request, _("The value is returned to its department."))
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect("monitoring:staff")
    context = {
        "value": value,
        "form": form,
        "may_review": value.state == "submitted" and permissions.can_review_value(request.user, value),
        "may_submit": value.state in ("draft", "returned")
        and permissions.can_enter_value(request.user, value.indicator),
    }
    return render(request, "monitoring/value_detail.html", context)


@login_required
def value_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence files are served only to those who may see the value (never from a public media URL)."""
    value = value_selectors.value_with_indicator(pk=pk)
    require(
        permissions.can_see_value(request.user, value)
        and permissions.can_see_audit_trail(request.user, value.indicator)
    )
    if not value.evidence:
        raise Http404(_("This value has no evidence file."))
    filename = f"evidence-{value.pk}{PurePosixPath(value.evidence.name).suffix}"
    return FileResponse(value.evidence.open("rb"), as_attachment=True, filename=filename)


@login_required
@require_POST
def value_submit(request: HttpRequest, pk: int) -> HttpResponse:
    value = value_selectors.value_with_indicator(pk=pk)
    require(permissions.can_enter_value(request.user, value.indicator))
    try:
        value_services.submit_value(user=request.user, value=value)
        messages.success(request, _("The value is submitted for approval."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("monitoring:value", pk=value.pk)


@login_required
def audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    item = indicator_selectors.indicator_in_plan(pk=pk)
    require(permissions.can_see_audit_trail(request.user, item))
    return render(
        request, "monitoring/audit.html", {"indicator": item, "entries": value_selectors.audit_trail(indicator=item)}
    )


@login_required
def import_values(request: HttpRequest, slug: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    require(permissions.can_import_values(request.user))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    record = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise DomainError(_("The spreadsheet may be at most 5 MB."), field="file", code="file_too_large")
            record = importing.start_import(user=request.user, plan=plan, content=upload.read(), filename=upload.name)
        except DomainError as error:
            add_to_form(form, error)
    context = {"plan": plan, "form": form, "record": record, "max_rows": importing.MAX_ROWS}
    return render(request, "monitoring/import.html", context)


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far an import has come: the whole page, or (for htmx's polling) just the progress panel."""
    record = import_selectors.value_import(pk=pk)
    require(permissions.can_see_import(request.user, record))
    if request.htmx:
        return render(request, "monitoring/partials/import_progress.html", {"record": record})
    context = {"plan": record.plan, "form": forms.ImportForm(), "record": record, "max_rows": importing.MAX_ROWS}
    return render(request, "monitoring/import.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Monitoring's notices now live on the platform's one Notices page; the old address (in e-mails and
    bookmarks) keeps working."""
    return redirect("notices:list")


# --- Budget and actual dates --------------------------------------------------------------------------------------


@login_required
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    require(permissions.can_use_staff_dashboard(request.user) or permissions.can_record_budget(request.user))
    may_record = permissions.can_record_budget(request.user)
    lines = budget_selectors.budget_lines(plan=plan)
    post = request.POST if request.method == "POST" else None
    line_form = forms.BudgetLineForm(post if post and "planned_eur" in post else None, plan=plan)
    entry_form = forms.BudgetEntryForm(post if post and "amount_eur" in post else None, lines=lines)
    if post is not None:
        require(may_record)
        form = line_form if "planned_eur" in post else entry_form
        if form.is_valid():
            try:
                if form is line_form:
                    budget_services.save_budget_line(user=request.user, plan=plan, **form.cleaned_data)
                else:
                    budget_services.record_budget_entry(user=request.user, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:budget", slug=plan.slug)
    context = {
        "plan": plan,
        "summary": budget_selectors.budget_summary(plan=plan),
        "lines": lines,
        "entries": budget_selectors.recent_budget_entries(plan=plan),
        "line_form": line_form if may_record else None,
        "entry_form": entry_form if may_record else None,
    }
    return render(request, "monitoring/budget.html", context)


@login_required
def action_dates(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    action = next((a for a in plan.all_actions() if a.code == code), None)
    if action is None:
        raise Http404(_("The plan has no such action."))
    require(permissions.can_record_action_dates(request.user))
    current = getattr(action, "monitoring_settings", None)
    initial = {
        "actual_start": getattr(current, "actual_start", None),
        "actual_end": getattr(current, "actual_end", None),
    }
    form = forms.ActionDatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budget_services.record_action_dates(user=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The dates are saved."))
            return redirect("monitoring:timeline", slug=plan.slug)
    return render(request, "monitoring/action_dates.html", {"plan": plan, "action": action, "form": form})


# --- Reports and exports ------------------------------------------------------------------------------------------


@login_required
@require_POST
def request_report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    require(permissions.can_request_reports(request.user))
    form = forms.ReportRequestForm(
        request.POST, spans=report_selectors.periods_for_reports(plan=plan, today=timezone.localdate())
    )
    if form.is_valid():
        try:
            period = reporting_periods.reporting_period(code=form.cleaned_data["period"], plan=plan)
            report = reports.request_report(
                user=request.user,
                plan=plan,
                kind=form.cleaned_data["kind"],
                period=period,
                language=form.cleaned_data["language"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The report is being generated."))
            return redirect("monitoring:report", pk=report.pk)
    context = {"plan": plan, "reports": report_selectors.reports_of(plan=plan, include_internal=True), "form": form}
    return render(request, "monitoring/report_list.html", context, status=400)


@login_required
def evaluation_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    plan = indicator_selectors.plan_for_monitoring(slug=slug)
    require(permissions.can_see_internal_reports(request.user))
    rows = report_selectors.evaluation_rows(plan=plan)
    columns = list(rows[0]) if rows else ["indicator", "period", "revision", "value"]
    filename = f"{plan.slug}-evaluation-data.{extension}"
    cells = ([row[column] for column in columns] for row in rows)
    if extension == "xlsx":
        return exports.xlsx_response(filename=filename, header=columns, rows=cells, sheet_title="values")
    return exports.csv_response(filename=filename, header=columns, rows=cells)
