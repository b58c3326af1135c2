"""Plain-dict form of the domain dataclasses, for storage and the exchange format.

`to_plain` drops fields that are `None` (absent means "not assessed"), so an
assessment written and read back is the same assessment. `from_plain` trusts
its input: validate documents from outside first (interop.assessment_json).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints


def to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is not None:
                out[f.name] = to_plain(item)
        return out
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def _convert(annotation: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _convert(options[0], raw)
    if origin is list:
        (item_type,) = get_args(annotation)
        return [_convert(item_type, v) for v in raw]
    if annotation is datetime:
        return datetime.fromisoformat(raw)
    if annotation is date:
        return date.fromisoformat(raw)
    if annotation is float and isinstance(raw, int | float):
        return float(raw)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return from_plain(annotation, raw)
    return raw


def from_plain[T](cls: type[T], data: dict[str, Any]) -> T:
    """Build dataclass `cls` from the plain form that `to_plain` made."""
    hints = _hints(typing.cast(Any, cls))
    kwargs = {
        f.name: _convert(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**kwargs)
