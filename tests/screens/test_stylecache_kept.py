"""The parsed stylesheet kept between starts (lesson_tui/tui/stylecache.py): a second start
parses nothing it finds kept, and a kept file that is damaged, of another Textual or not
a rule file at all is not used (the CSS is parsed as without it), never a traceback."""

from __future__ import annotations

import os
import pickle
import sys

import pytest
import textual.css.stylesheet as textual_stylesheet
from textual.app import App, ComposeResult
from textual.widgets import Static

from lesson_tui.tui import stylecache


class Kept(stylecache.SharedStyles, App[None]):
    CSS = """
    #line { color: $accent; padding: 0 1; }
    Static.wide { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("drie", id="line")


@pytest.fixture
def fresh(monkeypatch):
    """A process that has parsed nothing yet and read no kept file."""
    monkeypatch.setattr(stylecache, "_RULES", {})
    monkeypatch.setattr(stylecache, "_state", {"loaded": None, "added": False, "atexit": True})
    parsed: list[str] = []
    parse = textual_stylesheet.parse

    def counting(scope, css, *args, **kwargs):
        parsed.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return parsed


async def _start() -> str:
    app = Kept()
    async with app.run_test(size=(30, 3)) as pilot:
        await pilot.pause()
        return str(app.query_one("#line").styles.color)


def _new_process(monkeypatch) -> None:
    monkeypatch.setattr(stylecache, "_RULES", {})
    monkeypatch.setattr(stylecache, "_state", {"loaded": None, "added": False, "atexit": True})


async def test_a_second_start_parses_nothing_it_finds_kept(fresh, monkeypatch):
    colour = await _start()
    assert any("Static.wide" in css for css in fresh)  # the first start parsed our CSS
    stylecache.keep()
    path = stylecache.kept_path()
    assert path.is_file()
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o077 == 0  # the user's own file
        assert path.parent.stat().st_mode & 0o077 == 0
    _new_process(monkeypatch)
    fresh.clear()
    assert await _start() == colour  # the same styles, read back
    assert fresh == []  # and not one parse: every widget's CSS and ours came from the file
    mtime = path.stat().st_mtime_ns
    stylecache.keep()  # nothing new parsed: the file is not written again
    assert path.stat().st_mtime_ns == mtime


async def test_a_start_that_parsed_something_new_keeps_it_for_the_next(fresh, monkeypatch):
    await _start()
    stylecache.keep()
    _new_process(monkeypatch)
    fresh.clear()

    class Other(stylecache.SharedStyles, App[None]):
        CSS = "#line { color: red; }"

        def compose(self) -> ComposeResult:
            yield Static("vier", id="line")

    async with Other().run_test(size=(30, 3)) as pilot:
        await pilot.pause()
    assert "#line { color: red; }" in fresh  # parsed: no earlier start had it
    assert Static.DEFAULT_CSS not in fresh  # what one had is not parsed again
    stylecache.keep()
    kept = pickle.loads(stylecache.kept_path().read_bytes())
    assert any("color: red" in key[0][0] for key in kept["rules"])  # the new CSS is in it
    assert any("Static.wide" in key[0][0] for key in kept["rules"])  # and the old still


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"schema": 1, "textual": ("another textual",), "rules": {}})[:-3],  # cut off
        pickle.dumps(["a list"]),
        pickle.dumps({"schema": 99, "rules": {}}),
        pickle.dumps({"schema": 1, "textual": None, "rules": {("x",): ["y"]}}),
    ],
    ids=["empty", "garbage", "half-written", "not-a-dict", "other-schema", "no-stamp"],
)
async def test_a_kept_file_that_is_damaged_or_foreign_is_not_used(fresh, monkeypatch, content):
    await _start()
    stylecache.keep()
    _new_process(monkeypatch)
    stylecache.kept_path().write_bytes(content)
    fresh.clear()
    await _start()  # no traceback: the app starts
    assert any("Static.wide" in css for css in fresh)  # parsed, as without a kept file
    stylecache.keep()
    kept = pickle.loads(stylecache.kept_path().read_bytes())  # and written anew, whole
    assert kept["textual"] == stylecache._textual_stamp()


async def test_rules_kept_by_another_textual_are_not_used(fresh, monkeypatch):
    await _start()
    stylecache.keep()
    path = stylecache.kept_path()
    doc = pickle.loads(path.read_bytes())
    assert doc["textual"] == stylecache._textual_stamp() and doc["textual"]
    doc["textual"] = (*doc["textual"][:-1], doc["textual"][-1] + 1)  # its parser was rewritten
    path.write_bytes(pickle.dumps(doc))
    _new_process(monkeypatch)
    fresh.clear()
    await _start()
    assert any("Static.wide" in css for css in fresh)


def test_a_cache_folder_that_cannot_be_written_costs_a_parse_not_a_start(fresh, monkeypatch, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setattr(stylecache, "kept_path", lambda: blocked / "styles.pickle")
    stylecache._RULES[("css", "x")] = []
    stylecache._state["added"] = True
    stylecache.keep()  # no exception
    stylecache.load_kept()
    assert not (blocked / "styles.pickle").exists()
    assert os.path.isfile(blocked)
