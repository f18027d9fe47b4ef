"""One export and one erasure of a person's data, to which every app contributes its part (GDPR articles 15-17, 20).

Each app registers a part in its `personal_data.py` module (found by `CoreConfig.ready`): the models it answers for,
an exporter that returns JSON-ready data, and an eraser that removes what deleting the account would not (files,
search indexes, rows that do not cascade). `erase_personal_data` runs every eraser and then deletes the account, so
what cascades goes with it and what only points at the person (an indicator value they entered) loses the pointer.

A test walks every model with a foreign key to the user model and fails when no part names it, so a new model cannot
hold personal data without being exported and erased.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

if TYPE_CHECKING:
    from talentas.accounts.models import User


@dataclass(frozen=True)
class PersonalDataPart:
    name: str
    models: tuple[str, ...]  # "app_label.ModelName" of every model whose rows this part exports and erases
    export: Callable[["User"], Any]
    erase: Callable[["User"], None]


_parts: dict[str, PersonalDataPart] = {}


def register(
    name: str,
    *,
    models: tuple[str, ...],
    export: Callable[["User"], Any],
    erase: Callable[["User"], None] | None = None,
) -> None:
    """Add an app's part; `erase` may be left out when deleting the account removes or unlinks everything."""
    _parts[name] = PersonalDataPart(name=name, models=models, export=export, erase=erase or (lambda user: None))


def registered_parts() -> list[PersonalDataPart]:
    return list(_parts.values())


def covered_models() -> set[str]:
    return {label for part in _parts.values() for label in part.models}


def export_personal_data(*, user: "User") -> str:
    """Everything the platform keeps about the person, one section per part, as JSON."""
    data = {part.name: part.export(user) for part in _parts.values()}
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def erase_personal_data(*, user: "User") -> None:
    """Delete the account and every personal datum; files are removed once the transaction commits."""
    for part in _parts.values():
        part.erase(user)
    user.delete()
