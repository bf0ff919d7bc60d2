"""Pilot tests: the flows a teacher walks, by keyboard only."""
from __future__ import annotations

from textual.widgets import Digits, OptionList
from tui_helpers import app_for, class_of, lesson_at_sporen, resume

from lesson_tui.tui.screens.attendance import AttendanceScreen
from lesson_tui.tui.screens.board import BoardScreen
from lesson_tui.tui.screens.cfu import CfuScreen
from lesson_tui.tui.screens.closing import ClosingScreen
from lesson_tui.tui.screens.export import ExportScreen
from lesson_tui.tui.screens.flex import FlexScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.keymapped import HelpScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from lesson_tui.tui.screens.picker import PickerScreen
from lesson_tui.tui.screens.sporen import SporenScreen
from lesson_tui.tui.widgets.timer import PhaseTimer


async def test_home_to_lesson_with_attendance(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        classes = app.screen.query_one("#class-list", OptionList)
        assert "Demo 4A" in str(classes.get_option_at_index(0).prompt)
        await pilot.press("enter")  # class
        await pilot.press("down", "down")  # third lesson (sorted by title)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("3", "a", "1", "2", "a", "1", "2", "j", "1", "9", "a")
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        run = app.session.run
        assert run.plan.id == "waterkringloop"
        by_number = {p.number: p.id for p in run.pupils}
        assert run.state.absent == {by_number[3], by_number[19]}
        assert run.phase_index == 0 and run.current_timing.started_at == clock.now()


async def test_cfu_round_for_28_pupils_with_4_wrong_in_10_keystrokes(store, library, clock, plan):
    klas = class_of(store, "6B", 28)
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run = app.session.run
        keys = ["c", "3", "f", "5", "f", "7", "f", "9", "f", "enter"]
        await pilot.press(*keys)
        assert len(keys) == 10
        assert isinstance(app.screen, LessonScreen)
        (round_,) = run.rounds
        assert round_.closed and round_.vraag == plan.fase[0].cfu[0].vraag
        marks = round_.final_marks(run.pupil_ids)
        wrong = sorted(p.number for p in run.pupils if marks[p.id] == "fout")
        assert wrong == [3, 5, 7, 9]
        assert sum(1 for m in marks.values() if m == "juist") == 24


async def test_cfu_two_digit_numbers_arrows_undo_and_own_question(store, library, clock, plan):
    klas = class_of(store, "6B", 28)
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run = app.session.run
        await pilot.press("c", "down", "enter")  # "eigen vraag"
        await pilot.press(*"Hoeveel is 3/8 + 2/8?", "enter")
        assert isinstance(app.screen, CfuScreen)
        await pilot.press("1", "2", "f", "2", "7", "h", "right", "a", "1", "f", "u")
        round_ = run.rounds[0]
        assert round_.vraag == "Hoeveel is 3/8 + 2/8?"
        marks = {p.number: round_.mark_of(p.id) for p in run.pupils}
        assert (marks[12], marks[27], marks[28], marks[1]) == ("fout", "half", "afwezig", "juist")
        stats = str(app.screen.query_one("#cfu-stats").render())
        assert "%" in stats
        await pilot.press("enter")
        assert round_.closed


async def test_every_mark_is_on_disk_before_the_round_closes(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run_id = app.session.run.run_id
        await pilot.press("c", "4", "f", "6", "h")
        from lesson_tui.store.datastore import DataStore

        on_disk = DataStore(store.root, clock).open_run(run_id, lock=False)
        assert {on_disk.pupil_by_number(4).id: "fout", on_disk.pupil_by_number(6).id: "half"} == on_disk.rounds[0].marks


async def test_whole_lesson_by_keyboard_and_phase_log(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run = app.session.run
        kinds = [p.soort for p in plan.fase]
        for index in range(1, len(kinds)):
            clock.advance(60 * plan.fase[index - 1].minuten)
            await pilot.press("n")
            if kinds[index] == "jullie":  # the duos are offered; the teacher takes them
                assert type(app.screen).__name__ == "GroupsScreen"
                await pilot.press("enter")
                assert run.state.groups
            if kinds[index] == "kleine_afsluiting":
                # its check round opens by itself, at the question chooser; saving it
                # opens the sporen screen; confirming moves on to JIJ in the FLEX view
                assert isinstance(app.screen, CfuScreen)
                await pilot.press("enter", "2", "f", "enter")
                assert isinstance(app.screen, SporenScreen)
                clock.advance(60 * plan.fase[index].minuten)
                await pilot.press("enter")
                assert isinstance(app.screen, FlexScreen)
                await pilot.press("escape")
                assert run.phase_index == kinds.index("jij")
                break
        assert isinstance(app.screen, LessonScreen)
        for phase, timing in zip(plan.fase[:-2], run.timings[:-2]):
            assert timing.started_at is not None and timing.ended_at is not None
            assert round(timing.elapsed(clock.now())) == round(phase.minuten * 60)
        assert run.rounds[0].phase_index == kinds.index("kleine_afsluiting")


async def test_timer_overtime_rings_the_bell_once(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    bells = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: bells.append(1)
        await pilot.pause()
        timer = app.screen.query_one(PhaseTimer)
        assert str(timer.query_one(Digits).value) == "04:00"
        clock.advance(250)
        await pilot.pause(0.15)
        assert timer.has_class("-overtime") and timer.query_one(Digits).value == "+00:10"
        await pilot.pause(0.15)
        assert bells == [1]
        await pilot.press("space")
        assert timer.has_class("-paused")
        await pilot.press("plus", "plus")
        assert timer.query_one(Digits).value == "01:50"


async def test_quit_and_resume_puts_the_teacher_back(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "c", "5", "f", "enter")
        clock.advance(70)
        run_id = app.session.run.run_id
        await pilot.press("q")
    clock.advance(3 * 3600)
    again = app_for(store, library, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        home = again.screen
        assert isinstance(home, HomeScreen)
        resume = home.query_one("#resume-list", OptionList)
        label = str(resume.get_option_at_index(0).prompt)
        assert "Breuken vergelijken" in label and "IK" in label
        await pilot.press("enter")
        assert isinstance(again.screen, LessonScreen)
        run = again.session.run
        assert run.run_id == run_id and run.phase_index == 2
        assert run.current_timing.remaining(clock.now()) == 8 * 60 - 70
        assert not run.state.paused


async def test_resume_reopens_an_unfinished_check_round(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "5", "f")
        run_id = app.session.run.run_id
        store.release(run_id)  # as a crash would: the OS drops the lock
    again = app_for(store, library, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, CfuScreen)
        await pilot.press("7", "f", "enter")
        marks = again.session.run.rounds[0].marks
        assert sorted(again.session.run.pupils[i].number for i, p in enumerate(again.session.run.pupil_ids) if p in marks) == [5, 7]


async def test_beurtstokjes_log_undo_and_mode(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, PickerScreen)
        run = app.session.run
        first = run.picks[0]
        shown = str(app.screen.query_one("#picker-name").render())
        assert shown == run.names[first.pupil_id]
        await pilot.press("j", "r", "p", "r", "u", "t", "escape")
        assert [p.result for p in run.picks] == ["juist", "pas"]
        assert run.state.repeats is True
        assert isinstance(app.screen, LessonScreen)


async def test_attendance_from_the_lesson_screen(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "1", "7", "a", "enter")
        run = app.session.run
        assert run.state.absent == {run.pupil_by_number(17).id}
        await pilot.press("p", "1", "7", "j", "escape")
        assert run.state.absent == set()


async def test_board_view_and_help(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BoardScreen)
        goal = str(app.screen.query_one("#cb-goal").render())
        assert plan.lesdoel in goal and plan.fase[0].notities not in goal
        await pilot.press("n")  # the phase steps and the board stays (no answers shown)
        assert isinstance(app.screen, BoardScreen) and app.session.run.phase_index == 1
        await pilot.press("b", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


async def test_english_interface(store, library, clock):
    app = app_for(store, library, clock, lang="en")
    async with app.run_test(size=(80, 24)):
        assert "Explicit Direct Instruction" in str(app.screen.query_one("#home-title").render())


async def test_kleine_afsluiting_split_flex_grote_afsluiting_closed(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run = app.session.run
        number = {p.number: p.id for p in run.pupils}
        await pilot.press("p", "2", "4", "a", "enter")  # Chloë is absent today
        await pilot.press("n", "n", "n", "n", "escape", "n")  # to the kleine lesafsluiting
        assert isinstance(app.screen, CfuScreen)
        await pilot.press("enter", "2", "f", "4", "f", "6", "h", "enter")
        sporen = app.screen
        assert isinstance(sporen, SporenScreen)
        assert "≥ 80 %" in str(sporen.query_one("#sporen-rule").render())
        # Amira (1): self-assessment 3 -> voluntary miniklas; Arthur (2, fout x2): override to spoor 2
        await pilot.press("z", "1", "c", "enter")
        assert isinstance(app.screen, SporenScreen)
        present = set(run.present)
        assert run.state.self_assessment == {pid: (3 if pid == number[1] else 1) for pid in present}
        await pilot.press("g", "2", "enter", "2")  # 2 could become 20-24: enter ends the number
        assert run.state.overrides == {number[2]: 2}
        await pilot.press("enter")
        assert isinstance(app.screen, FlexScreen)
        assert run.phase_index == plan.phase_index("jij")
        assert run.miniklas == [number[1], number[4]]
        assert run.sporen[number[1]].voluntary and run.sporen[number[2]].overridden
        assert number[24] not in run.sporen
        flex = app.screen
        clock.advance(5 * 60)
        await pilot.press("4", "v")  # class number 4 (Bilal) gets it and leaves the miniklas
        assert number[4] in run.state.jij.left_miniklas
        await pilot.press("3", "h", "5", "h")  # two pupils working alone ask for help
        assert [pid for pid, _ in run.state.jij.help_queue] == [number[3], number[5]]
        assert flex.selected is None
        await pilot.press("space")
        assert [pid for pid, _ in run.state.jij.help_queue] == [number[5]]
        assert run.state.jij.miniklas_timer.remaining(clock.now()) == 7 * 60
        await pilot.press("c", "1", "h", "enter")  # quick check in the miniklas
        miniklas_round = run.rounds[-1]
        assert miniklas_round.kind == "miniklas" and miniklas_round.present == [number[1]]
        await pilot.press("e", "enter")  # the miniklas list in two keys
        assert isinstance(app.screen, ExportScreen)
        exported = list((store.root / "exporten").glob("*.csv"))
        assert len(exported) == 1 and "Amira" in exported[0].read_text(encoding="utf-8-sig")
        await pilot.press("escape", "n")  # on to the grote lesafsluiting
        assert isinstance(app.screen, CfuScreen)  # exit ticket, question 1
        await pilot.press("5", "f", "enter")
        assert isinstance(app.screen, CfuScreen)  # question 2
        await pilot.press("enter")
        assert isinstance(app.screen, ClosingScreen)
        await pilot.press(*"Rustig gewerkt", "enter", *"Teken lastig")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
        assert run.closed and run.state.notes["process_1"] == "Rustig gewerkt"
        assert run.state.notes["process_2"] == "Teken lastig"
        summary = store.runs()[0]
        assert summary.status == "closed" and summary.miniklas == 2
        assert len(run.exit_rounds()) == 2


async def test_think_time_counts_down_without_blocking_marks(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "enter")
        think = app.screen.query_one("#cfu-think")
        await pilot.pause(0.1)
        assert str(think.render()) == "Denktijd… 5"
        await pilot.press("3", "f")  # marking during think time works
        clock.advance(5.5)
        await pilot.pause(0.15)
        assert str(think.render()) == "Antwoorden maar!"
        clock.advance(4)
        await pilot.pause(0.15)
        assert str(think.render()) == ""
        assert app.session.run.rounds[0].marks == {app.session.run.pupil_by_number(3).id: "fout"}


async def test_damaged_files_are_named_on_home_and_the_rest_works(store, library, clock, plan, demo):
    from lesson_tui.klas.classimport import parse_class_csv

    broken = store.start_run(demo, plan, set())
    broken.next_phase()
    store.release(broken.run_id)
    broken.path.write_text("{kapot", encoding="utf-8")
    store.import_class("5B", parse_class_csv(b"naam\nAya\n"))
    (store.root / "classes" / "5b.json").write_text("nee", encoding="utf-8")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        problems = str(app.screen.query_one("#home-problems").render())
        assert "5b.json" in problems and "beschadigd" in problems
        await pilot.press("enter")  # try to resume the damaged lesson
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any(str(broken.path) in n.message for n in app._notifications)
        await pilot.press("tab", "enter", "enter")  # a new lesson still starts
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
    assert broken.path.read_text(encoding="utf-8") == "{kapot"


async def test_command_palette_offers_the_main_actions(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Volgende fase", "Check", "Beurtstokje", "Aanwezig", "Bord", "Sporen", "FLEX", "Exporteren", "Stoppen"):
            assert expected in titles
        next_phase = next(c for c in app.get_system_commands(app.screen) if c.title == "Volgende fase")
        next_phase.callback()
        await pilot.pause()
        assert app.session.run.phase_index == 1


async def test_teacher_adds_a_lesson_folder_that_is_remembered(store, library, clock, tmp_path):
    import shutil

    from lesson_tui.plan.lessonplan import example_lessons_dir
    from lesson_tui.store.settings import scan_lessons

    own = tmp_path / "mijn lessen"
    own.mkdir()
    text = (example_lessons_dir() / "waterkringloop.toml").read_text(encoding="utf-8")
    (own / "eigen.toml").write_text(text.replace('id = "waterkringloop"', 'id = "eigen-les"').replace(
        'titel = "De kringloop van het water"', 'titel = "Aaa eigen les"'), encoding="utf-8")
    shutil.copy(example_lessons_dir() / "waterkringloop.toml", own / "dubbel.toml")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        field = app.screen.query_one("#folder-input")
        field.value = str(tmp_path / "bestaat-niet")  # as if pasted
        await pilot.press("enter")
        assert "niet gevonden" in str(app.screen.query_one("#folder-error").render())
        field.value = f'"{own}"'  # Windows Explorer's "copy as path" adds quotes
        await pilot.press("enter")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        first = str(home.query_one("#lesson-list", OptionList).get_option_at_index(0).prompt)
        assert "Aaa eigen les" in first
        problems = str(home.query_one("#home-problems").render())
        assert "dubbel.toml: id: de id 'waterkringloop' wordt ook gebruikt in" in problems
    assert "eigen-les" in scan_lessons(store.root, []).lessons  # remembered for the next start


async def test_thirty_pupils_fit_the_cfu_grid_at_80x24(store, library, clock, plan):
    from lesson_tui.tui.widgets.pupil_grid import PupilTile

    klas = class_of(store, "6C", 30)
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "enter")
        tiles = list(app.screen.query(PupilTile))
        assert len(tiles) == 30
        screen = app.screen.region
        for tile in tiles:
            assert screen.contains_region(tile.region), tile.pupil.number
        assert app.screen.query_one("#cfu-stats").region.bottom <= 23  # above the footer


async def test_oversized_miniklas_is_warned(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, marks=dict.fromkeys(range(1, 8), "fout"), asks_miniklas=())
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, run_id, "s")
        warning = str(app.screen.query_one("#sporen-warning").render())
        assert "7 leerlingen, meer dan 6" in warning
        await pilot.press("0")  # nothing to undo for pupil 1: still seven
        await pilot.press("up", "1")  # the teacher sends pupil 1 back to spoor 1
        assert str(app.screen.query_one("#sporen-warning").render()) == ""


async def test_qr_export_in_the_app_draws_or_says_it_is_too_small(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await resume(pilot, run_id, "f")
        await pilot.press("e", "down", "down", "down", "down", "enter")
        preview = str(app.screen.query_one("#export-preview").render())
        assert "▀" in preview
        assert list((store.root / "exporten").glob("*.png"))
        store.release(app.session.run.run_id)  # as a crash would: the OS drops the lock
    small = app_for(store, library, clock)
    async with small.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")  # resume the lesson
        await pilot.pause()
        assert isinstance(small.screen, LessonScreen)
        await pilot.press("e", "down", "down", "down", "down", "enter")
        preview = str(small.screen.query_one("#export-preview").render())
        assert "te klein" in preview and "▀" not in preview


async def test_cfu_a_number_that_fits_nobody_marks_nobody(store, library, clock, plan):
    """The walk (issue 16.3): `2 9 f` in a class of 24 marked pupil 9, and with 15 absent
    `1 5 f` marked 5. Now the digits are shown while typed, and such a number is refused on
    one line; the letter after it marks nobody."""
    klas = class_of(store, "5C", 24)
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run = app.session.run
        await pilot.press("p", "1", "5", "a", "enter")  # 15 is away today
        line = lambda: str(app.screen.query_one("#cfu-number").render())  # noqa: E731
        await pilot.press("c", "2")
        assert isinstance(app.screen, CfuScreen)
        assert line() == "nr 2…"  # the digits, while a longer number could follow
        await pilot.press("9")
        assert line() == "geen leerling 29"
        await pilot.press("f")
        assert line() == "geen leerling 29"  # still there: the f marked nobody
        await pilot.press("1", "5", "f")
        assert line() == "15 is afwezig"
        round_ = run.rounds[0]
        assert round_.marks == {}
        await pilot.press("2", "backspace")
        assert line() == ""  # taken back: nobody under the cursor, nothing marked
        await pilot.press("2", "4")
        assert line() == "nr 24"
        await pilot.press("f", "1", "enter")  # enter ends a number that could go on
        assert not round_.closed and line() == "nr 1"
        await pilot.press("h", "enter")
        assert round_.closed
        assert {p.number: m for p in run.pupils if (m := round_.marks.get(p.id))} == {24: "fout", 1: "half"}


async def test_attendance_takes_an_absent_pupil_and_refuses_a_number_outside_the_class(store, library, clock, plan):
    klas = class_of(store, "5C", 24)
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        run = app.session.run
        await pilot.press("p", "1", "7", "a", "enter")
        await pilot.press("p", "2", "9", "a", "space")
        line = str(app.screen.query_one("#attendance-number").render())
        assert line == "geen leerling 29"
        assert run.state.absent == {run.pupil_by_number(17).id}  # not 2, not 9: nobody toggled
        await pilot.press("1", "7", "j", "enter")  # an absent pupil is one this screen takes
        assert run.state.absent == set()


async def test_a_refused_number_in_english(store, library, clock, plan):
    app = app_for(store, library, clock, lang="en", school_class=class_of(store, "5C", 24), plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "2", "9", "f")
        assert str(app.screen.query_one("#cfu-number").render()) == "no pupil 29"
        assert app.session.run.rounds[0].marks == {}


async def test_flex_shows_the_recorders_refusals_in_the_teachers_words(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await resume(pilot, run_id)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlexScreen)
        run = app.session.run
        outside, inside = run.pupil_by_number(3), run.pupil_by_number(2)
        await pilot.press("3", "v")
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert f"{run.names[outside.id]} zit niet in de miniklas." in text
        await pilot.press("2", "h")
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert f"{run.names[inside.id]} zit in de miniklas" in text
        assert not run.state.jij.left_miniklas and not run.state.jij.help_queue


def test_demo_and_start_by_path_build_a_lesson(tmp_path):
    from lesson_tui.cli.commands import build_app
    from lesson_tui.cli.main import Config
    from lesson_tui.plan.lessonplan import example_lessons_dir

    demo = build_app(Config(data_dir=tmp_path / "d"), demo=True)
    assert demo._start_class.name == "Demo 4A" and demo._start_plan.id == "breuken-vergelijken"
    by_path = build_app(Config(data_dir=tmp_path / "d"), lesson_ref=str(example_lessons_dir() / "waterkringloop.toml"))
    assert by_path._start_plan.id == "waterkringloop"


def test_big_clock_scales_to_fit():
    from lesson_tui.tui.widgets.big_clock import pixel_rows, scale_for

    assert pixel_rows("1:0") == ["010000111", "110010101", "010000101", "010010101", "111000111"]
    assert scale_for("08:00", 80, 12) == 2  # 17 pixels wide: 2 * 17 * 2 = 68 columns
    assert scale_for("08:00", 200, 50) == 5
    assert scale_for("+08:00", 30, 3) == 1  # never below one


async def test_the_split_line_shows_in_jij_and_follows_who_left_the_miniklas(store, library, clock, plan):
    """At JIJ the lesson screen's notes count the split (who left the miniklas counts with
    spoor 2, as on the board); before the split, and in an earlier phase, there is none."""
    run_id = lesson_at_sporen(store, plan, confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, run_id)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.session.soort == "jij"
        notes = lambda: str(app.screen.query_one("#notes").render())  # noqa: E731
        assert "Sporen: spoor 1: 19 · spoor 2: 1 · miniklas: 4" in notes()
        run = app.session.run
        run.toggle_miniklas_leave(run.pupil_by_number(2).id)  # as the co-teacher's tap would
        await pilot.pause()
        assert "Sporen: spoor 1: 19 · spoor 2: 2 · miniklas: 3" in notes()
        await pilot.press("N")  # back to the kleine lesafsluiting: no split line there
        await pilot.pause()
        assert app.session.soort == "kleine_afsluiting" and "Sporen:" not in notes()
