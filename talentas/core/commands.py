"""The base of management commands whose output people read: in English, the language of the operators'
documentation and logs, unless `--language` asks for another one of the site's languages."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

COMMAND_LANGUAGE = "en"


class CommandInALanguage(BaseCommand):
    """A command whose messages (its own and the domain errors it reports) are written in `--language`."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=COMMAND_LANGUAGE,
            help=f"The language of the command's output (default: {COMMAND_LANGUAGE}).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("language") or COMMAND_LANGUAGE):
            return super().execute(*args, **options)
