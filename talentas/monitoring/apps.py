from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "talentas.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the periodic tasks)
