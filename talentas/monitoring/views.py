"""Monitoring pages: the public dashboard (no login), its open data and embeddable view, and the staff pages
where values are entered, approved and imported, the budget and actual dates recorded, the Steering Committee's
meetings kept and reports generated. Views parse input, call one service or selector and render."""

from __future__ import annotations

from pathlib import PurePosixPath

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from talentas.core import exports
from talentas.core.errors import DomainError
from talentas.core.forms import object_id, show_domain_error

from . import forms, permissions, selectors, services
from .models import Decision, Report
from .timeline import build_timeline


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("You may not do this."))


# --- Public -------------------------------------------------------------------------------------------------------


def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    data = selectors.public_dashboard(slug=slug)
    return render(request, "monitoring/dashboard.html", {"dashboard": data, "progress": data.progress})


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard without the site's header and footer, for other sites to show in a frame."""
    data = selectors.public_dashboard(slug=slug)
    return render(request, "monitoring/embed.html", {"dashboard": data, "progress": data.progress, "embedded": True})


def open_data(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    data = selectors.public_dashboard(slug=slug)
    rows = selectors.open_data_rows(data)
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
    data = selectors.public_dashboard(slug=slug)
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
    plan = selectors.plan_for_monitoring(slug=slug)
    internal = permissions.can_see_internal_reports(request.user)
    form = None
    if permissions.can_request_reports(request.user):
        form = forms.ReportRequestForm(spans=selectors.periods_for_reports(plan=plan, today=timezone.localdate()))
    context = {"plan": plan, "reports": selectors.reports_of(plan=plan, include_internal=internal), "form": form}
    return render(request, "monitoring/report_list.html", context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_detail(pk=pk)
    _hide_unless(permissions.can_see_report(request.user, report))
    context = {"report": report, "plan": report.plan, "corrections": selectors.corrections_since(report=report)}
    return render(request, "monitoring/report_detail.html", context)


def report_file(request: HttpRequest, pk: int, extension: str) -> FileResponse:
    report = selectors.report_detail(pk=pk)
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
    _require(permissions.can_use_staff_dashboard(request.user))
    attention = selectors.staff_attention(user=request.user)
    return render(request, "monitoring/staff.html", {"attention": attention, "slug": selectors.default_plan_slug()})


@login_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.indicator_in_plan(pk=pk)
    _require(permissions.can_use_staff_dashboard(request.user))
    may_enter = permissions.can_enter_value(request.user, item)
    setting = services.indicator_settings(indicator=item)
    spans = selectors.periods_for_reports(plan=item.plan, today=timezone.localdate())
    form = None
    if may_enter:
        form = forms.ValueForm(
            request.POST or None, request.FILES or None, spans=spans, breakdowns=list(setting.breakdowns)
        )
        if request.method == "POST" and form.is_valid():
            try:
                period = services.reporting_period(code=form.cleaned_data["period"], plan=item.plan)
                services.save_value(
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
                show_domain_error(form, error)
            else:
                messages.success(request, _("The value is saved."))
                return redirect("monitoring:indicator", pk=item.pk)
    elif request.method == "POST":
        raise Forbidden(_("You may not enter this indicator's values."))
    may_review = permissions.roles.can_run_monitoring(request.user)
    values = selectors.values_of_indicator(indicator=item, include_unapproved=may_enter or may_review)
    data = selectors.public_dashboard(slug=item.plan.slug)
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
        "goals": selectors.goals_of(indicator=item),
        "breakdowns": selectors.breakdown_tables(indicator=item, dimensions=list(setting.breakdowns)),
    }
    return render(request, "monitoring/indicator.html", context)


@login_required
def indicator_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Weight, direction, due days, baseline and dated goals of one indicator (plan managers, M&E officers)."""
    item = selectors.indicator_in_plan(pk=pk)
    _require(permissions.can_edit_indicator_settings(request.user))
    current = services.indicator_settings(indicator=item)
    initial = {
        "weight": current.weight,
        "direction": current.direction,
        "due_days": current.due_days,
        "baseline_value": item.baseline_value,
        "baseline_year": item.baseline_year,
    }
    goals = [
        {"year": goal.year, "target_value": goal.target_value, "note": goal.note}
        for goal in selectors.goals_of(indicator=item)
    ]
    data = request.POST if request.method == "POST" else None
    form = forms.IndicatorSetupForm(data, initial=initial)
    formset = forms.GoalFormSet(
        data, initial=goals, prefix="goals", plan_years=(item.plan.start_year, item.plan.end_year)
    )
    goals_error = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_indicator_setup(
                user=request.user,
                indicator=item,
                goals=[services.GoalRow(row["year"], row["target_value"], row["note"]) for row in formset.goal_rows()],
                **form.cleaned_data,
            )
        except DomainError as error:
            if error.field in form.fields:
                show_domain_error(form, error)
            else:
                goals_error = error.message  # a goal the service refused: shown above the goals
        else:
            messages.success(request, _("The indicator's settings are saved."))
            return redirect("monitoring:indicator", pk=item.pk)
    context = {"indicator": item, "form": form, "formset": formset, "goals_error": goals_error}
    return render(request, "monitoring/indicator_settings.html", context)


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = selectors.value_with_indicator(pk=pk)
    _require(permissions.can_see_value(request.user, value))
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        _require(permissions.can_review_value(request.user, value))
        if form.is_valid():
            try:
                if request.POST.get("decision") == "approve":
                    services.approve_value(user=request.user, value=value, comment=form.cleaned_data["comment"])
                    messages.success(request, _("The value is approved and locked."))
                else:
                    services.return_value(user=request.user, value=value, comment=form.cleaned_data["comment"])
                    messages.success(request, _("The value is returned to its department."))
            except DomainError as error:
                show_domain_error(form, error)
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
    value = selectors.value_with_indicator(pk=pk)
    _require(
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
    value = selectors.value_with_indicator(pk=pk)
    _require(permissions.can_enter_value(request.user, value.indicator))
    try:
        services.submit_value(user=request.user, value=value)
        messages.success(request, _("The value is submitted for approval."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("monitoring:value", pk=value.pk)


@login_required
def audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.indicator_in_plan(pk=pk)
    _require(permissions.can_see_audit_trail(request.user, item))
    return render(
        request, "monitoring/audit.html", {"indicator": item, "entries": selectors.audit_trail(indicator=item)}
    )


@login_required
def import_values(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    _require(permissions.can_import_values(request.user))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise DomainError(_("The spreadsheet may be at most 5 MB."), field="file")
            result = services.import_values(user=request.user, plan=plan, content=upload.read(), filename=upload.name)
        except DomainError as error:
            show_domain_error(form, error)
    return render(request, "monitoring/import.html", {"plan": plan, "form": form, "result": result})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notification_read(user=request.user, notification_id=object_id(request.POST))
        return redirect("monitoring:notifications")
    return render(
        request, "monitoring/notifications.html", {"notices": selectors.notifications_of(user=request.user)[:100]}
    )


# --- Budget and actual dates --------------------------------------------------------------------------------------


@login_required
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    _require(permissions.can_use_staff_dashboard(request.user) or permissions.can_record_budget(request.user))
    may_record = permissions.can_record_budget(request.user)
    lines = selectors.budget_lines(plan=plan)
    post = request.POST if request.method == "POST" else None
    line_form = forms.BudgetLineForm(post if post and "planned_eur" in post else None, plan=plan)
    entry_form = forms.BudgetEntryForm(post if post and "amount_eur" in post else None, lines=lines)
    if post is not None:
        _require(may_record)
        form = line_form if "planned_eur" in post else entry_form
        if form.is_valid():
            try:
                if form is line_form:
                    services.save_budget_line(user=request.user, plan=plan, **form.cleaned_data)
                else:
                    services.record_budget_entry(user=request.user, **form.cleaned_data)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:budget", slug=plan.slug)
    context = {
        "plan": plan,
        "summary": selectors.budget_summary(plan=plan),
        "lines": lines,
        "entries": selectors.recent_budget_entries(plan=plan),
        "line_form": line_form if may_record else None,
        "entry_form": entry_form if may_record else None,
    }
    return render(request, "monitoring/budget.html", context)


@login_required
def action_dates(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    action = next((a for a in plan.all_actions() if a.code == code), None)
    if action is None:
        raise Http404(_("The plan has no such action."))
    _require(permissions.can_record_action_dates(request.user))
    current = getattr(action, "monitoring_settings", None)
    initial = {
        "actual_start": getattr(current, "actual_start", None),
        "actual_end": getattr(current, "actual_end", None),
    }
    form = forms.ActionDatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_action_dates(user=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The dates are saved."))
            return redirect("monitoring:timeline", slug=plan.slug)
    return render(request, "monitoring/action_dates.html", {"plan": plan, "action": action, "form": form})


# --- Steering Committee -------------------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    _require(permissions.can_see_internal_reports(request.user))
    may_manage = permissions.can_manage_meetings(request.user)
    form = forms.MeetingForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        _require(may_manage)
        if form.is_valid():
            try:
                meeting = services.schedule_meeting(user=request.user, plan=plan, **form.cleaned_data)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                return redirect("monitoring:meeting", pk=meeting.pk)
    return render(
        request, "monitoring/meetings.html", {"plan": plan, "meetings": selectors.meetings_of(plan=plan), "form": form}
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.meeting_detail(pk=pk)
    _require(permissions.can_see_internal_reports(request.user))
    may_manage = permissions.can_manage_meetings(request.user)
    post = request.POST if request.method == "POST" else None
    decision_form = forms.DecisionForm(post if post and "text" in post else None, meeting=found)
    minutes_form = forms.MinutesForm(post if post and "minutes" in post else None, initial={"minutes": found.minutes})
    if post is not None:
        _require(may_manage)
        form = decision_form if "text" in post else minutes_form
        if form.is_valid():
            try:
                if form is decision_form:
                    services.record_decision(user=request.user, meeting=found, **form.cleaned_data)
                else:
                    services.record_meeting_held(user=request.user, meeting=found, minutes=form.cleaned_data["minutes"])
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:meeting", pk=found.pk)
    may_record_council = permissions.can_record_council_outcome(request.user)
    for decision in found.decisions.all():
        pending = decision.council_status == Decision.Council.PENDING
        decision.council_form = (
            forms.CouncilForm(prefix=f"council-{decision.pk}") if pending and may_record_council else None
        )
    context = {
        "meeting": found,
        "plan": found.plan,
        "decision_form": decision_form if may_manage else None,
        "minutes_form": minutes_form if may_manage else None,
    }
    return render(request, "monitoring/meeting.html", context)


@login_required
@require_POST
def council_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=pk)
    _require(permissions.can_record_council_outcome(request.user))
    form = forms.CouncilForm(request.POST, prefix=f"council-{decision.pk}")
    if form.is_valid():
        try:
            services.record_council_outcome(
                user=request.user,
                decision=decision,
                approved=form.cleaned_data["outcome"] == "approved",
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
            )
            messages.success(request, _("The City Council's decision is recorded."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Give the Council's decision and its date."))
    return redirect("monitoring:meeting", pk=decision.meeting_id)


# --- Reports and exports ------------------------------------------------------------------------------------------


@login_required
@require_POST
def request_report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    _require(permissions.can_request_reports(request.user))
    form = forms.ReportRequestForm(
        request.POST, spans=selectors.periods_for_reports(plan=plan, today=timezone.localdate())
    )
    if form.is_valid():
        try:
            period = services.reporting_period(code=form.cleaned_data["period"], plan=plan)
            report = services.request_report(
                user=request.user,
                plan=plan,
                kind=form.cleaned_data["kind"],
                period=period,
                language=form.cleaned_data["language"],
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The report is being generated."))
            return redirect("monitoring:report", pk=report.pk)
    context = {"plan": plan, "reports": selectors.reports_of(plan=plan, include_internal=True), "form": form}
    return render(request, "monitoring/report_list.html", context, status=400)


@login_required
def evaluation_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    plan = selectors.plan_for_monitoring(slug=slug)
    _require(permissions.can_see_internal_reports(request.user))
    rows = selectors.evaluation_rows(plan=plan)
    columns = list(rows[0]) if rows else ["indicator", "period", "revision", "value"]
    filename = f"{plan.slug}-evaluation-data.{extension}"
    cells = ([row[column] for column in columns] for row in rows)
    if extension == "xlsx":
        return exports.xlsx_response(filename=filename, header=columns, rows=cells, sheet_title="values")
    return exports.csv_response(filename=filename, header=columns, rows=cells)
