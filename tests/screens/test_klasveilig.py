"""Klasveilig: with the teacher's screen on the projector, no live screen lets a pupil read
another pupil's result, percentage, spoor reason, self-assessment or the current answer."""

from __future__ import annotations

import re

from textual.widgets import DataTable
from tui_helpers import app_for, make_history, wait_for

from lesson_tui.base.i18n import t
from lesson_tui.klas.pupils import display_names
from lesson_tui.session.board import miniklas_timer_title, spoor_title
from lesson_tui.store.settings import Settings
from lesson_tui.tui.screens.cfu import CfuScreen
from lesson_tui.tui.screens.export import ExportScreen
from lesson_tui.tui.screens.flex import FlexScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from lesson_tui.tui.screens.picker import PickerScreen
from lesson_tui.tui.screens.self_assessment import SelfAssessmentScreen
from lesson_tui.tui.screens.sporen import SporenScreen

MARKS = "✓✗½"
MARK_WORDS = ("juist", "fout", "half")
# what one pupil did, in any form: a reason, a self-assessment, evidence in counts
PRIVATE = (
    r"zelfinschatting \d",
    r"vrijwillig",
    r"afsluitvraag",
    r"op rij",
    r"\d+/\d+ juist",
    r"MINIKLAS",
    r"✎ ?\d|voorstel \d",
    r"exit ticket \d",
)


def screen_text(screen) -> list[str]:
    """Every line any widget on the screen renders, table cells included."""
    lines: list[str] = []
    for widget in screen.query("*"):
        if not all(node.display for node in widget.ancestors_with_self if hasattr(node, "display")):
            continue  # hidden: nobody can read it
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                lines.append("  ".join(str(cell) for cell in widget.get_row_at(row)))
            continue
        try:
            lines.extend(str(widget.render()).splitlines())
        except Exception:
            continue
    return lines


def assert_class_safe(screen, names: list[str], answers: list[str]) -> None:
    """No percentage anywhere; no mark (symbol or word) on a line with a pupil's name; no
    reason, self-assessment or evidence; no answer. A class number beside a count is not
    checked here (the check line's "laatst aangeduid" is issue 16.8, another branch)."""
    lines = screen_text(screen)
    text = "\n".join(lines)
    assert "%" not in text, (screen, [line for line in lines if "%" in line])
    for line in lines:
        named = [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line)]
        if not named:
            continue
        assert not any(mark in line for mark in MARKS), (screen, line)
        assert not any(re.search(rf"\b{word}\b", line, re.I) for word in MARK_WORDS), (screen, line)
        assert not re.search(r"\d+/\d+", line), (screen, line)  # one pupil's count ("2/8")
        assert not re.search(r"[▁▂▃▄▅▆▇█]", line), (screen, line)  # one pupil's result bars
    for answer in answers:
        assert f"→ {answer}" not in text, (screen, answer)
    for private in PRIVATE:
        found = [line for line in lines if re.search(private, line, re.M)]
        assert not found, (screen, private, found)


def _seating_plan(store, run) -> None:
    """A seating plan for the class, so the check round's room view can be opened."""
    import random

    from lesson_tui.rules.seating import random_plan, room_for

    pupils = [p.id for p in run.pupils]
    Settings(store.root).set_seating(run.class_id, random_plan(room_for(len(pupils)), pupils, rng=random.Random(1)))


async def _at(pilot, kind) -> None:
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind)), (pilot.app.screen, kind)
    await pilot.pause()


async def test_every_screen_of_a_lesson_is_class_safe(store, demo, library, clock, plan, monkeypatch):
    """Every screen reachable in a lesson with klasveilig on, each with something private
    to show (marks, a self-assessment, a pupil who left the miniklas, an override)."""
    from lesson_tui.tui.screens import export as export_screen
    from lesson_tui.tui.screens.attendance import AttendanceScreen
    from lesson_tui.tui.screens.board import BoardScreen
    from lesson_tui.tui.screens.closing import ClosingScreen
    from lesson_tui.tui.screens.device import DeviceScreen
    from lesson_tui.tui.screens.groups import GroupsScreen
    from lesson_tui.tui.screens.keymapped import HelpScreen
    from lesson_tui.tui.screens.split_board import SplitBoardScreen

    Settings(store.root).set_klasveilig(True)
    monkeypatch.setattr(export_screen, "open_with_system", lambda path: None)
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    answers = [q.antwoord for phase in plan.fase for q in phase.cfu if q.antwoord]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        run = app.session.run
        _seating_plan(store, run)
        names = [run.names[p.id] for p in run.pupils]
        safe = lambda: assert_class_safe(app.screen, names, answers)  # noqa: E731

        def board_words() -> None:  # the spoor in the class board's words, not "SPOOR 3 miniklas"
            text = "\n".join(screen_text(app.screen))
            assert spoor_title(3) in text and "SPOOR 3" not in text and "3 miniklas" not in text, text

        assert isinstance(app.screen, LessonScreen) and app.klasveilig
        safe()
        await pilot.press("question_mark")
        await _at(pilot, HelpScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, LessonScreen)
        await pilot.press("p")
        await _at(pilot, AttendanceScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, LessonScreen)
        await pilot.press("n", "n", "c", "enter", "3", "f", "5", "h", "7", "a")
        await _at(pilot, CfuScreen)
        safe()
        await pilot.press("z")  # the check round on the seating plan
        await pilot.pause()
        assert app.screen.query_one("#cfu-room").display
        safe()
        await pilot.press("right", "f")
        await pilot.pause()
        safe()
        await pilot.press("enter")
        await _at(pilot, LessonScreen)
        await pilot.press("b")
        await _at(pilot, BoardScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, LessonScreen)
        await pilot.press("r", "f")
        await _at(pilot, PickerScreen)
        safe()
        await pilot.press("escape", "n", "n")  # JULLIE: the duos are offered
        await _at(pilot, GroupsScreen)
        safe()
        await pilot.press("enter", "n", "enter", "2", "f", "4", "f", "enter")
        await _at(pilot, SporenScreen)
        safe()
        await pilot.press("down", "1")  # an override: its marker and proposal stay private
        await pilot.pause()
        safe()
        await pilot.press("b")
        await _at(pilot, SplitBoardScreen)
        safe()
        board_words()
        await pilot.press("escape")
        await _at(pilot, SporenScreen)
        board_words()
        await pilot.press("z", "6", "c", "9", "b")
        await _at(pilot, SelfAssessmentScreen)
        safe()
        await pilot.press("enter")
        await _at(pilot, SporenScreen)
        safe()
        await pilot.press("g", "1", "1", "3", "enter")
        await _at(pilot, FlexScreen)
        safe()
        board_words()
        timer = str(app.screen.query_one("#miniklas-timer").render())
        assert miniklas_timer_title() in "\n".join(screen_text(app.screen)) and "Miniklas" not in timer
        miniklas = run.miniklas
        assert miniklas, "the walk needs a miniklas"
        leaver = next(p.number for p in run.pupils if p.id == miniklas[0])
        await pilot.press(*str(leaver), "v")  # left the miniklas: no ✓ beside the name
        await pilot.pause()
        assert miniklas[0] in run.state.jij.left_miniklas
        safe()
        await pilot.press("c")
        await _at(pilot, CfuScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, FlexScreen)
        await pilot.press("b")
        await _at(pilot, SplitBoardScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, FlexScreen)
        await pilot.press("d")
        await _at(pilot, DeviceScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, FlexScreen)
        await pilot.press("e", "down", "down", "enter")
        await _at(pilot, ExportScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, FlexScreen)
        await pilot.press("escape")
        await _at(pilot, LessonScreen)
        for _ in range(6):
            if isinstance(app.screen, ClosingScreen):
                break
            await pilot.press("n")
            await pilot.pause()
            if isinstance(app.screen, CfuScreen):  # the exit ticket
                safe()
                await pilot.press("2", "f", "enter")
                await pilot.pause()
        await _at(pilot, ClosingScreen)
        safe()


async def test_every_screen_from_home_is_class_safe(store, library, clock):
    """The screens before a lesson: home, the history of a class with eight lessons, the
    seating plan, help and the editor."""
    from lesson_tui.tui.screens.history import HistoryScreen
    from lesson_tui.tui.screens.home import HomeScreen
    from lesson_tui.tui.screens.keymapped import HelpScreen
    from lesson_tui.tui.screens.seating import SeatingScreen

    make_history(store, library, clock)
    Settings(store.root).set_klasveilig(True)
    app = app_for(store, library, clock)
    demo = store.get_class("Demo 4A")
    names = list(display_names(demo.active_pupils).values())
    async with app.run_test(size=(120, 40)) as pilot:
        await _at(pilot, HomeScreen)
        safe = lambda: assert_class_safe(app.screen, names, [])  # noqa: E731
        safe()
        await pilot.press("h")
        await _at(pilot, HistoryScreen)
        assert app.klasveilig
        safe()
        await pilot.press("l")
        await pilot.pause()
        safe()
        await pilot.press("k")  # the teacher turns it off: the results are there again
        await pilot.pause()
        assert any("%" in line or "spoor 3" in line for line in screen_text(app.screen)) or app.screen.query_one(
            "#history-pupils"
        ).display
        await pilot.press("k")
        await pilot.pause()
        safe()
        await pilot.press("escape")
        await _at(pilot, HomeScreen)
        await pilot.press("z")
        await _at(pilot, SeatingScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, HomeScreen)
        await pilot.press("question_mark")
        await _at(pilot, HelpScreen)
        safe()
        await pilot.press("escape")
        await _at(pilot, HomeScreen)
        await pilot.press("w")
        await pilot.pause(0.3)
        if not isinstance(app.screen, HomeScreen):  # the editor, when a lesson is highlighted
            safe()


async def test_notes_on_request_and_k_toggles_and_is_remembered(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    answer = next(q.antwoord for q in plan.fase[0].cfu if q.antwoord)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = lambda: str(app.screen.query_one("#notes").render())  # noqa: E731
        assert f"→ {answer}" in notes()
        await pilot.press("k")
        assert app.klasveilig and f"→ {answer}" not in notes()
        assert "KLASVEILIG" in str(app.screen.query_one("#lesson-status").render())
        await pilot.press("o")
        assert f"→ {answer}" in notes()  # the teacher asked for them
        await pilot.press("n")
        assert "o toont" in notes()  # the next phase starts hidden again
    assert Settings(store.root).klasveilig is True
    again = app_for(store, library, clock)
    async with again.run_test(size=(80, 24)):
        assert again.klasveilig


async def test_the_check_line_acknowledges_a_mark_without_naming_it(store, library, clock, plan):
    """Issue 16.8: "laatst aangeduid: nr 22" beside the counts told the class who was just
    marked. The teacher sees the key was taken (a count of marks taken); the class cannot
    tell whom or what: no number on the line, dots for the digits typed, no lit tile."""
    from tui_helpers import class_of

    Settings(store.root).set_klasveilig(True)
    app = app_for(store, library, clock, school_class=class_of(store, "5C", 24), plan=plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        run = app.session.run
        await pilot.press("c", "1")
        screen = app.screen
        assert isinstance(screen, CfuScreen)
        number = lambda: str(screen.query_one("#cfu-number").render())  # noqa: E731
        stats = lambda: str(screen.query_one("#cfu-stats").render())  # noqa: E731
        assert number() == "nr •…"
        await pilot.press("9")
        assert number() == "nr ••"
        lit = [tile.pupil.number for tile in screen.query("PupilTile") if tile.has_class("-cursor")]
        assert lit == []  # the class does not see whose tile the number went to
        await pilot.press("f")
        assert run.rounds[0].marks == {run.pupil_by_number(19).id: "fout"}
        assert "genoteerd (1)" in stats()
        await pilot.press("8", "h")
        assert "genoteerd (2)" in stats()
        assert not re.search(r"\b(8|19)\b|nr", stats() + number()), (stats(), number())
        app.toggle_klasveilig()  # off (as `k` on the lesson screen): the digits are shown again
        await pilot.press("1", "3")
        assert number() == "nr 13"


async def test_klasveilig_turned_on_hides_results_at_once_on_every_lesson_screen(store, library, clock, plan, monkeypatch):
    """The teacher turns klasveilig on with `k` while a screen shows results (or a command
    does): that screen hides them at once, without leaving it; each screen had something
    private."""
    import pytest

    from lesson_tui.tui.screens import export as export_screen

    monkeypatch.setattr(export_screen, "open_with_system", lambda path: None)
    app = app_for(store, library, clock, school_class=store.get_class("Demo 4A"), plan=plan)
    answers = [q.antwoord for phase in plan.fase for q in phase.cfu if q.antwoord]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        run = app.session.run
        names = [run.names[p.id] for p in run.pupils]

        def shown() -> str:
            return "\n".join(screen_text(app.screen))

        async def turned_on(kind, private: str | None = None) -> None:
            """On `kind`, something private shows (`private`, or whatever `assert_class_safe`
            finds); klasveilig on hides it without leaving the screen."""
            await _at(pilot, kind)
            assert not app.klasveilig
            if private is not None:
                assert private in shown()
            else:
                with pytest.raises(AssertionError):  # something to hide is on the screen
                    assert_class_safe(app.screen, names, answers)
            await pilot.press("k")  # `k` on the screen itself: a teacher who projects FLEX hides it there
            await pilot.pause()
            assert isinstance(app.screen, kind) and app.klasveilig
            assert_class_safe(app.screen, names, answers)
            assert private is None or private not in shown()
            app.toggle_klasveilig()  # off again for the next screen
            await pilot.pause()

        await turned_on(LessonScreen)  # the answers in the notes
        await pilot.press("n", "n", "c", "enter", "3", "f", "5", "h")
        await turned_on(CfuScreen)  # marks beside names, the share correct
        await pilot.press("enter", "r", "f")
        await turned_on(PickerScreen, "✗ fout")  # the picked pupil's answer (on a line of its own)
        await pilot.press("escape", "n", "n", "enter", "n", "enter", "2", "f", "4", "f", "enter")
        await turned_on(SporenScreen)  # evidence, percentages
        await pilot.press("z", "6", "c")
        await turned_on(SelfAssessmentScreen, "✋")  # "needs more explanation" on a tile
        await pilot.press("enter")
        await _at(pilot, SporenScreen)
        await pilot.press("enter")
        await turned_on(FlexScreen)  # the miniklas's reasons
        await pilot.press("e", "enter")
        await turned_on(ExportScreen)  # the miniklas list with reasons in the preview


async def test_vrijwillig_outside_spoor_3_is_refused_in_one_line_that_klasveilig_keeps_safe(store, library, clock, plan):
    """`v` on a pupil not in spoor 3 is refused by the recorder; the sporen screen says so
    in one line, as FLEX says its refusals, until the next key. With klasveilig on, the line
    keeps to what the table shows then: the name and the spoor in the board's words, no
    "vrijwillig" and nothing else of the pupil."""
    from tui_helpers import lesson_at_sporen, resume

    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=())
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await resume(pilot, run_id, "s")
        await _at(pilot, SporenScreen)
        run = app.session.run
        three = run.pupil_by_number(3)
        assert run.decisions()[three.id].spoor == 1
        mode = lambda: str(app.screen.query_one("#sporen-mode").render())  # noqa: E731
        refused = f"{run.names[three.id]} zit niet in spoor 3; vrijwillig kan alleen daar."
        await pilot.press("g", "3", "v")
        await pilot.pause()
        assert mode() == refused and not run.state.voluntary
        await pilot.press("down")  # the next key: the line is the keys' line again
        await pilot.pause()
        assert refused not in mode()
        await pilot.press("k", "g", "3", "v")
        await pilot.pause()
        assert app.klasveilig and not run.state.voluntary
        names = [run.names[p.id] for p in run.pupils]
        assert_class_safe(app.screen, names, [])
        assert mode() == f"{run.names[three.id]} · {spoor_title(1)}: v kan alleen bij „{spoor_title(3)}”."
        await pilot.press("k")  # klasveilig off: a key like any other ends the line
        await pilot.pause()
        assert not app.klasveilig and mode() == t("sporen.mode_spoor")
