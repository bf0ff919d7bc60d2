"""JSON read with orjson reads to exactly what the standard library gives, and fails with
the standard library's own error (lesson_tui/base/jsonread.py): a faster read never reads a
file differently, never calls a good file damaged, and never says another message."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base import jsonread

# what json.dumps can write, including what orjson refuses to read: NaN and infinities,
# lone surrogates, integers beyond 64 bits
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["\ud800", "caf\u00e9", "\U0001f600", "a\x00b"])
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


def standard(data: bytes | str):
    """(value, None) or (None, (error type, message)) as the standard library reads it."""
    try:
        return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data), None
    except (ValueError, RecursionError) as error:
        return None, (type(error), str(error))


def ours(data: bytes | str):
    try:
        return jsonread.loads(data), None
    except (ValueError, RecursionError) as error:
        return None, (type(error), str(error))


def same(a, b) -> bool:
    # NaN is not equal to itself: compare as the standard library writes them
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False) and type(a) is type(b)


@given(values, st.booleans(), st.booleans())
def test_every_document_json_writes_reads_to_the_same_value(value, ascii_only, as_bytes):
    text = json.dumps(value, ensure_ascii=ascii_only)
    data = text.encode("utf-8", "surrogatepass") if as_bytes else text
    if as_bytes and not ascii_only and any("\ud800" <= c <= "\udfff" for c in text):
        data = text.encode("utf-8", "replace")  # not valid UTF-8 otherwise: no file holds it
    expected, expected_error = standard(data)
    found, error = ours(data)
    assert error == expected_error
    assert same(found, expected)


@given(values, st.data())
def test_a_damaged_or_cut_document_fails_with_the_standard_librarys_own_error(value, data):
    raw = json.dumps({"events": {"1": value}}, ensure_ascii=False).encode("utf-8", "replace")
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    junk = data.draw(st.binary(max_size=3))
    damaged = raw[:cut] + junk + raw[cut + len(junk) :]
    expected, expected_error = standard(damaged)
    found, error = ours(damaged)
    assert error == expected_error, damaged
    assert same(found, expected)


@pytest.mark.parametrize(
    "text",
    [
        "[NaN, Infinity, -Infinity]",
        "[1e400, -1e999]",
        '"\\ud800"',
        str(2**70),
        str(2**64),
        str(-(2**63) - 1),
        '{"a": [' + str(-(10**19 - 1)) + ', "x"]}',
        "[" * 5000 + "]" * 5000,
        "\ufeff{}",
        "{} x",
        "",
    ],
    ids=["nan", "too-large", "lone-surrogate", "big-int", "2**64", "below-int64", "negative-19-digits", "deep", "bom", "trailing", "empty"],
)
def test_what_orjson_refuses_is_read_as_the_standard_library_reads_it(text):
    assert str(ours(text)) == str(standard(text)) and str(ours(text.encode())) == str(standard(text.encode()))


def test_without_orjson_the_standard_library_reads_alone(monkeypatch):
    monkeypatch.setattr(jsonread, "orjson", None)
    assert jsonread.loads(b'{"a": [1, 2.5, "\\u00e9"]}') == {"a": [1, 2.5, "\u00e9"]}
    with pytest.raises(json.JSONDecodeError):
        jsonread.loads(b"{")
