from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "talentas.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's part of the personal-data export and erasure (core.personal_data).
        autodiscover_modules("personal_data")
