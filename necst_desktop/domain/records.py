"""Convert domain dataclasses to and from plain JSON-able records.

A record is what the audit trail stores as old and new value, what the persistence layer keeps in
JSON columns and what commands carry. One generic codec, driven by the dataclass type hints, so
that no entity needs hand-written (de)serialisation.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from .errors import ValidationError

T = TypeVar("T")

JSON = None | bool | int | float | str | list["JSON"] | dict[str, "JSON"]


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def encode(value: Any) -> Any:
    """Turn a domain value into a JSON-able value (datetimes as ISO 8601 UTC)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime cannot be recorded")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_record(value)
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [encode(v) for v in value]
        if isinstance(value, (frozenset, set)):
            items.sort(key=str)
        return items
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def to_record(obj: Any) -> dict[str, Any]:
    """All dataclass fields of ``obj`` as a JSON-able dict."""
    return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _decode(tp: Any, value: Any, field: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        return _decode(non_none[0], value, field)
    if value is None:
        return None
    if tp is Any:
        return value
    if origin in (tuple, frozenset, list):
        item_tp = args[0] if args else Any
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ValidationError(field, "must be a list")
        items = [_decode(item_tp, v, field) for v in value]
        return frozenset(items) if origin is frozenset else tuple(items)
    if origin is dict:
        key_tp, val_tp = args if args else (Any, Any)
        if not isinstance(value, dict):
            raise ValidationError(field, "must be a mapping")
        return {_decode(key_tp, k, field): _decode(val_tp, v, field) for k, v in value.items()}
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            try:
                return tp(value)
            except ValueError:
                allowed = ", ".join(str(m.value) for m in tp)
                raise ValidationError(field, f"'{value}' is not one of: {allowed}") from None
        if tp is datetime:
            if isinstance(value, datetime):
                dt = value
            else:
                try:
                    dt = datetime.fromisoformat(str(value))
                except ValueError:
                    raise ValidationError(field, f"'{value}' is not a date and time") from None
            if dt.tzinfo is None:
                # Stored values are UTC; SQLite hands them back naive.
                dt = dt.replace(tzinfo=UTC)
            return dt
        if tp is date:
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(field, f"'{value}' is not a date (YYYY-MM-DD)") from None
        if dataclasses.is_dataclass(tp):
            if isinstance(value, tp):
                return value
            if not isinstance(value, dict):
                raise ValidationError(field, "must be a mapping")
            return from_record(tp, value)
        if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if tp is int and isinstance(value, float) and value.is_integer():
            return int(value)
        if tp in (int, str, bool) and not isinstance(value, tp):
            kind = {int: "a whole number", str: "text", bool: "yes or no"}[tp]
            raise ValidationError(field, f"must be {kind}, not {value!r}")
        if tp is float and not isinstance(value, (int, float)):
            raise ValidationError(field, f"must be a number, not {value!r}")
    return value


def day_of(text: str) -> date:
    """A date typed as YYYY-MM-DD (ValueError for anything else)."""
    return date.fromisoformat(text)


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Build (and so validate) a ``cls`` from a record; unknown keys are an error."""
    hints = _hints(cls)  # type: ignore[arg-type]
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(record) - names
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"is not a field of {cls.__name__}")
    kwargs = {k: _decode(hints[k], v, k) for k, v in record.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValidationError(cls.__name__, str(exc)) from None
