from lesson_tui.base.i18n import catalogue, placeholders, set_language, t


def test_catalogues_have_the_same_keys_and_placeholders():
    nl, en = catalogue("nl"), catalogue("en")
    assert set(nl) == set(en)
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key


def test_switching_language():
    set_language("en")
    assert t("check.not_found") == "does not exist"
    set_language("nl")
    assert t("check.not_found") == "bestaat niet"


def test_every_key_used_in_the_code_exists():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "lesson_tui"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue("nl"))
    assert not missing


def test_english_says_the_dutch_domain_words_in_english():
    """The DOMAIN glossary's English words: track / tracks for spoor / sporen, small group for
    miniklas (issue 16.20); the phase the lesson moves on to is named in English."""
    import re

    english = catalogue("en")
    dutch = re.compile(r"\b(spoor|sporen|miniklas|zelfstandig|vrijwillig|aanwezig)\b", re.IGNORECASE)
    assert not [k for k, v in english.items() if dutch.search(v.replace("{spoor}", ""))]
    assert not [k for k, v in english.items() if "on to JIJ" in v]
    assert "the Dutch words" in english["keyhelp.cfu_letters"]  # why j h f a stay


def test_the_question_picker_asks_for_a_class_number_not_a_question_number():
    """Issue 16.18: "of typ meteen een nummer" read as a question's number; what is typed
    there is a pupil's class number (it starts marking at once)."""
    assert "klasnummer" in catalogue("nl")["ui.cfu_choose"]
    assert "class number" in catalogue("en")["ui.cfu_choose"]


# --- the catalogues kept between starts (keep_catalogues_in) --------------------------------

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from lesson_tui.base import i18n  # noqa: E402


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A fresh catalogue cache in memory and on disk (a folder two levels deep, not there yet)."""
    folder = tmp_path / "state" / "cache"
    monkeypatch.setattr(i18n, "_kept_in", folder)
    i18n.catalogue.cache_clear()
    yield folder / "locale-nl.json"
    i18n.catalogue.cache_clear()


def _toml_read(monkeypatch) -> list[int]:
    calls: list[int] = []
    import tomllib  # as `catalogue` imports it when it reads a TOML

    real = tomllib.loads

    def counting(text):
        calls.append(1)
        return real(text)

    monkeypatch.setattr(tomllib, "loads", counting)
    return calls


def test_a_catalogue_read_once_is_kept_and_the_next_start_does_not_read_the_toml(kept, monkeypatch):
    monkeypatch.setattr(i18n, "_kept_in", None)
    i18n.catalogue.cache_clear()
    from_toml = dict(catalogue("nl"))
    monkeypatch.setattr(i18n, "_kept_in", kept.parent)
    i18n.catalogue.cache_clear()
    assert catalogue("nl") == from_toml
    assert kept.is_file()
    if sys.platform != "win32":
        assert kept.stat().st_mode & 0o077 == 0
        assert kept.parent.parent.stat().st_mode & 0o077 == 0
    reads = _toml_read(monkeypatch)
    i18n.catalogue.cache_clear()  # the next start
    assert catalogue("nl") == from_toml
    assert reads == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: {**doc, "digest": "0" * 32},  # kept for another version of the TOML
        lambda doc: {**doc, "schema": 99},
        lambda doc: {**doc, "messages": {"home.title": 3}},
        lambda doc: [doc],
    ],
)
def test_a_kept_catalogue_of_other_toml_or_another_shape_is_read_again_from_the_toml(kept, monkeypatch, damage):
    expected = dict(catalogue("nl"))
    doc = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps(damage(doc)), encoding="utf-8")
    reads = _toml_read(monkeypatch)
    i18n.catalogue.cache_clear()
    assert catalogue("nl") == expected
    assert reads == [1]
    assert json.loads(kept.read_text(encoding="utf-8"))["digest"] == doc["digest"]  # written again


def test_a_damaged_or_unwritable_cache_never_stops_the_messages(kept, monkeypatch):
    expected = dict(catalogue("nl"))
    kept.write_bytes(b"\x00{ half a file")
    i18n.catalogue.cache_clear()
    assert catalogue("nl") == expected
    i18n.catalogue.cache_clear()
    monkeypatch.setattr(i18n, "_kept_in", kept / "not-a-folder")  # under a file: cannot be made
    assert catalogue("nl") == expected
    assert sorted(os.listdir(kept.parent)) == ["locale-nl.json"]  # no temp file left behind
