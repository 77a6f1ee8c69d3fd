"""People who use the web app and API: accounts with a role, login sessions, API tokens, login attempts.

Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106's second recommended profile).
Session and API tokens are random 256-bit strings given to the client once; only their SHA-256
is stored, so a copy of the database cannot be used to log in.  Account changes (add, role,
disable, token) are written to the audit log in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from rightsledger.errors import LedgerError
from rightsledger.store import audit
from rightsledger.store.ledger import Ledger, now
from rightsledger.store.schema import Base

ROLES = ("viewer", "analyst", "reviewer", "admin")  # each role may do everything the ones before it may
MIN_PASSWORD = 10
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
_hasher = PasswordHasher()
_dummy: dict[int, str] = {}


def _dummy_hash() -> str:
    """Verified against when the user does not exist, so a wrong name costs as long as a wrong password."""
    if _hasher.time_cost not in _dummy:
        _dummy.clear()
        _dummy[_hasher.time_cost] = _hasher.hash("not a password of anyone")
    return _dummy[_hasher.time_cost]


class AccountError(LedgerError):
    """A user name, role, password or token is unknown or not acceptable."""


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(40))


class LoginSessionRow(Base):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))


class LoginAttemptRow(Base):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200))
    ip: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[str] = mapped_column(String(40))


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool
    created_at: str

    def can(self, role: str) -> bool:
        """True when this user's role includes ``role``'s rights."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class LoginSession:
    user: User
    csrf: str
    expires_at: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, bool(row.disabled), row.created_at)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


class Accounts:
    """Users, sessions and tokens of one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self._sessions = sessionmaker(ledger.engine, expire_on_commit=False)

    # -- users -------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, by: str) -> User:
        if not _NAME.fullmatch(name):
            raise AccountError(
                f"user name {name!r} must be 1-100 letters, digits or . _ @ - "
                "and start with a letter or digit"
            )
        check_role(role)
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        row = UserRow(
            name=name, role=role, password_hash=_hasher.hash(password), disabled=False, created_at=now()
        )
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()
                _audit(session, by, "user.add", name, {"role": role})
                return _user(row)
        except IntegrityError:
            raise AccountError(f"a user named {name!r} already exists") from None

    def users(self) -> list[User]:
        with self._sessions() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]

    def get_user(self, name: str) -> User:
        with self._sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise AccountError(f"no user named {name!r}; `rightsledger user list` shows them")
            return _user(row)

    def set_role(self, name: str, role: str, *, by: str) -> User:
        check_role(role)
        with self._sessions.begin() as session:
            row = self._row(session, name)
            before, row.role = row.role, role
            _audit(session, by, "user.role", name, {"role": role, "before": before})
            return _user(row)

    def disable(self, name: str, *, by: str) -> User:
        """Disable an account and end its sessions and tokens (the row stays, for the audit trail)."""
        with self._sessions.begin() as session:
            row = self._row(session, name)
            row.disabled = True
            session.execute(delete(LoginSessionRow).where(LoginSessionRow.user_id == row.id))
            session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
            _audit(session, by, "user.disable", name, {})
            return _user(row)

    @staticmethod
    def _row(session: Session, name: str) -> UserRow:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise AccountError(f"no user named {name!r}; `rightsledger user list` shows them")
        return row

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs and the account is enabled, else None."""
        with self._sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == name))
        try:
            _hasher.verify(row.password_hash if row is not None else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        return _user(row)

    # -- login attempts (rate limit) ---------------------------------------------------------

    def record_login(self, name: str, ip: str, ok: bool) -> None:
        with self._sessions.begin() as session:
            session.add(LoginAttemptRow(username=name[:200], ip=ip[:64], ok=ok, at=now()))

    def recent_failures(self, name: str, ip: str, window: timedelta) -> tuple[int, int]:
        """Failed logins in the last ``window`` (for this user name, from this address)."""
        since = _iso(datetime.now(UTC) - window)
        base = select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.ok.is_(False), LoginAttemptRow.at >= since
        )
        with self._sessions() as session:
            by_name = session.scalar(base.where(LoginAttemptRow.username == name[:200])) or 0
            by_ip = session.scalar(base.where(LoginAttemptRow.ip == ip[:64])) or 0
        return by_name, by_ip

    # -- sessions ----------------------------------------------------------------------------

    def start_session(self, user: User, lifetime: timedelta) -> tuple[str, LoginSession]:
        """A new session for ``user``: (the token for the cookie, the session)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = _iso(datetime.now(UTC) + lifetime)
        with self._sessions.begin() as session:
            session.add(
                LoginSessionRow(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    csrf=csrf,
                    created_at=now(),
                    expires_at=expires,
                )
            )
        return token, LoginSession(user, csrf, expires)

    def session(self, token: str) -> LoginSession | None:
        """The live session of this cookie token (None when unknown, expired or the user is disabled)."""
        with self._sessions() as session:
            found = session.execute(
                select(LoginSessionRow, UserRow)
                .join(UserRow, UserRow.id == LoginSessionRow.user_id)
                .where(LoginSessionRow.token_hash == token_hash(token))
            ).first()
        if found is None:
            return None
        row, user = found
        if row.expires_at <= now() or user.disabled:
            return None
        return LoginSession(_user(user), row.csrf, row.expires_at)

    def end_session(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(LoginSessionRow).where(LoginSessionRow.token_hash == token_hash(token)))
            session.execute(delete(LoginSessionRow).where(LoginSessionRow.expires_at <= now()))

    # -- API tokens --------------------------------------------------------------------------

    def create_token(self, name: str, *, label: str | None = None, by: str) -> str:
        """A new API token for user ``name``; returned once, only its hash is kept."""
        token = "rl_" + secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            row = self._row(session, name)
            if row.disabled:
                raise AccountError(f"user {name!r} is disabled")
            tok = ApiTokenRow(token_hash=token_hash(token), user_id=row.id, label=label, created_at=now())
            session.add(tok)
            session.flush()
            _audit(session, by, "token.create", name, {"token": tok.id, "label": label})
        return token

    def token_user(self, token: str) -> User | None:
        with self._sessions() as session:
            row = session.scalar(
                select(UserRow)
                .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                .where(ApiTokenRow.token_hash == token_hash(token))
            )
        if row is None or row.disabled:
            return None
        return _user(row)


def _audit(session: Session, by: str, action: str, name: str, payload: dict[str, object]) -> None:
    audit.append(session, at=now(), actor=by, action=action, target=f"user:{name}", payload=payload)
