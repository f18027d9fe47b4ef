"""The "Apply" block on an opportunity's page, so the talent app's page shows it without knowing this app."""

from django import template

from talentas.talent import permissions as talent_permissions

from .. import selectors

register = template.Library()


@register.inclusion_tag("hiring/partials/apply_block.html", takes_context=True)
def apply_block(context, opportunity):
    request = context["request"]
    user = request.user
    can_manage = talent_permissions.can_manage_opportunity(user, opportunity)
    return {
        "request": request,
        "user": user,
        "opportunity": opportunity,
        "can_manage": can_manage,
        "listed": talent_permissions.is_listed_opportunity(opportunity),
        "application": None if can_manage else selectors.application_of(user, opportunity),
        "applicant_count": selectors.applicant_count(opportunity) if can_manage else 0,
    }
