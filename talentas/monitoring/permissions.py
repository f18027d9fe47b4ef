"""Who may do what in monitoring. Each check answers for anonymous people too (always "no") and builds on the
platform roles of `talentas.accounts.permissions`:

| check                      | who                                                                                 |
| -------------------------- | ----------------------------------------------------------------------------------- |
| can_enter_value(indicator) | the department's indicator owners, M&E officers, admins; never if a module feeds it |
| can_submit_value(value)    | whoever may enter the value's indicator (can_enter_value)                           |
| can_review_value(value)    | M&E officers, plan managers, admins; never a value they entered or last changed     |
| can_see_value(value)       | approved values: everyone; others: who may enter or review them                     |
| can_see_audit_trail        | the indicator's department and the M&E team                                         |
| can_use_staff_dashboard    | monitoring roles: M&E, plan managers, indicator owners, Steering Committee          |
| can_record_budget          | Finance and Investment's indicator owners, M&E officers, plan managers, admins      |
| can_edit_indicator_settings | plan managers and M&E officers (can_run_monitoring): weight, baseline, goals...   |
| can_record_action_dates    | plan managers and M&E officers (can_run_monitoring)                                 |
| can_see_internal_reports   | M&E officers, plan managers, Steering Committee (can_see_steering_reports)          |
| can_see_report(report)     | annual public reports: everyone; quarterly ones: can_see_internal_reports           |
| can_import_values          | whoever may enter some department's values (each row is checked)                    |
| can_see_import(record)     | the person who uploaded the spreadsheet, and the M&E team                           |
"""

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser
from talentas.core.choices import ResponsibleEntity

from .progress import automatic_metric


def can_enter_value(user: AnyUser, indicator) -> bool:
    return automatic_metric(indicator.metric) is None and roles.can_record_indicator_values(user, indicator.responsible)


def can_submit_value(user: AnyUser, value) -> bool:
    return can_enter_value(user, value.indicator)


def can_review_value(user: AnyUser, value) -> bool:
    """Four eyes: an M&E officer who neither entered the value nor last changed it."""
    me = getattr(user, "pk", None)
    return roles.can_run_monitoring(user) and me not in (value.entered_by_id, value.last_changed_by_id)


def can_see_value(user: AnyUser, value) -> bool:
    if value.state == "approved":
        return True
    return roles.can_run_monitoring(user) or roles.can_record_indicator_values(user, value.indicator.responsible)


def can_use_staff_dashboard(user: AnyUser) -> bool:
    return roles.can_see_steering_reports(user) or bool(roles.indicator_departments(user))


def can_see_audit_trail(user: AnyUser, indicator) -> bool:
    return roles.can_run_monitoring(user) or roles.can_record_indicator_values(user, indicator.responsible)


def can_record_budget(user: AnyUser) -> bool:
    """Commitments and expenditures: the Finance and Investment Department (its indicator owners), and the plan's
    managers and M&E officers, who may record for it."""
    return roles.can_manage_plan(user) or roles.can_record_indicator_values(
        user, ResponsibleEntity.FINANCE_AND_INVESTMENT
    )


def can_edit_indicator_settings(user: AnyUser) -> bool:
    return roles.can_run_monitoring(user)


def can_record_action_dates(user: AnyUser) -> bool:
    return roles.can_run_monitoring(user)


def can_see_internal_reports(user: AnyUser) -> bool:
    return roles.can_see_steering_reports(user)


def can_request_reports(user: AnyUser) -> bool:
    return roles.can_run_monitoring(user)


def can_see_report(user: AnyUser, report) -> bool:
    return report.is_public or can_see_internal_reports(user)


def can_import_values(user: AnyUser) -> bool:
    """Open the import page: whoever may enter values for some department (each row is checked on its own)."""
    return roles.can_run_monitoring(user) or roles.is_platform_admin(user) or bool(roles.indicator_departments(user))


def can_see_import(user: AnyUser, record) -> bool:
    """The person who uploaded the spreadsheet, and the M&E team."""
    return user.is_authenticated and (record.requested_by_id == user.pk or roles.can_run_monitoring(user))
