"""Reading JSON: with orjson when it can, with the standard library when it cannot.

The data folder is read as JSON at every start (the runs index, 1.7 MB with three school
years) and a school view reads thousands of run files; the standard library parses that
in about three times the time orjson does. orjson is stricter (no NaN, no infinity
from a number too large, no lone surrogate, nesting of at most 1,024): whatever it refuses
is read again with `json`. It reads an integer beyond 64 bits as a float, where `json`
gives the integer: a document with a run of 20 digits (or a minus and 19) anywhere, which
none of ours has, is read with `json` alone. So every document reads to exactly what
`json.loads` gives, and a damaged one fails with `json`'s own error (its message is the
one the teacher sees); a property test holds the two to that.
Writing stays with `json` (storage writes byte for byte what TinyDB would).
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # a platform without its wheel: the standard library alone
    orjson = None  # type: ignore[assignment]


# every digit as "0" and a minus as "m" (other bytes as they are): a number too large for
# orjson's integers is then a run of 20 zeros, or "m" and 19 (a search, not a regex: 1 ms a MB)
_DIGITS = bytes.maketrans(b"123456789-", b"000000000m")
_LONG = b"0" * 20
_LONG_NEGATIVE = b"m" + b"0" * 19


def _fits_orjson(raw: bytes) -> bool:
    digits = raw.translate(_DIGITS)
    return _LONG not in digits and _LONG_NEGATIVE not in digits


def loads(data: bytes | str) -> Any:
    """`json.loads(data)` (bytes as UTF-8), faster: the same value, the same errors."""
    if orjson is not None:
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
        if _fits_orjson(raw):
            try:
                return orjson.loads(raw)
            except orjson.JSONDecodeError:
                pass  # said again below, by the standard library, in its words
    return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
