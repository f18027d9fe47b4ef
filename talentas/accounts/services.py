"""Writes for accounts: profiles, roles and personal API tokens."""

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.core.errors import DomainError, validate

from . import tasks
from .models import ApiToken, Role, RoleAssignment, User
from .permissions import forget_roles

TOKEN_PREFIX_LENGTH = 8
TOKEN_SECRET_BYTES = 32
MAX_ACTIVE_TOKENS = 20
# A busy script may call the API many times a second; one write a minute is enough to tell when a token was used.
LAST_USED_PRECISION = timedelta(minutes=1)
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


@transaction.atomic
def update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    """Save the person's name and language; raises DomainError for a language the site does not speak."""
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    validate(user, exclude=["password"])
    user.save(update_fields=["full_name", "preferred_language", "updated_at"])
    return user


@transaction.atomic
def password_needs_setting(*, email: str, password: str) -> bool:
    """True when no account has this e-mail or it does not log in with `password`.

    One password hash (a large share of a second): a loader of many accounts that share a password asks this of
    one of them and passes `check_password=False` to `ensure_verified_account` when it says no.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    return user is None or not user.check_password(password)


def ensure_verified_account(
    *,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str = "lt",
    is_superuser: bool = False,
    check_password: bool = True,
) -> User:
    """The account with this e-mail, made if missing, able to log in with `password` at once (e-mail verified).

    Running it again creates nothing and keeps the person's own profile edits; only a password that
    no longer matches is set again (not even checked with `check_password=False`), and a superuser stays one.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            preferred_language=preferred_language,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
    elif check_password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
    if is_superuser and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser", "updated_at"])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def grant_role(*, user: User, role: Role | str, department: str | None = None) -> RoleAssignment:
    """Give `user` the role; granting a role the person holds changes nothing.

    Raises DomainError (field "department") when an indicator owner has no department or another
    role is given one: the database refuses both too.
    """
    department = department or None
    assignment = RoleAssignment.objects.filter(user=user, role=role, department=department).first()
    if assignment is None:
        if (role == Role.INDICATOR_OWNER) != (department is not None):
            raise DomainError(_("Indicator owners need a department; other roles take none."), field="department")
        assignment = RoleAssignment(user=user, role=role, department=department)
        validate(assignment)
        assignment.save()
    forget_roles(user)
    return assignment


def _hash_token(raw_token: str) -> str:
    # The secret carries 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(TOKEN_PREFIX_LENGTH))
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with the raw token, which is never stored and cannot be shown again.

    Raises DomainError (field "name") for an empty or duplicate name, or when the person already has
    MAX_ACTIVE_TOKENS active tokens.
    """
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    # Lock the person's row so two simultaneous requests cannot both pass the checks below.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    active_names = set(ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("name", flat=True))
    if name in active_names:
        raise DomainError(_("You already have an active token with this name."), field="name", status_code=409)
    if len(active_names) >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            _("You have %(count)d active tokens, the most allowed. Revoke one you no longer use.")
            % {"count": MAX_ACTIVE_TOKENS},
            field="name",
        )
    prefix = _new_prefix()
    raw_token = f"{settings.API_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(TOKEN_SECRET_BYTES)}"
    token = ApiToken(user=user, name=name, prefix=prefix, secret_hash=_hash_token(raw_token))
    validate(token)
    token.save()
    return token, raw_token


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (revoking twice changes nothing).

    Raises DomainError 404 when the token does not exist or belongs to someone else, so that
    nobody learns which token ids exist.
    """
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise DomainError(_("There is no such token among yours."), status_code=404)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_api_token(raw_token: str) -> User | None:
    """The active person a raw token belongs to, or None.

    Refuses malformed, unknown, revoked tokens and tokens of deactivated people. The hash is
    compared in constant time. `last_used_at` is written at most once per LAST_USED_PRECISION, by the task
    queue: a request never waits for that write's commit (on PostgreSQL, a disk flush).
    """
    raw_token = (raw_token or "").strip()
    start = settings.API_TOKEN_PREFIX
    if not raw_token.startswith(start) or len(raw_token) > 200:
        return None
    prefix, separator, secret = raw_token[len(start) :].partition("_")
    if not separator or not secret or len(prefix) != TOKEN_PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash_token(raw_token)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # A conditional UPDATE, without save(): no read-modify-write race with a concurrent revoke.
        tasks.record_api_token_use(token.pk, now, now - LAST_USED_PRECISION)
    return token.user
