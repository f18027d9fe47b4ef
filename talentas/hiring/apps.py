from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "talentas.hiring"
    verbose_name = _("Job applications")

    def ready(self) -> None:
        from . import metrics  # noqa: F401  (connects applications to the placements metric's data version)
