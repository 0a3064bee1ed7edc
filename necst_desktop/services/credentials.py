"""PostgreSQL passwords in the system keyring, never in a settings file.

A database URL is saved without its password (``postgresql://necst_app@db01:5432/necst``); the
password lives in the operating system's keyring (Windows Credential Manager, macOS Keychain,
Secret Service on Linux) under the service name :data:`SERVICE`, keyed by
``user@host:port/database``. When connecting, a URL without a password gets it from the keyring.

A machine without a keyring backend (a headless server, a locked-down desktop) is not an error:
:func:`keyring_available` says so, saving returns False, and the window asks for the password at
each start instead.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SERVICE = "NECST Suite Planner database"
log = logging.getLogger(__name__)


def _parse(url: str | URL) -> URL | None:
    if isinstance(url, URL):
        return url
    try:
        return make_url(url.strip())
    except (ArgumentError, ValueError):
        return None


def is_server_url(url: str | URL | None) -> bool:
    """True for a PostgreSQL URL (the only kind that has a password)."""
    parsed = _parse(url) if url else None
    return parsed is not None and parsed.get_backend_name() == "postgresql"


def credential_key(url: str | URL) -> str:
    """The keyring entry name for a server URL: ``user@host:port/database``."""
    parsed = _parse(url)
    if parsed is None:
        raise ValueError(f"'{url}' is not a database URL")
    return (f"{parsed.username or ''}@{parsed.host or 'localhost'}:{parsed.port or 5432}"
            f"/{parsed.database or ''}")


def strip_password(url: str) -> str:
    """The URL as it may be saved or shown: any password removed."""
    parsed = _parse(url)
    if parsed is None or parsed.password is None:
        return url.strip()
    return str(parsed._replace(password=None).render_as_string(hide_password=False))


def password_in(url: str) -> str | None:
    parsed = _parse(url)
    return None if parsed is None or parsed.password is None else str(parsed.password)


def with_password(url: str, password: str) -> str:
    parsed = _parse(url)
    if parsed is None:
        return url
    return str(parsed.set(password=password).render_as_string(hide_password=False))


def keyring_available() -> bool:
    """Is there a usable keyring backend on this machine? (Headless machines have none.)"""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return True


def save_password(url: str, password: str) -> bool:
    """Store the password of ``url``'s user in the keyring; False when there is no keyring."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, credential_key(url), password)
    except Exception as exc:  # a locked or refusing keyring: ask each time instead
        log.warning("the keyring refused to store the database password: %s", type(exc).__name__)
        return False
    return True


def load_password(url: str) -> str | None:
    """The stored password for ``url``, or None (none stored, or no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        value = keyring.get_password(SERVICE, credential_key(url))
    except Exception:
        return None
    return value if value else None


def forget_password(url: str) -> None:
    if not keyring_available():
        return
    import keyring

    with contextlib.suppress(Exception):  # nothing stored, or a refusing keyring
        keyring.delete_password(SERVICE, credential_key(url))


def resolve(url: str | None, ask: Callable[[str], str | None] | None = None) -> str | None:
    """The URL to connect with: a server URL without password gets it from the keyring.

    When the keyring has none, the URL is returned as it is (a server with trust or certificate
    authentication needs no password); :func:`needs_password` tells from a failed connection
    whether to ``ask`` and try again.
    """
    if not url or not is_server_url(url) or password_in(url) is not None:
        return url
    stored = load_password(url)
    if stored is not None:
        return with_password(url, stored)
    if ask is not None:
        answer = ask(url)
        if answer:
            return with_password(url, answer)
    return url


def needs_password(error_text: str) -> bool:
    """Does a connection error say the server wants a (different) password?"""
    low = error_text.lower()
    return ("password authentication failed" in low or "no password supplied" in low
            or "fe_sendauth" in low)


#: the keyring service under which ``necst login`` keeps its short-lived session token
SESSION_SERVICE = "NECST Suite Planner session"


def session_key(url: str | URL) -> str:
    """The keyring entry of a database's CLI session: the server key, or the SQLite file."""
    parsed = _parse(url)
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        return f"sqlite:{parsed.database or ''}"
    return credential_key(url)


def save_token(url: str | URL, token: str) -> bool:
    """Keep a ``necst login`` session token; False when there is no keyring."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(SESSION_SERVICE, session_key(url), token)
    except Exception as exc:
        log.warning("the keyring refused to store the session: %s", type(exc).__name__)
        return False
    return True


def load_token(url: str | URL) -> str | None:
    if not keyring_available():
        return None
    import keyring

    try:
        value = keyring.get_password(SESSION_SERVICE, session_key(url))
    except Exception:
        return None
    return value or None


def forget_token(url: str | URL) -> None:
    if not keyring_available():
        return
    import keyring

    with contextlib.suppress(Exception):
        keyring.delete_password(SESSION_SERVICE, session_key(url))
