from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from talentas.core.commands import CommandInALanguage
from talentas.core.errors import DomainError
from talentas.organisations import services
from talentas.organisations.models import Organisation


class Command(CommandInALanguage):
    help = (
        "Create an organisation, listed in the directory, with its first owner: an existing account, or a new "
        "one (no password) invited by e-mail to set its password. With --verified the organisation is verified "
        "at once and may post opportunities. Recorded in the audit log."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-name", default="", help="The owner's full name, for a new account.")
        parser.add_argument(
            "--owner-language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of a new owner's invitation and account.",
        )
        parser.add_argument("--kind", choices=Organisation.Kind.values, default=Organisation.Kind.COMPANY)
        parser.add_argument("--website", default="")
        parser.add_argument("--verified", action="store_true", help="Verify the organisation at once.")

    def handle(self, *args, **options) -> None:
        try:
            organisation, owner, invited = services.create_organisation_with_owner(
                name=options["name"],
                kind=options["kind"],
                owner_email=options["owner_email"],
                owner_name=options["owner_name"],
                owner_language=options["owner_language"],
                website=options["website"],
                verified=options["verified"],
            )
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.message}" if error.field else str(error.message)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Organisation %(name)s (%(slug)s) created (%(verification)s). Owner: %(owner)s.")
                % {
                    "name": organisation.name,
                    "slug": organisation.slug,
                    "verification": organisation.get_verification_display(),
                    "owner": owner.email,
                }
            )
        )
        if invited:
            self.stdout.write(_("An invitation to set a password was e-mailed to %(owner)s.") % {"owner": owner.email})
