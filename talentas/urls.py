from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from talentas.api.urls import api
from talentas.core import views as core_views

# Language-neutral: machines and infrastructure.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("pictures/<str:token>/<int:width>.webp", core_views.picture, name="picture"),
]

# People-facing pages live under /lt/ and /en/ so every page has one URL per language.
urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("styleguide/", core_views.styleguide, name="styleguide"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("talentas.accounts.urls")),
    path("organisations/", include("talentas.organisations.urls")),
    path("plans/", include("talentas.plans.urls")),
    path("monitoring/", include("talentas.monitoring.urls")),
    path("monitoring/", include("talentas.governance.urls")),  # same addresses as before the split
    path("events/", include("talentas.events.urls")),
    path("talent/", include("talentas.talent.urls")),
    path("hiring/", include("talentas.hiring.urls")),
    path("calls/", include("talentas.calls.urls")),
    path("pitches/", include("talentas.pitches.urls")),
    path("review/", include("talentas.review.urls")),
    path("cohorts/", include("talentas.cohorts.urls")),
    path("forms/", include("talentas.forms.urls")),
    path("notices/", include("talentas.notices.urls")),
    path("audit/", include("talentas.audit.urls")),
    path("api/", include("talentas.api.page_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("dev/outbox/", core_views.dev_outbox, name="dev_outbox"),
    path("dev/outbox/<int:email_id>/", core_views.dev_outbox_message, name="dev_outbox_message"),
    prefix_default_language=True,
)
