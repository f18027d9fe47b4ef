from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "talentas.calls"
    verbose_name = _("Calls and programmes")

    def ready(self) -> None:
        from . import metrics  # noqa: F401  (registers the calls.* metrics)
