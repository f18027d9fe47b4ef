from urllib.parse import urlsplit

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def name_the_site(using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """After every migrate and flush, the sites row that django.contrib.sites (re)creates as "example.com" is named
    after the deployment (migration 0004 does it once; a flush, as transactional tests do, brings example.com back).
    A row someone renamed is left alone. Like Django's own create_default_site, it reads the model from the migration
    state, so `migrate core` on an empty database (sites not migrated yet) passes by."""
    try:
        Site = apps.get_model("sites", "Site")
    except LookupError:
        return
    Site.objects.using(using).filter(pk=settings.SITE_ID, domain="example.com").update(
        name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or "localhost"
    )


class AccountsConfig(AppConfig):
    name = "talentas.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Sent for each app after django.contrib.sites' own handler, which comes earlier in INSTALLED_APPS.
        post_migrate.connect(name_the_site, sender=self, dispatch_uid="talentas.accounts.name_the_site")
