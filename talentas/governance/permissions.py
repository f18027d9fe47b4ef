"""Who may do what in governance. Each check answers for anonymous people too (always "no") and builds on the
platform roles of `talentas.accounts.permissions`:

| check                      | who                                                                        |
| -------------------------- | -------------------------------------------------------------------------- |
| can_see_meetings           | M&E officers, plan managers, Steering Committee (can_see_steering_reports) |
| can_manage_meetings        | plan managers and M&E officers (can_run_monitoring)                        |
| can_record_council_outcome | plan managers and admins (can_manage_plan)                                 |
"""

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser


def can_see_meetings(user: AnyUser) -> bool:
    return roles.can_see_steering_reports(user)


def can_manage_meetings(user: AnyUser) -> bool:
    return roles.can_run_monitoring(user)


def can_record_council_outcome(user: AnyUser) -> bool:
    return roles.can_manage_plan(user)
