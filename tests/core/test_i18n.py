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
