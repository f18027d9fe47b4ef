"""Part 12, no side doors: records that only a service may change (it checks the rules, writes the audit entry
and tells the people concerned) cannot be added, changed or deleted through the Django admin, not even inline."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from talentas.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# app_label.model_name of every record a service owns. Monitoring's are here too: its admin already was so.
SERVICE_OWNED = {
    "audit.auditentry",
    "notices.notice",
    "events.registration",
    "events.feedback",
    "events.calendarfeed",
    "events.steamlesson",
    "organisations.organisationclaim",
    "organisations.membership",
    "talent.opportunity",
    "talent.contactrequest",
    "talent.message",
    "monitoring.indicatorvalue",
    "monitoring.valueauditentry",
}
# Fields of editable records that only a service sets.
SERVICE_OWNED_FIELDS = {"organisations.organisation": {"verification", "verified_by", "verified_at"}}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@pytest.fixture
def superuser_request():
    request = RequestFactory().get("/en/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def _can_write(model_admin, request) -> list[str]:
    # An inline's add check takes the parent object; a page's does not.
    is_inline = isinstance(model_admin, admin.options.InlineModelAdmin)
    can_add = model_admin.has_add_permission(request, None) if is_inline else model_admin.has_add_permission(request)
    checks = {
        "add": can_add,
        "change": model_admin.has_change_permission(request, None),
        "delete": model_admin.has_delete_permission(request, None),
    }
    return [what for what, allowed in checks.items() if allowed]


def test_service_owned_records_are_read_only_in_the_admin(superuser_request):
    open_doors = []
    for model, model_admin in admin.site._registry.items():
        if _label(model) in SERVICE_OWNED and _can_write(model_admin, superuser_request):
            open_doors.append(f"{_label(model)}: {_can_write(model_admin, superuser_request)}")
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            if _label(inline.model) in SERVICE_OWNED and _can_write(inline, superuser_request):
                open_doors.append(f"{_label(model)} inline {_label(inline.model)}")
        owned_fields = SERVICE_OWNED_FIELDS.get(_label(model), set())
        editable = owned_fields - set(model_admin.get_readonly_fields(superuser_request))
        if editable:
            open_doors.append(f"{_label(model)} fields {sorted(editable)}")
    assert open_doors == []


def test_the_walk_sees_the_admin_pages_it_guards():
    registered = {_label(model) for model in admin.site._registry}
    # Contact requests and messages are not in the admin at all; everything else must be found by the walk.
    assert SERVICE_OWNED - {"talent.contactrequest", "talent.message"} <= registered
