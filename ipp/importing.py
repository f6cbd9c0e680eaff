"""Runs a JSON Lines import: each line all or nothing, bad lines reported by number."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session


class LineError(ValueError):
    """A line whose content is not acceptable; the message says why."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"created {self.created}, updated {self.updated}, "
                f"unchanged {self.unchanged}, rejected {self.rejected}")


def import_lines(session: Session, lines: Iterable[str],
                 upsert: Callable[[Session, dict], str]) -> ImportResult:
    """`upsert` returns "created", "updated" or "unchanged", or raises LineError."""
    result = ImportResult()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise LineError("a line must be a JSON object")
            with session.begin_nested():
                outcome = upsert(session, obj)
        except json.JSONDecodeError as error:
            result.rejected += 1
            result.errors.append((number, f"not valid JSON: {error.msg}"))
            continue
        except LineError as error:
            result.rejected += 1
            result.errors.append((number, str(error)))
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def require_str(obj: dict, key: str, *, max_len: int = 2000, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if optional:
            return None
        raise LineError(f"{key}: required")
    if not isinstance(value, str):
        raise LineError(f"{key}: must be a string")
    value = value.strip()
    if len(value) > max_len:
        raise LineError(f"{key}: longer than {max_len} characters")
    return value


def str_list(obj: dict, key: str) -> list[str]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LineError(f"{key}: must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def nice_class_list(obj: dict, key: str, *, optional: bool = False) -> list[int] | None:
    value = obj.get(key)
    if value is None:
        return None if optional else []
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool)
                                              for v in value):
        raise LineError(f"{key}: must be a list of whole numbers")
    if any(v < 1 or v > 45 for v in value):
        raise LineError(f"{key}: Nice classes run from 1 to 45")
    return sorted(set(value))
