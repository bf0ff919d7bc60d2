"""Two versions of a lesson on the home screen: one line in the lesson list, `enter` shows
what differs, and 1 / 2 / 3 keep this one, the copy, or both; nothing is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList
from tui_helpers import app_for, wait_for

from lesson_tui.plan.lessonplan import example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.settings import scan_lessons
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.versions import VersionsScreen

COPY = "water.sync-conflict-20261123-101500-ABCDEF7.toml"


def _two_versions(root: Path) -> tuple[Path, Path]:
    own = layout.own_lessons_dir(root)
    own.mkdir(parents=True, exist_ok=True)
    text = (example_lessons_dir() / "waterkringloop.toml").read_text(encoding="utf-8")
    text = text.replace('id = "waterkringloop"', 'id = "water"').replace("De kringloop van het water", "Water")
    (own / "water.toml").write_text(text, encoding="utf-8")
    (own / COPY).write_text(text.replace("minuten = 4", "minuten = 7", 1), encoding="utf-8")
    return own / "water.toml", own / COPY


def _lines(app) -> list[str]:
    options = app.screen.query_one("#lesson-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _open_versions(pilot) -> None:
    app = pilot.app
    lessons = app.screen.query_one("#lesson-list", OptionList)
    lessons.focus()
    lessons.highlighted = _lines(app).index('⇄ twee versies van "Water"')
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, VersionsScreen))


@pytest.mark.parametrize(
    ("key", "kept"),
    [("1", "water.toml gehouden"), ("2", "de kopie is nu water.toml"), ("3", "allebei gehouden")],
)
async def test_the_two_versions_are_one_line_and_each_key_keeps_what_it_says(store, clock, key, kept):
    original, copy = _two_versions(store.root)
    mine, theirs = original.read_bytes(), copy.read_bytes()
    app = app_for(store, scan_lessons(store.root, []), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = _lines(app)
        assert lines.count('⇄ twee versies van "Water"') == 1
        assert [line for line in lines if line.startswith("Water")] == ["Water · wereldoriëntatie"]  # the copy is none
        await _open_versions(pilot)
        assert "fase 1 minuten:" in str(app.screen.query_one("#versions-diff").render())
        await pilot.press("escape")  # changes nothing
        assert isinstance(app.screen, HomeScreen) and copy.exists()
        await _open_versions(pilot)
        await pilot.press(key)
        assert await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert any(kept in n.message for n in app._notifications)
        assert not [line for line in _lines(app) if line.startswith("⇄")]
    archived = sorted(p.read_bytes() for p in layout.archive_dir(store.root).glob("*.toml"))
    assert archived == sorted([theirs] if key != "2" else [mine])
    assert not copy.exists()
    lessons = scan_lessons(store.root, []).lessons
    assert lessons["water"][0] == original
    assert lessons["water"][0].read_bytes() == (theirs if key == "2" else mine)
    if key == "3":
        assert lessons["water-kopie"][1].titel == "Water (kopie)"
        assert lessons["water-kopie"][1].fase[0].minuten == 7
    else:
        assert "water-kopie" not in lessons


def test_versions_snapshot(snap_compare, store, clock):
    _two_versions(store.root)
    app = app_for(store, scan_lessons(store.root, []), clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_versions)
