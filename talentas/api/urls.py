"""The JSON API under /api/v1/: the roof that mounts each domain app's router on the shared floor
(`talentas/core/api.py`: authentication, the one error format and its handlers, bounded pagination)."""

from talentas.accounts.api import router as accounts_router
from talentas.calls.api import router as calls_router
from talentas.core.api import ApiWithOneErrorFormat
from talentas.events.api import router as events_router
from talentas.forms.api import router as forms_router
from talentas.hiring.api import router as hiring_router
from talentas.monitoring.api import router as monitoring_router
from talentas.pitches.api import router as pitches_router
from talentas.plans.api import router as plans_router
from talentas.review.api import router as review_router
from talentas.talent.api import router as talent_router

api = ApiWithOneErrorFormat(
    title="Talentas API",
    version="1",
    description=(
        "Open data and services of the Talentas platform: the city's action plan, its actions and "
        "indicators. Public endpoints need no authentication; personal endpoints take a personal "
        "API token as `Authorization: Bearer <token>`. Every error is JSON: `detail`, `field`, `code`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)

api.add_router("/", accounts_router)
api.add_router("/", plans_router)
api.add_router("/", monitoring_router)
api.add_router("/", events_router)
api.add_router("/", talent_router)
api.add_router("/", hiring_router)
api.add_router("/", calls_router)
api.add_router("/", forms_router)
api.add_router("/", review_router)
api.add_router("/", pitches_router)
