"""The board from the back row: both themes (t, remembered on this PC), the contrast of
every cell it draws, NO_COLOR, big names, and klasveilig on every variant."""

from __future__ import annotations

import random
import re

import pytest
from tui_helpers import wait_for, walk_board

from lesson_tui.base.contrast import contrast_ratio
from lesson_tui.rules.cfu import SYMBOL
from lesson_tui.session.boardstyle import NON_TEXT_RATIO, REQUIRED_RATIO
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.settings import Settings
from lesson_tui.tui.board_app import make_board_app
from lesson_tui.tui.widgets.class_board import ClassBoard, NameBoard

THEMES = ["standaard", "contrast"]
SIZES = [(64, 20), (120, 35), (200, 55)]
SIZE_IDS = ["64x20", "120x35", "200x55"]
STAGES = ["waiting", "lesdoel", "question", "pick", "groups", "sporen", "closing", "ended"]


def board_app(store, clock, theme=None):
    if theme is not None:
        Settings(store.root).set_board_theme(theme)
    return make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.05)


def drawn_cells(app):
    """Every cell the screen draws that has ink: (character, foreground, background), the
    colours as the terminal gets them (after Textual's filters, NO_COLOR's among them)."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is None or not segment.text.strip():
                continue
            fg = style.color.get_truecolor() if style.color else None
            bg = style.bgcolor.get_truecolor() if style.bgcolor else None
            assert fg is not None and bg is not None, segment
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # the terminal dims it as it likes: a contrast nobody can promise
                fg = bg
            found.extend((char, tuple(fg), tuple(bg)) for char in segment.text if not char.isspace())
    return found


def is_line(char: str) -> bool:
    """A box-drawing character (a border): not text, 3:1 is asked of it."""
    return "\u2500" <= char <= "\u257f"


def low_contrast(app, theme):
    low = set()
    for char, fg, bg in drawn_cells(app):
        needed = NON_TEXT_RATIO if is_line(char) else REQUIRED_RATIO[theme]
        if contrast_ratio(fg, bg) < needed:
            low.add((char, fg, bg, round(contrast_ratio(fg, bg), 2)))
    return low


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("stage", ["lesdoel", "groups", "sporen"])
def test_board_snapshots_in_both_themes(snap_compare, store, plan, clock, theme, size, stage):
    walk_board(store, plan, clock, stage)
    assert snap_compare(board_app(store, clock, theme), terminal_size=size, run_before=lambda pilot: pilot.pause(0.2))


@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_cell_the_board_draws_has_its_contrast(store, plan, clock, theme, no_color, monkeypatch):
    """Walks every kind of board, the last minute and the time up included, in both themes
    and with NO_COLOR, and measures each drawn cell (WCAG: 7:1 high contrast, 4.5:1 else)."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    Settings(store.root).set_board_theme(theme)
    app = board_app(store, clock)
    assert app.board_theme == theme
    async with app.run_test(size=(120, 35)) as pilot:
        seen = []
        board = app.screen.query_one(ClassBoard)
        for stage in STAGES[:-1]:  # "ended" last: a lesson closed at once is not followed
            if stage != "waiting":
                walk_board(store, plan, clock, stage)
            kind = "lesson" if stage == "lesdoel" else stage
            assert await wait_for(pilot, lambda kind=kind: board._shown is not None and board._shown[0].kind == kind), stage
            await pilot.pause(0.05)
            assert low_contrast(app, theme) == set(), stage
            seen.append(len(drawn_cells(app)))
        run = walk_board(store, plan, clock, "lesdoel")  # in the phase's last minute
        assert await wait_for(pilot, lambda: board.has_class("-last-minute"))
        assert low_contrast(app, theme) == set()
        clock.advance(60)  # the time is up: the clock in the overtime colour
        assert await wait_for(pilot, lambda: board.has_class("-overtime"))
        await pilot.pause(1.2)  # past the flash
        assert low_contrast(app, theme) == set()
        assert all(seen) and run is not None
        if no_color:  # nothing but greys
            assert all(len(set(fg)) == 1 and len(set(bg)) == 1 for _, fg, bg in drawn_cells(app))
    run.close()  # the board of a lesson that is over: "ended"
    store.update_run_summary(run)
    ended = make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.05, run_id=run.run_id)
    async with ended.run_test(size=(120, 35)) as pilot:
        board = ended.screen.query_one(ClassBoard)
        assert await wait_for(pilot, lambda: board._shown is not None and board._shown[0].kind == "ended")
        assert low_contrast(ended, theme) == set()


async def test_t_switches_the_theme_and_this_pc_remembers_it(store, plan, clock):
    walk_board(store, plan, clock, "sporen")
    app = board_app(store, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause(0.1)
        assert app.board_theme == "standaard" and app.theme == "lesson-tui"
        black = drawn_cells(app)
        await pilot.press("t")
        await pilot.pause(0.1)
        assert app.board_theme == "contrast" and app.theme == "lesson-tui-contrast"
        assert {bg for _, _, bg in drawn_cells(app)} == {(0, 0, 0)} != {bg for _, _, bg in black}
    assert Settings(store.root).board_theme == "contrast"  # this PC's state folder, not the data folder
    assert "board_theme" not in (store.root / "instellingen.json").read_text(encoding="utf-8") if (
        store.root / "instellingen.json").exists() else True
    again = board_app(store, clock)
    async with again.run_test(size=(64, 20)) as pilot:
        assert again.theme == "lesson-tui-contrast"
        await pilot.press("t")
    assert Settings(store.root).board_theme == "standaard"


async def test_t_on_the_teachers_board_view_too(store, library, clock, plan):
    from tui_helpers import app_for

    app = app_for(store, library, clock, school_class=store.get_class("Demo 4A"), plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "b", "t")
        await pilot.pause(0.1)
        assert app.theme == "lesson-tui-contrast" and Settings(store.root).board_theme == "contrast"


async def test_names_in_big_letters_where_they_fit_and_whole_where_they_do_not(store, plan, clock):
    walk_board(store, plan, clock, "sporen")
    app = board_app(store, clock)
    async with app.run_test(size=(200, 55)) as pilot:
        await pilot.pause(0.2)
        columns = list(app.screen.query(".cb-spoor-names").results(NameBoard))
        assert [c.big for c in columns] == [True, True, True]
        drawn = "\n".join(str(c.render()) for c in columns)
        assert "█" in drawn and "Noah V." not in drawn
        await pilot.resize_terminal(64, 20)
        await pilot.pause(0.2)
        assert not any(c.big for c in columns)
        rows = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
        # every name drawn whole on one row of the screen (seen before: "Noah" / "V."), and
        # what a column draws is names and nothing of one
        shown = app.screen.query_one(ClassBoard)._shown[0].sporen
        for column, widget in zip(shown, columns, strict=True):
            for name in column.names:
                assert any(name in row for row in rows), name
            region = widget.content_region
            for row in rows[region.y : region.bottom]:
                for token in re.split(r"\s{2,}", row[region.x : region.right].strip()):
                    assert not token or token in column.names, (token, column.names)


async def test_groups_in_big_letters_at_projector_size(store, plan, clock):
    walk_board(store, plan, clock, "groups")
    app = board_app(store, clock)
    async with app.run_test(size=(200, 55)) as pilot:
        await pilot.pause(0.2)
        groups = app.screen.query_one("#cb-groups", NameBoard)
        assert groups.big and len(groups.items) == 12 and all(" + " in g for g in groups.items)


_PERCENT = re.compile(r"\d+\s?%")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(64, 20), (200, 55)])
async def test_klasveilig_on_every_board_variant(store, plan, clock, theme, size):
    """Big names or plain, either theme, any size: the board draws no mark, no percentage,
    no reason, and does not say who was marked wrong."""
    run = walk_board(store, plan, clock, "sporen")  # pupils 2, 4, 9 were marked fout
    app = board_app(store, clock, theme)
    async with app.run_test(size=size) as pilot:
        for stage in ("sporen", "pick", "groups"):
            if stage != "sporen":
                run = walk_board(store, plan, clock, stage)
            await pilot.pause(0.15)
            chars = "".join(char for char, _, _ in drawn_cells(app))
            text = "\n".join(str(w.render()) for w in app.screen.query("Static, Label, NameBoard"))
            assert not any(SYMBOL[m] in chars for m in ("juist", "half", "fout")), stage
            assert not _PERCENT.search(text), stage
            for word in ("fout", "juist", "half", "reden", "afwezig"):  # the marks' words (a criterion says "juiste")
                assert not re.search(rf"\b{word}\b", text.lower()), (stage, word)
    assert random is not None and run is not None


@pytest.mark.parametrize("theme", THEMES)
def test_the_marks_on_the_teachers_screen_have_their_contrast(store, library, clock, theme):
    """juist / half as text on a tile and on the screen, fout's text on its colour: 4.5:1 with
    the colours Textual really resolves (the tile's $surface is the theme's)."""
    from tui_helpers import app_for

    Settings(store.root).set_board_theme(theme)
    colours = app_for(store, library, clock).get_css_variables()
    for mark in ("juist", "half"):
        for background in ("surface", "background"):
            assert contrast_ratio(colours[f"mark-{mark}"], colours[background]) >= 4.5, (mark, background)
    assert contrast_ratio(colours["mark-on-fout"], colours["mark-fout"]) >= 4.5
    assert {colours[f"mark-{m}"] for m in ("juist", "half", "fout")}.isdisjoint(
        {colours["success"], colours["warning"], colours["error"]})


async def test_a_theme_that_cannot_be_saved_is_said_and_the_board_goes_on(store, plan, clock, monkeypatch):
    def refuse(self, theme):
        raise PermissionError(13, "Permission denied", str(self.pc_path))

    monkeypatch.setattr(Settings, "set_board_theme", refuse)
    walk_board(store, plan, clock, "lesdoel")
    app = board_app(store, clock)
    told = []
    app.notify = lambda message, **options: told.append(message)
    async with app.run_test(size=(64, 20)) as pilot:
        await pilot.press("t")
        await pilot.pause(0.1)
        assert app.theme == "lesson-tui-contrast"  # shown as asked, for now
        assert any("niet bewaard" in m for m in told) and not any("Traceback" in m for m in told)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("stage", ["lesdoel", "question", "groups"])
async def test_each_criterion_on_its_own_line_on_the_drawn_board(store, plan, clock, size, stage):
    """What the terminal shows: one ☐ a row, as many as the lesson has, none cut off."""
    walk_board(store, plan, clock, stage)
    app = board_app(store, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        rows = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
        marked = [row for row in rows if "☐" in row]
        assert len(marked) == len(plan.succescriteria) and all(row.count("☐") == 1 for row in marked)
        for criterion in plan.succescriteria:  # its first words begin the row it is on
            assert any(f"☐ {' '.join(criterion.split()[:3])}" in row for row in marked), criterion


@pytest.mark.parametrize("size", [(64, 20), (200, 55)])
async def test_a_picked_name_in_big_letters_is_spelled_as_it_is(store, plan, clock, size):
    """Chloë picked: the big letters say CHLOË, her trema above the E (never CHLOE), or
    there are none and the plain line under them says her name."""
    from lesson_tui.session.boardfit import accent_pixels, block_text, pixel_rows
    from lesson_tui.tui.widgets.big_clock import BigText

    run = walk_board(store, plan, clock, "question")
    picked = run.pick_pupil()
    while run.names[picked.pupil_id] != "Chloë":  # the jar until it is her turn
        run.log_pick(picked, "goed")
        picked = run.pick_pupil()
    app = board_app(store, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        big = app.screen.query_one("#cb-bigtext", BigText)
        assert "Chloë" in str(app.screen.query_one("#cb-name").render())
        drawn = str(big.render()).splitlines()
        if not big.display or not drawn:
            return
        assert len(drawn) >= 7 and len(drawn) % 7 == 0, drawn  # an accent row, a blank one, five of letters
        scale = len(drawn) // 7
        accent, letters = drawn[0].strip(), [row.strip() for row in drawn[2 * scale :: scale]]
        expected = [row.rstrip("0").lstrip("0") for row in [accent_pixels("CHLOË"), *pixel_rows("CHLOË")]]
        assert block_text("Chloë", exact=True) == "CHLOË" and len(drawn) == 7 * scale
        blocks = lambda row: row.replace("█" * 2 * scale, "1").replace(" " * 2 * scale, "0")  # noqa: E731
        assert blocks(accent) == expected[0] and [blocks(r) for r in letters] == expected[1:]
