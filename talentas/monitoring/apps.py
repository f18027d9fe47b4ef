from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "talentas.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from talentas.plans.status import register_status_provider

        from . import tasks  # noqa: F401  (registers the periodic tasks)
        from .plan_status import statuses_of_plan

        register_status_provider(statuses_of_plan)  # the status tags on the plan's public pages
