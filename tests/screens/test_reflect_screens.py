"""The teacher looks back (#22): the picker's "least asked this week", the lesson page, the
attention overview and the kijkwijzer; pilot tests and snapshots."""

from __future__ import annotations

import json

import pytest
from builders import scripted_lesson
from textual.widgets import DataTable, Input
from tui_helpers import app_for

from lesson_tui.store import layout
from lesson_tui.store.device import device_id
from lesson_tui.store.settings import Settings
from lesson_tui.tui.screens.closing import ClosingScreen
from lesson_tui.tui.screens.history import HistoryScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.picker import PickerScreen
from lesson_tui.tui.screens.reflect import AttentionScreen, KijkwijzerScreen, LessonPageScreen


async def test_w_in_the_picker_favours_the_least_asked_this_week(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, PickerScreen)
        jar = lambda: str(app.screen.query_one("#picker-jar").render())  # noqa: E731
        assert "minst een beurt" not in jar()
        await pilot.press("w")
        assert Settings(store.root).least_asked is True and "minst een beurt" in jar()
        await pilot.press("w")
        assert Settings(store.root).least_asked is False and "minst een beurt" not in jar()


# --- the lesson page, the attention overview, the kijkwijzer ------------------------------

SIZES = [(80, 24), (160, 45)]


def _text(screen, selector):
    return str(screen.query_one(selector).render())


def _scripted(store, plan, clock, lessons=1):
    for _ in range(lessons):
        scripted_lesson(store, plan, clock)
        clock.advance(3600)


async def test_the_lesson_page_from_the_history(store, library, clock, plan):
    _scripted(store, plan, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        app.screen.query_one("#history-runs", DataTable).focus()
        await pilot.press("enter")
        page = app.screen
        assert isinstance(page, LessonPageScreen)
        phases = page.query_one("#reflect-phases", DataTable)
        assert [str(c) for c in phases.get_row_at(0)] == ["Voorkennis activeren", "4:00", "5:00", "+1:00"]
        assert [str(c) for c in phases.get_row_at(2)] == ["IK", "8:00 (+2:00)", "10:00", "+2:00"]
        assert page.query_one("#reflect-rounds", DataTable).row_count == 5
        split = _text(page, "#reflect-split")
        assert "Voorstellen aangepast: 1: Elif Kaya (1 → 3)" in split and "Miniklas: 5 leerlingen (maximum 6)" in split
        assert "Jules Claes verliet de miniklas om 09:37" in split
        assert "2 beurt(en)" in _text(page, "#reflect-picks")
        assert "Rustig gewerkt." in _text(page, "#reflect-closing")
        await pilot.press("e")
        written = sorted(p.suffix for p in (store.root / "exporten").iterdir())
        assert written == [".html", ".md"]
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_the_lesson_page_from_the_closing(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        clock.advance(300)
        app.push_screen(ClosingScreen(app.screen.lesson))
        await pilot.pause()
        await pilot.press("R", "u", "s", "t", "i", "g", "f2")
        page = app.screen
        assert isinstance(page, LessonPageScreen)
        assert page.review.notes == {"process_1": "Rustig"}  # saved before looking back
        assert "Nog geen beurt" not in _text(page, "#reflect-picks")
        await pilot.press("escape")
        assert isinstance(app.screen, ClosingScreen)


async def test_attention_this_week_and_the_week_before(store, library, clock, plan):
    _scripted(store, plan, clock, lessons=3)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "a")
        screen = app.screen
        assert isinstance(screen, AttentionScreen)
        assert "2026-11-23 – 2026-11-29" in _text(screen, "#attention-title")
        table = screen.query_one("#attention-pupils", DataTable)
        jules = [str(c) for c in table.get_row_at(8)]
        assert jules == ["Jules Claes", "3", "0", "6", "0", "15 (3/3)", "0"]
        signals = _text(screen, "#attention-signals")
        assert "Aandacht per leerling (3 lessen)" in signals and "Altijd in de miniklas: Amira El Idrissi" in signals
        await pilot.press("p")
        assert "2026-11-16 – 2026-11-22" in _text(screen, "#attention-title")
        assert "Geen lessen van deze klas" in _text(screen, "#attention-signals")
        await pilot.press("n", "escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_the_kijkwijzer_scores_notes_and_focus(store, library, clock, plan):
    _scripted(store, plan, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, KijkwijzerScreen)
        table = screen.query_one("#kijk-items", DataTable)
        assert table.row_count == 12
        for _ in range(5):
            await pilot.press("down")  # 2.5 Kleine lesafsluiting
        assert "kleine lesafsluiting met splitsing: 1 van 1 lessen" in _text(screen, "#kijk-detail")
        await pilot.press("4", "f", "enter")
        assert isinstance(screen.focused, Input) and screen.focused.id == "kijk-note"
        await pilot.press(*"ok", "enter", *"vaker", "enter")
        assert screen.focused is table
        own = json.loads((layout.reflections_dir(store.root) / f"{device_id()}.json").read_text(encoding="utf-8"))
        sheet = own["periodes"]["2026-11-23..2026-11-29"]
        assert sheet["items"]["edi_5"] | {"at": 0} == {"score": 4, "notitie": "ok", "aanpak": "vaker", "at": 0}
        assert sheet["focus"]["item"] == "edi_5"
        assert [str(c) for c in table.get_row_at(5)] == ["2.5 Kleine lesafsluiting ★", "4", "-"]
        assert "Focus voor deze periode: 2.5 Kleine lesafsluiting" in _text(screen, "#kijk-focus")
        await pilot.press("n")  # next week: the score of this week is "before"
        assert [str(c) for c in table.get_row_at(5)] == ["2.5 Kleine lesafsluiting", "-", "4"]
        await pilot.press("e")
        assert sorted(p.name for p in (store.root / "exporten").iterdir()) == [
            "kijkwijzer-2026-11-30.html", "kijkwijzer-2026-11-30.md"
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("opener", ["page", "attention", "kijkwijzer"])
async def test_klasveilig_hides_the_teachers_look_back(store, library, clock, plan, opener):
    _scripted(store, plan, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        if opener == "page":
            app.screen.query_one("#history-runs", DataTable).focus()
            await pilot.press("enter")
        elif opener == "attention":
            await pilot.press("a")
        else:
            await pilot.press("escape", "r")
        screen = app.screen
        body = screen.query_one(screen.BODY)
        assert body.display
        await pilot.press("k")
        assert app.klasveilig and not body.display
        hidden = screen.query_one(".reflect-hidden")
        assert hidden.display and "klasveilig" in str(hidden.render())
        await pilot.press("k")
        assert body.display and not hidden.display


async def test_a_look_back_is_never_on_the_board(store, library, clock, plan):
    """The class board draws `board_view` of the lesson only: none of these screens is a
    board, and the board's module knows none of them."""
    from pathlib import Path

    import lesson_tui.tui.board_app as board_app

    source = Path(board_app.__file__).read_text(encoding="utf-8")
    assert "reflect" not in source and "kijkwijzer" not in source.lower()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_lesson_page(snap_compare, store, library, clock, plan, size):
    _scripted(store, plan, clock)
    app = app_for(store, library, clock)

    async def walk(pilot):
        await pilot.press("h")
        app.screen.query_one("#history-runs", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_attention(snap_compare, store, library, clock, plan, size):
    _scripted(store, plan, clock, lessons=3)
    app = app_for(store, library, clock)

    async def walk(pilot):
        await pilot.press("h", "a")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_kijkwijzer(snap_compare, store, library, clock, plan, size):
    _scripted(store, plan, clock)
    app = app_for(store, library, clock)

    async def walk(pilot):
        await pilot.press("r", "down", "down", "down", "3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=walk)


async def test_a_lesson_whose_file_is_damaged_is_named_not_a_crash(store, library, clock, plan):
    _scripted(store, plan, clock, lessons=2)
    path = store.root / store.runs()[0].path  # the older one (the newest feeds "voor de volgende les")
    path.write_text('{"run": {"1": ', encoding="utf-8")  # half synced
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        app.screen.query_one("#history-runs", DataTable).focus()
        await pilot.press("down", "enter")  # the rows are newest first
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # stays, and says why
        assert any(path.name in str(n.message) for n in app._notifications)


async def test_attention_and_kijkwijzer_leave_out_a_damaged_lesson_and_say_so(store, library, clock, plan):
    _scripted(store, plan, clock, lessons=2)
    path = store.root / store.runs()[0].path
    path.write_text("kapot", encoding="utf-8")
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "a")
        assert "Aandacht per leerling (1 lessen)" in _text(app.screen, "#attention-signals")
        await pilot.press("escape", "escape", "r")
        assert isinstance(app.screen, KijkwijzerScreen) and app.screen.view.lessons == 1
        assert sum(path.name in str(n.message) for n in app._notifications) >= 2
