from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "talentas.plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from . import metrics  # noqa: F401  (the plan's models feed the cached plan pages)
