"""One problem found in a lesson file: the field it is in and what is wrong, in the
teacher's language. Its own module, so the schema (pydantic) and the plan both use it
without importing each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
