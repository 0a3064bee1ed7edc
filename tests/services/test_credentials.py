"""Database passwords in the system keyring (services/credentials.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from necst_desktop.services import credentials as cred

URL = "postgresql://necst_app@db01.example.org:5433/necst"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring: what a desktop's Credential Manager / Keychain would hold."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_key_names_user_host_port_and_database() -> None:
    """The keyring entry is named user@host:port/db, with PostgreSQL's default port filled in."""
    assert cred.credential_key(URL) == "necst_app@db01.example.org:5433/necst"
    assert cred.credential_key("postgresql+psycopg://u@h/d") == "u@h:5432/d"


def test_password_saved_in_keyring_and_put_back_into_the_url(memory_keyring: MemoryKeyring) -> None:
    """A saved password is stored under the URL's key and added to a URL that has none."""
    assert cred.keyring_available()
    assert cred.save_password(URL, "s3cret/with:odd@chars")
    assert memory_keyring.store == {(cred.SERVICE, "necst_app@db01.example.org:5433/necst"):
                                    "s3cret/with:odd@chars"}
    resolved = cred.resolve(URL)
    assert resolved is not None and resolved != URL
    assert cred.password_in(resolved) == "s3cret/with:odd@chars"
    assert cred.strip_password(resolved) == URL
    cred.forget_password(URL)
    assert cred.load_password(URL) is None
    cred.forget_password(URL)  # forgetting twice is harmless


def test_urls_with_password_or_sqlite_are_left_alone(memory_keyring: MemoryKeyring) -> None:
    """Only a server URL without a password is completed; SQLite files are never touched."""
    cred.save_password(URL, "from-keyring")
    explicit = cred.with_password(URL, "typed")
    assert cred.resolve(explicit) == explicit
    assert cred.resolve("sqlite:///tmp/x.sqlite") == "sqlite:///tmp/x.sqlite"
    assert cred.resolve(None) is None
    assert not cred.is_server_url("sqlite:///tmp/x.sqlite")


def test_headless_machine_falls_back_to_asking(no_keyring: None) -> None:
    """Without a keyring backend nothing is stored, nothing fails, and the password is asked."""
    assert not cred.keyring_available()
    assert cred.save_password(URL, "pw") is False
    assert cred.load_password(URL) is None
    asked: list[str] = []

    def ask(url: str) -> str | None:
        asked.append(url)
        return "typed at the prompt"

    resolved = cred.resolve(URL, ask)
    assert asked == [URL]
    assert resolved is not None and cred.password_in(resolved) == "typed at the prompt"
    assert cred.resolve(URL) == URL  # nobody to ask: try without (trust / certificate auth)


def test_refusing_keyring_does_not_break_saving(memory_keyring: MemoryKeyring,
                                                monkeypatch: Any) -> None:
    """A keyring that raises (locked, denied) makes save return False instead of crashing."""
    def refuse(*_a: Any) -> None:
        raise RuntimeError("keyring locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    assert cred.save_password(URL, "pw") is False


def test_password_errors_recognised() -> None:
    """Connection errors that mean 'wrong or missing password' are told apart from others."""
    assert cred.needs_password('FATAL:  password authentication failed for user "x"')
    assert cred.needs_password("fe_sendauth: no password supplied")
    assert not cred.needs_password("could not translate host name")
