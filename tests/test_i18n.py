from lesson_tui.i18n import catalogue, placeholders, set_language, t


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

    root = Path(__file__).resolve().parents[1] / "lesson_tui"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue("nl"))
    assert not missing
