from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talentas.talent"
    verbose_name = _("Talent marketplace")

    def ready(self) -> None:
        from talentas.core import pictures

        from . import metrics  # noqa: F401  (registers this module's metrics with monitoring)
        from .permissions import can_view_photo

        pictures.register_viewer_check("photo", can_view_photo)
