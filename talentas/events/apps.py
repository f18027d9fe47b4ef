from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "talentas.events"
    verbose_name = _("Events and learning")

    def ready(self) -> None:
        from . import metrics  # noqa: F401  (registers this module's metrics with monitoring)
