"""The teacher's key counts, the key maps behind the footer and `?`, and English footers."""
from __future__ import annotations

import pytest
from textual.widgets import Footer
from tui_helpers import app_for, class_of, lesson_at_sporen, resume, wait_for

from lesson_tui.base.i18n import catalogue, set_language, t
from lesson_tui.tui.keys import KEYMAPS, help_rows
from lesson_tui.tui.screens.flex import FlexScreen
from lesson_tui.tui.screens.keymapped import HelpScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from lesson_tui.tui.screens.self_assessment import SelfAssessmentScreen
from lesson_tui.tui.screens.sporen import SporenScreen


def _app_at_sporen(store, library, clock, plan, klas):
    """The app and the keys that open the sporen of a lesson whose closure round was all
    right (made by the core: the keys to get there are the flow tests' business)."""
    run_id = lesson_at_sporen(store, plan, school_class=klas, marks={}, asks_miniklas=())
    return app_for(store, library, clock), run_id


async def _to_sporen(pilot, app, run_id):
    await resume(pilot, run_id, "s")
    assert isinstance(app.screen, SporenScreen)


async def test_three_overrides_of_two_digit_numbers_in_twelve_keys(store, library, clock, plan):
    app, run_id = _app_at_sporen(store, library, clock, plan, class_of(store, "6B", 28))
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        run = app.session.run
        keys = ["g", "1", "4", "3", "g", "2", "2", "2", "g", "2", "7", "3"]
        await pilot.press(*keys)
        assert len(keys) == 12
        by_number = {p.number: p.id for p in run.pupils}
        assert run.state.overrides == {by_number[14]: 3, by_number[22]: 2, by_number[27]: 3}
        await pilot.press("enter")
        assert isinstance(app.screen, FlexScreen)
        assert set(run.miniklas) == {by_number[14], by_number[27]}


async def test_arrows_and_digits_on_the_highlighted_pupil_still_work(store, demo, library, clock, plan):
    app, run_id = _app_at_sporen(store, library, clock, plan, demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        await pilot.press("down", "3", "0")
        run = app.session.run
        assert run.state.overrides == {run.pupil_by_number(2).id: 3}  # 0 went to row 3, no override there


async def test_self_assessment_with_four_differing_pupils(store, library, clock, plan):
    app, run_id = _app_at_sporen(store, library, clock, plan, class_of(store, "6B", 28))
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        keys = ["z", "3", "c", "1", "1", "b", "1", "5", "c", "2", "6", "b", "enter"]
        await pilot.press(*keys)
        assert len(keys) == 13
        assert isinstance(app.screen, SporenScreen)
        run = app.session.run
        by_number = {p.number: p.id for p in run.pupils}
        values = run.state.self_assessment
        assert {n: values[by_number[n]] for n in (3, 11, 15, 26)} == {3: 3, 11: 2, 15: 3, 26: 2}
        assert sum(1 for v in values.values() if v == 1) == 24
        decisions = run.decisions()
        assert decisions[by_number[3]].spoor == 3 and decisions[by_number[3]].voluntary


async def test_self_assessment_undo(store, demo, library, clock, plan):
    app, run_id = _app_at_sporen(store, library, clock, plan, demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        await pilot.press("z", "5", "c", "u")
        assert isinstance(app.screen, SelfAssessmentScreen)
        run = app.session.run
        assert run.state.self_assessment[run.pupil_by_number(5).id] == 1


async def test_two_miniklas_departures_and_a_tenth_pupil(store, library, clock, plan):
    klas = class_of(store, "6B", 28)
    run_id = lesson_at_sporen(  # twelve pupils wrong at the closure
        store, plan, school_class=klas, marks=dict.fromkeys(range(11, 23), "fout"), asks_miniklas=()
    )
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, run_id, "s", "enter")
        flex = app.screen
        assert isinstance(flex, FlexScreen)
        run = app.session.run
        assert len(run.miniklas) == 12
        keys = ["1", "2", "v", "2", "2", "v"]
        await pilot.press(*keys)
        by_number = {p.number: p.id for p in run.pupils}
        assert set(run.state.jij.left_miniklas) == {by_number[12], by_number[22]}  # the 12th of the group too
        assert len(keys) == 6


async def test_flex_timer_hint_names_its_key_and_q_quits(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, run_id, "f")
        assert isinstance(app.screen, FlexScreen)
        await pilot.press("t")
        status = str(app.screen.query_one("#miniklas-timer #timer-status").render())
        assert "(t)" in status and "spatie" not in status
        assert not app._notifications  # nothing covers the key hints
        await pilot.press("q")
    assert app.return_code == 0 and app.session is None


@pytest.mark.parametrize(
    "at, keys, screen, expected",
    [
        (None, (), "lesson", "beurtstokje"),
        ("sporen", ("s",), "sporen", "g 14 3"),
        ("flex", ("f",), "flex", "7 v"),
    ],
)
async def test_help_lists_the_keys_of_the_screen_it_is_opened_from(store, demo, library, clock, plan, at, keys, screen, expected):
    """`?` on the lesson, the sporen and FLEX; the sporen and FLEX are reached from a lesson
    the core made (the keys that lead there are walked in test_tui_flow.py's
    test_kleine_afsluiting_split_flex_grote_afsluiting_closed)."""
    if at is None:
        app = app_for(store, library, clock, school_class=demo, plan=plan)
    else:
        run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=at == "flex")
        app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if at is not None:
            await resume(pilot, run_id, *keys)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and app.screen.screen_name == screen
        from textual.geometry import Region

        widget = app.screen.query_one("#help-text")  # every line, also those scrolled out of view
        text = "\n".join(s.text for s in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)))
        assert expected in text
        for key, _ in help_rows(screen):
            assert key in text


async def _footer_texts(app) -> list[str]:
    return [b.description for (_, b, enabled, tooltip) in app.screen.active_bindings.values() if b.show]


async def test_english_footers_have_no_dutch_even_if_screens_were_imported_first(store, demo, library, clock, plan):
    # the screen modules are imported (above) while the language is Dutch
    set_language("nl")
    dutch = {catalogue("nl")[k] for k in catalogue("nl") if k.startswith("keys.")} - {
        catalogue("en")[k] for k in catalogue("en") if k.startswith("keys.")
    }
    app = app_for(store, library, clock, lang="en", school_class=demo, plan=plan)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for keys in ((), ("n", "n", "n", "n", "escape", "n"), ("enter",), ("enter",)):
            await pilot.press(*keys)
            await pilot.pause()
            shown = await _footer_texts(app)
            assert shown, app.screen
            assert not dutch & set(shown), (app.screen, dutch & set(shown))
            footer = app.screen.query_one(Footer)
            assert footer is not None


async def test_footer_fits_at_80x24_without_cutting_a_word(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys in ((), ("c",), ("escape", "n", "n", "n", "n", "escape", "n", "enter", "enter"), ("enter",)):
            await pilot.press(*keys)
            await pilot.pause()
            labels = [
                f"{app.get_key_display(b)} {b.description}"
                for (_, b, enabled, tooltip) in app.screen.active_bindings.values()
                if b.show
            ]
            # Textual's footer: " key label " per binding, no command-palette hint
            assert sum(len(label) + 2 for label in labels) <= 80, (app.screen, labels)
            footer = app.screen.query_one(Footer)
            assert not footer.show_command_palette
    assert isinstance(LessonScreen, type)


async def test_keys_typed_faster_than_the_screen_draws_keep_their_order(store, library, clock, plan):
    """tmux, a barcode-fast typist or a remote desktop delivers keys in one burst; `g`
    must still apply to the digits behind it."""
    from textual import events

    app, run_id = _app_at_sporen(store, library, clock, plan, class_of(store, "6B", 28))
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        for key in "g133g53":
            app.post_message(events.Key(key, key))
        run = app.session.run
        by_number = {p.number: p.id for p in run.pupils}
        await wait_for(pilot, lambda: len(run.state.overrides) >= 2)
        assert run.state.overrides == {by_number[13]: 3, by_number[5]: 3}


async def test_marks_typed_in_one_burst_after_enter_are_all_kept(store, demo, library, clock, plan):
    from textual import events

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        for key in ["enter", "3", "f", "5", "h", "1", "2", "f"]:
            app.post_message(events.Key(key, None if key == "enter" else key))
        run = app.session.run
        await wait_for(pilot, lambda: bool(run.rounds) and len(run.rounds[0].marks) >= 3)
        marks = run.rounds[0].marks
        by_number = {p.number: p.id for p in run.pupils}
        assert marks == {by_number[3]: "fout", by_number[5]: "half", by_number[12]: "fout"}
        await pilot.press("enter")
        assert run.rounds[0].closed


async def test_a_burst_that_opens_a_screen_reaches_that_screen(store, demo, library, clock, plan):
    """`c 3 f` typed in one burst (tmux, a remote desktop): the keys behind `c` arrive
    before the question chooser has focus, and still mark pupil 3; `p 2 4 a` the same for
    attendance."""
    from textual import events

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        run = app.session.run
        by_number = {p.number: p.id for p in run.pupils}
        for key in "c3f":
            app.post_message(events.Key(key, key))
        assert await wait_for(pilot, lambda: bool(run.rounds) and bool(run.rounds[0].marks))
        assert run.rounds[0].marks == {by_number[3]: "fout"}
        # enter closes the round; the keys behind it open attendance and mark 24 absent
        for key in ["enter", *"p24a"]:
            app.post_message(events.Key(key, None if key == "enter" else key))
        assert await wait_for(pilot, lambda: by_number[24] not in run.present)
        assert run.rounds[0].closed and run.rounds[0].marks == {by_number[3]: "fout"}


async def test_self_assessment_refuses_an_absent_pupil_instead_of_marking_another(store, library, clock, plan):
    """The walk (issue 16.3): with 15 absent, `1 5 c` marked pupil 5."""
    run_id = lesson_at_sporen(store, plan, school_class=class_of(store, "6B", 28), marks={}, asks_miniklas=(), absent=(15,))
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        await pilot.press("z", "1", "5", "c")
        assert isinstance(app.screen, SelfAssessmentScreen)
        assert str(app.screen.query_one("#self-number").render()) == "15 is afwezig"
        run = app.session.run
        assert all(value == 1 for value in run.state.self_assessment.values())
        await pilot.press("1", "6", "c")
        assert run.state.self_assessment[run.pupil_by_number(16).id] == 3


async def test_sporen_g_refuses_a_number_and_the_spoor_after_it_sets_nobody(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan, school_class=class_of(store, "5C", 24), marks={}, asks_miniklas=(), absent=(15,))
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_sporen(pilot, app, run_id)
        line = lambda: str(app.screen.query_one("#sporen-number").render())  # noqa: E731
        await pilot.press("g", "2")
        assert line() == "nr 2…"
        await pilot.press("9", "3")
        assert line() == "geen leerling 29"
        await pilot.press("g", "1", "5", "3")
        assert line() == "15 is afwezig"
        run = app.session.run
        assert run.state.overrides == {}  # neither 2, 9, 1 nor 5 got spoor 3
        await pilot.press("g", "1", "enter", "3")
        assert run.state.overrides == {run.pupil_by_number(1).id: 3}


async def test_flex_refuses_a_number_outside_the_class(store, library, clock, plan):
    klas = class_of(store, "6B", 28)
    run_id = lesson_at_sporen(store, plan, school_class=klas, marks=dict.fromkeys(range(2, 5), "fout"), asks_miniklas=())
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, run_id, "s", "enter")
        assert isinstance(app.screen, FlexScreen)
        run = app.session.run
        await pilot.press("2", "9", "v", "2", "9", "h")
        assert str(app.screen.query_one("#flex-number").render()) == "geen leerling 29"
        assert run.state.jij.left_miniklas == {} and run.state.jij.help_queue == []
        assert app.screen.selected is None
        await pilot.press("3", "v")
        assert set(run.state.jij.left_miniklas) == {run.pupil_by_number(3).id}


def test_every_key_text_exists_in_both_languages():
    for lang in ("nl", "en"):
        texts = catalogue(lang)
        for keymap in KEYMAPS.values():
            for key in keymap:
                assert f"keys.{key.text}" in texts


# every screen of a lesson, and home: `k` turns klasveilig on or off there
LESSON_SCREENS = ("home", "lesson", "cfu", "picker", "attendance", "sporen", "self", "flex", "groups",
                  "board", "split_board", "export", "device")


def test_k_is_klasveilig_on_every_screen_of_a_lesson_and_in_its_help():
    for screen in LESSON_SCREENS:
        keys = {key.keys: key.action for key in KEYMAPS[screen]}
        assert keys.get("k") == "klasveilig", screen
        if any(key.action == "help" for key in KEYMAPS[screen]):  # the screen has `?`
            assert ("k", t("keyhelp.klasveilig")) in help_rows(screen), screen


async def test_k_on_home_turns_klasveilig_on_before_the_lesson(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("k")
        assert app.klasveilig
        await pilot.press("k")
        assert not app.klasveilig
