"""Writes for accounts: profiles, roles, personal API tokens, and accounts made for people by invitation."""

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.core import rows
from talentas.core.city import city_name
from talentas.core.errors import DomainError, validate
from talentas.notices import services as notices

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
def update_profile(*, user: User, full_name: str, preferred_language: str, audience: str | None = None) -> User:
    """Save the person's name, language and (when given) who they are here; raises DomainError for a language
    the site does not speak or an unknown answer."""
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    fields = ["full_name", "preferred_language", "updated_at"]
    if audience is not None:
        user.audience = audience
        fields.append("audience")
    validate(user, exclude=["password"])
    user.save(update_fields=fields)
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


# A token's hash -> when this process last queued the write of its last_used_at.
_use_queued: dict[str, datetime] = {}
MAX_USES_REMEMBERED = 10_000
_TOKEN_COLUMNS = ("user", "secret_hash", "revoked_at", "last_used_at")


def _token_with_person(prefix: str) -> ApiToken | None:
    """The token with this prefix and its person, read fresh on every request (a revoked token or a deactivated
    person is refused at once), in one statement written out: every API call pays for this read, and building it
    as a QuerySet with select_related cost seven times what the database takes to answer it."""
    token_columns, token_fields = rows.columns(ApiToken, "t", _TOKEN_COLUMNS)
    user_columns, user_fields = rows.columns(User, "u")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {token_columns}, {user_columns} FROM {ApiToken._meta.db_table} t "  # noqa: S608 (names from the models)
            f"JOIN {User._meta.db_table} u ON u.{User._meta.pk.column} = t.{ApiToken.user.field.column} "
            "WHERE t.prefix = %s",
            [prefix],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    token = rows.instance(ApiToken, token_fields, row[: len(token_fields)])
    token.user = rows.instance(User, user_fields, row[len(token_fields) :])
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
    token = _token_with_person(prefix)
    if token is None or not hmac.compare_digest(token.secret_hash, _hash_token(raw_token)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # Until the queue has written it, every request of the token would queue the same write again; this
        # process queues it once per LAST_USED_PRECISION (a burst of calls with one token costs one task).
        queued = _use_queued.get(token.secret_hash)
        if queued is None or not timedelta(0) <= now - queued < LAST_USED_PRECISION:
            if len(_use_queued) >= MAX_USES_REMEMBERED:
                _use_queued.clear()
            _use_queued[token.secret_hash] = now
            # A conditional UPDATE, without save(): no read-modify-write race with a concurrent revoke.
            tasks.record_api_token_use(token.pk, now, now - LAST_USED_PRECISION)
    return token.user


# ----------------------------------------------------------------------------------------- invitations
# Accounts made for people by someone else (an import, the first owner of an organisation) get no password
# anybody knows and an invitation with a link where the person sets their own. Hashing a throw-away password
# costs about half a second a person with the production hasher, which made importing 1,000 people take
# minutes; an unusable password costs nothing. The link is allauth's own password-reset link, so setting the
# password, its rules and its expiry are those of "Forgot your password?".

INVITATION_KEY = "accounts.invitation"


def password_set_path(user: User) -> str:
    """The path (in the active language) of the page where `user` sets a password; it stops working once a
    password is set or after PASSWORD_RESET_TIMEOUT."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )


@transaction.atomic
def invite_account(*, email: str, full_name: str = "", preferred_language: str = "", reason: notices.Text = "") -> User:
    """A new account for `email` with an unusable password and a verified address, and an invitation sent
    (a notice, e-mailed once the transaction commits) in `preferred_language` with the link to set a password.

    `reason` says in a sentence why the account was made (a lazy string or a function that writes it, so
    it is rendered in the person's language). The caller checks first that no account has this e-mail.
    """
    language = preferred_language if preferred_language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    user = User.objects.create_user(
        email=email.strip().lower(), password=None, full_name=full_name.strip(), preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)

    def body() -> str:
        lines = [
            _("Hello %(name)s,") % {"name": user.get_full_name()},
            str(reason() if callable(reason) else reason),
            _(
                "An account on the Talentas platform (%(city)s) has been made for you with this e-mail address. "
                "Choose your password with the link below (it works for %(days)s days; after that, use "
                '"Forgot your password?" on the sign-in page).'
            )
            % {"city": city_name(), "days": days},
        ]
        return "\n\n".join(line for line in lines if line)

    notices.notify(
        user=user,
        key=INVITATION_KEY,
        title=lambda: _("Your account on Talentas (%(city)s)") % {"city": city_name()},
        body=body,
        url=lambda: password_set_path(user),
    )
    return user
