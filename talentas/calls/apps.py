from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "talentas.calls"
    verbose_name = _("Calls and programmes")

    def ready(self) -> None:
        from talentas.core.selectors import HomeBlock, add_home_block

        from . import metrics  # noqa: F401  (registers the calls.* metrics)
        from .selectors import open_calls_for_home

        add_home_block(
            HomeBlock("calls", "calls/partials/home_calls.html", open_calls_for_home), before="opportunities"
        )
