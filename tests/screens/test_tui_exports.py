"""Pilot tests of issue 16's small things: `x` asks before it closes, the JIJ split line
counts who is still in the miniklas, the help overlay, no word cut at 80x24."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList
from tui_helpers import app_for, lesson_at_sporen, resume

from lesson_tui.tui.screens.confirm import ConfirmScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen


def screen_lines(app) -> list[str]:
    """What the terminal shows, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _unfinished(store, demo, plan, count):
    for _ in range(count):
        run = store.start_run(demo, plan, set())
        run.next_phase()
        store.release(run.run_id)


@pytest.mark.parametrize("lang, yes, question", [("nl", "j", "afsluiten?"), ("en", "y", "Close this")])
async def test_x_on_home_asks_before_it_closes_an_unfinished_lesson(store, library, clock, plan, demo, lang, yes, question):
    _unfinished(store, demo, plan, 2)
    app = app_for(store, library, clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        resume_list = app.screen.query_one("#resume-list", OptionList)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert question in "\n".join(screen_lines(app))
        assert all(r.status != "closed" for r in store.runs())  # nothing closed by asking
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and resume_list.option_count == 2
        await pilot.press("x", "escape")
        await pilot.pause()
        assert all(r.status != "closed" for r in store.runs())
        await pilot.press("x", yes)
        await pilot.pause()
        assert [r.status for r in store.runs()].count("closed") == 1 and resume_list.option_count == 1
        assert resume_list.has_focus


async def test_the_jij_split_line_counts_who_is_still_in_the_miniklas(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 6: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await resume(pilot, run_id)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "miniklas: 4" in "\n".join(screen_lines(app))
        await pilot.press("f", "2", "v", "4", "v", "escape")  # two pupils leave the miniklas in FLEX
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        text = "\n".join(screen_lines(app))
        assert "miniklas: 2" in text and "spoor 2: 2" in text, text


def widget_lines(widget) -> list[str]:
    """Every line a widget draws, also the part scrolled out of view."""
    from textual.geometry import Region

    return [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def test_help_keeps_its_columns_when_a_line_wraps_and_writes_slash_as_a_slash(store, library, clock):
    from lesson_tui.tui.keys import help_rows
    from lesson_tui.tui.screens.keymapped import HelpScreen

    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = widget_lines(app.screen.query_one("#help-text"))
        text = "\n".join(lines)
        assert "slash" not in text and "greater_than" not in text
        search = next(line for line in lines if "zoeken in de lessen" in line)
        assert search.split()[0] == "/"
        column = search.index("zoeken")
        assert column <= 2 + max(len(key) for key, _ in help_rows("home")) + 2 + 1
        rows = help_rows("home")
        wrapped = 0
        for line in lines[2:]:
            if not line.strip():
                continue
            if line[:column].strip() == "":
                wrapped += 1  # a description that goes on: in the description's column
                assert line[column] != " ", (line, column)
            else:
                assert line[:column].strip() in {key for key, _ in rows}, line
        assert wrapped >= 1  # at 80x24 some descriptions do wrap


DUTCH_DOMAIN_WORDS = r"\b(spoor|sporen|miniklas|miniklaslijst|aanwezig|afwezig|ja|nee)\b"


def assert_english(app) -> None:
    import re

    text = "\n".join(screen_lines(app))
    found = re.findall(DUTCH_DOMAIN_WORDS, text, flags=re.IGNORECASE)
    assert not found, (app.screen, found, text)


async def test_english_screens_say_track_and_small_group(store, library, clock):
    """--lang en with the English example lesson: the lesson, the tracks, FLEX and the JIJ
    notes never say spoor or miniklas (the glossary: track, small group)."""
    plan = library.lessons["comparing-fractions"][1]
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout"}, asks_miniklas=(1,))
    app = app_for(store, library, clock, lang="en")
    async with app.run_test(size=(120, 35)) as pilot:
        await resume(pilot, run_id, "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SporenScreen"
        assert_english(app)
        assert "Track" in "\n".join(screen_lines(app))
        await pilot.press("enter")  # confirm: on to FLEX
        await pilot.pause()
        assert type(app.screen).__name__ == "FlexScreen"
        assert_english(app)
        assert "TRACK 1" in "\n".join(screen_lines(app))
        await pilot.press("2", "v", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert_english(app)
        assert "small group: 2" in "\n".join(screen_lines(app))


async def test_english_attendance_takes_p_for_present(store, library, clock, plan):
    from lesson_tui.tui.screens.attendance import AttendanceScreen

    app = app_for(store, library, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the class, the first lesson
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        await pilot.press("3", "a", "5", "a")
        assert len(screen.absent) == 2
        await pilot.press("3", "p")
        assert len(screen.absent) == 1
        assert_english(app)
        text = "\n".join(screen_lines(app))
        assert "p (present)" in text and "j (" not in text
        await pilot.press("question_mark")
        await pilot.pause()
        lines = widget_lines(app.screen.query_one("#help-text"))
        assert any(line.split()[:2] == ["12", "p"] for line in lines if line.strip()), lines


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_at_80x24_the_attendance_hint_and_the_history_table_cut_no_word(store, library, clock, lang):
    from tui_helpers import make_history

    from lesson_tui.base.i18n import t

    make_history(store, library, clock)
    app = app_for(store, library, clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        runs = app.screen.query_one("#history-runs")
        assert runs.max_scroll_x == 0  # every column in view: nothing cut at the right
        text = "\n".join(screen_lines(app))
        assert t("history.col_status") in text and t("history.status_closed") in text
        assert "alinea" in text  # a long title wraps in its column instead of running off
        await pilot.press("escape", "enter", "enter")  # the class, the first lesson: attendance
        await pilot.pause()
        assert t("ui.attendance_hint") in "\n".join(screen_lines(app))
