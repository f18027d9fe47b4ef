from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentas.accounts import selectors, services
from talentas.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a personal API token for the account with this e-mail address and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The e-mail address the person logs in with.")
        parser.add_argument("--name", default="Command line", help="What the token is for (default: %(default)s).")

    def handle(self, *args, email: str, name: str, **options) -> None:
        user = selectors.user_with_email(email)
        if user is None:
            raise CommandError(f"No active account uses the e-mail address {email!r}.")
        try:
            _token, raw_token = services.create_api_token(user=user, name=name)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"Token {name!r} for {user.email}. Keep it secret; it will not be shown again:")
        self.stdout.write(raw_token)
