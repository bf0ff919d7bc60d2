"""The lesson editor, walked as a teacher walks it: new from the template, a copy of an
example, phases and questions, a draft, edit as text, a file changed on disk, then teaching
the lesson that was made, with no file opened by hand."""

from __future__ import annotations

import difflib

from textual.widgets import Input, OptionList, TextArea

from lesson_tui.lessonplan import example_lessons_dir, load_lesson
from lesson_tui.settings import own_lessons_dir
from lesson_tui.tui.screens.attendance import AttendanceScreen
from lesson_tui.tui.screens.editor import EditorScreen, NewLessonScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from tui_helpers import app_for


def lesson_list(app) -> list[str]:
    options = app.screen.query_one("#lesson-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def focus(pilot, selector: str):
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    return widget


async def test_a_new_lesson_from_the_template_is_made_saved_and_taught(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewLessonScreen)
        await pilot.press(*"Spelling", "enter")
        vak = app.screen.query_one("#new-vak", Input)
        vak.value = ""
        await pilot.press(*"taal", "enter")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert "totaal 50 min" in str(editor.query_one("#editor-title").render())
        # the goal is missing: said under the field, and the lesson is a draft
        assert str(editor.query_one("#e-lesdoel").render()) == "mag niet leeg zijn"
        await focus(pilot, "#f-lesdoel")
        await pilot.press(*"Ik kies ")  # typed; the rest of the text as a paste would put it
        editor.query_one("#f-lesdoel", Input).insert_text_at_cursor("tussen ei en ij.")
        await pilot.pause()
        assert not editor.query_one("#e-lesdoel").display
        assert "klaar om te geven" in str(editor.query_one("#editor-status").render())
        # phases: IK gets 10 minutes and two check questions
        await pilot.press("f3")
        await pilot.press("down", "down")  # IK
        minutes = await focus(pilot, "#phase-minuten")
        minutes.value = ""
        await pilot.press("1", "0")
        cfu = await focus(pilot, "#phase-cfu")
        await pilot.press(*"[gesloten] ")
        cfu.insert("Schrijf: tr..n -> trein\nWaarom ei?")
        await pilot.pause()
        assert "totaal 52 min" in str(editor.query_one("#editor-title").render())
        await pilot.press("ctrl+s")
        path = own_lessons_dir(store.root) / "spelling.toml"
        plan = load_lesson(path)
        assert plan.vak == "taal" and plan.fase[2].minuten == 10
        assert [(q.vraag, q.niveau, q.antwoord) for q in plan.fase[2].cfu] == [
            ("Schrijf: tr..n", "gesloten", "trein"),
            ("Waarom ei?", "gesloten", None),
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert any(line.startswith("Spelling · taal") for line in lesson_list(app))
        # and it is taught, from the home screen, like any lesson
        await focus(pilot, "#class-list")
        await pilot.press("enter")  # the class, then the lesson
        titles = lesson_list(app)
        lessons = app.screen.query_one("#lesson-list", OptionList)
        lessons.highlighted = next(i for i, line in enumerate(titles) if "Spelling" in line)
        await pilot.press("enter")
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen) and app.lesson_run.plan.id == "spelling"


async def test_a_copy_of_an_example_keeps_its_comments_and_changes_one_line(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")  # Breuken vergelijken is the first lesson
        await pilot.press("w")  # an example is not changed in place
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("f3", "down", "down")
        minutes = await focus(pilot, "#phase-minuten")
        minutes.value = "9"
        await pilot.pause()
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, HomeScreen)
    source = example_lessons_dir() / "breuken-vergelijken.toml"
    copy = own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml"
    diff = [
        line
        for line in difflib.unified_diff(source.read_text(encoding="utf-8").splitlines(), copy.read_text(encoding="utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert sorted(diff) == sorted([
        '-id = "breuken-vergelijken"', '+id = "breuken-vergelijken-kopie"',
        '-titel = "Breuken vergelijken"', '+titel = "Breuken vergelijken (kopie)"',
        "-minuten = 8", "+minuten = 9",
    ])


async def test_a_draft_is_listed_refused_at_start_and_finished_later(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"Lezen", "enter", "enter")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, HomeScreen)
        lines = lesson_list(app)
        assert lines[-1] == "✎ Lezen · concept"
        lessons = await focus(pilot, "#lesson-list")
        lessons.highlighted = len(lines) - 1
        await pilot.pause()
        assert "lesdoel: mag niet leeg zijn" in str(app.screen.query_one("#lesson-preview").render())
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)  # not started
        assert any("concept" in n.message for n in app._notifications)
        await pilot.press("w")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await focus(pilot, "#f-lesdoel")
        await pilot.press(*"Ik lees vlot.")
        await pilot.press("escape")  # not saved: asks first
        assert app.screen is editor
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert "Lezen · taal" not in lesson_list(app)[-1] and any(line.startswith("Lezen") for line in lesson_list(app))


async def test_edit_as_text_names_the_line_of_a_mistake_and_takes_the_fix(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "f5")
        editor = app.screen
        area = editor.query_one("#editor-text", TextArea)
        text = area.text
        area.load_text(text.replace("minuten = 4", "minuten = 4,5", 1))
        await pilot.pause()
        error = str(editor.query_one("#editor-text-error").render())
        assert error.startswith("regel ") and "4.5 in plaats van 4,5" in error
        await pilot.press("f2")  # not away from a text with a syntax error
        assert editor.query_one("#editor-tabs").active == "tab-text"
        area.load_text(text.replace("minuten = 4", "minuten = 0", 1))  # valid TOML, not a valid lesson
        await pilot.pause()
        error = str(editor.query_one("#editor-text-error").render())
        assert error.startswith("regel 21 · fase[1].minuten: moet groter zijn dan 0"), error
        area.load_text(text.replace("minuten = 4", "minuten = 4.5", 1))
        await pilot.pause()
        assert not editor.query_one("#editor-text-error").display
        await pilot.press("f2")
        assert editor.query_one("#editor-tabs").active == "tab-general"
        assert "totaal 50.5 min" in str(editor.query_one("#editor-title").render())
        await pilot.press("ctrl+s")
    assert load_lesson(own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml").fase[0].minuten == 4.5


async def test_a_lesson_changed_on_disk_meanwhile_is_not_overwritten(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "ctrl+s", "escape")
        path = own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml"
        lessons = app.screen.query_one("#lesson-list", OptionList)
        lessons.highlighted = next(i for i, line in enumerate(lesson_list(app)) if "(kopie)" in line)
        await pilot.press("w")
        editor = app.screen
        await focus(pilot, "#f-titel")
        await pilot.press(*" mijn versie")
        path.write_text(path.read_text(encoding="utf-8").replace("(kopie)", "(collega)"), encoding="utf-8")
        await pilot.press("ctrl+s")
        assert "(collega)" in path.read_text(encoding="utf-8")  # not overwritten
        assert any("veranderd" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")  # the teacher confirms
        assert "mijn versie" in path.read_text(encoding="utf-8")
        assert app.screen is editor


async def test_a_quick_lesson_needs_only_a_goal_and_is_kept_with_the_questions_asked(store, library, clock):
    from lesson_tui.lessonedit import DEFAULT_MINUTES, is_quick
    from lesson_tui.tui.screens.cfu import CfuScreen
    from lesson_tui.tui.screens.quick import QuickLessonScreen

    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")  # for the highlighted class, Demo 4A
        assert isinstance(app.screen, QuickLessonScreen)
        app.screen.query_one("#quick-goal", Input).value = "Ik kan de hoofdgedachte van een tekst vinden."
        await pilot.press("enter")
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        run = app.lesson_run
        assert is_quick(run.plan) and run.plan.lesdoel.startswith("Ik kan de hoofdgedachte")
        assert [p.minuten for p in run.plan.fase] == list(DEFAULT_MINUTES.values())
        await pilot.press("n", "n")  # IK; no planned questions: the teacher asks one live
        await pilot.press("c", "enter")
        assert isinstance(app.screen, CfuScreen)
        app.screen.query_one("#cfu-own", Input).value = "Wat is de hoofdgedachte van alinea 2?"
        await pilot.press("enter", "4", "f", "enter")
        assert run.rounds[0].vraag == "Wat is de hoofdgedachte van alinea 2?" and run.rounds[0].closed
        assert app.session.close()  # the closing screen's ctrl+s, tested in the flow tests
        app.finish_lesson()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)  # offered to keep as a lesson file
        assert editor.draft.problems() == []
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, HomeScreen)
    kept = load_lesson(own_lessons_dir(store.root) / "ik-kan-de-hoofdgedachte-van-een-tekst-vinden.toml")
    assert [q.vraag for q in kept.fase[2].cfu] == ["Wat is de hoofdgedachte van alinea 2?"]
    assert kept.lesdoel == "Ik kan de hoofdgedachte van een tekst vinden."


def test_the_library_filter_ignores_capitals_and_accents():
    from lesson_tui.lessonplan import lesson_matches

    assert lesson_matches("De kringloop van het water", "wereldoriëntatie", "KRING water")
    assert lesson_matches("Café-les", "taal", "cafe")
    assert lesson_matches("Breuken", "wiskunde", "wisk")
    assert not lesson_matches("Breuken", "wiskunde", "water")
    assert not lesson_matches("Breuken", "wiskunde", "", vak_filter="taal")
    assert lesson_matches("Breuken", "Wiskunde", "", vak_filter="wiskunde")


async def test_the_teacher_searches_filters_archives_and_sees_files_change_on_disk(store, library, clock):
    from lesson_tui.lessonedit import LessonDraft
    from lesson_tui.settings import archive_dir
    from tui_helpers import wait_for

    own = own_lessons_dir(store.root)
    mine = LessonDraft.copy(example_lessons_dir() / "waterkringloop.toml", own, library.lessons)
    mine.save()
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.reload_library()
        await pilot.pause()
        assert len(lesson_list(app)) == 5
        await pilot.press("slash", *"kring")
        assert [line.split(" · ")[0] for line in lesson_list(app)] == [
            "De kringloop van het water", "De kringloop van het water (kopie)"]
        await pilot.press("escape")  # clears the search
        assert len(lesson_list(app)) == 5
        await pilot.press("v")  # one subject at a time
        subjects = {line.split(" · ")[1] for line in lesson_list(app)}
        assert len(subjects) == 1
        await pilot.press("v", "v", "v", "v")  # all subjects again after the last one (four subjects)
        assert len(lesson_list(app)) == 5
        lessons = await focus(pilot, "#lesson-list")
        lessons.highlighted = 0  # an example: not archived
        await pilot.press("a")
        assert len(lesson_list(app)) == 5
        lessons.highlighted = next(i for i, line in enumerate(lesson_list(app)) if "(kopie)" in line)
        await pilot.press("a")
        assert len(lesson_list(app)) == 4 and not mine.path.exists()
        assert (archive_dir(store.root) / mine.path.name).exists()  # moved aside, not deleted
        # a colleague drops a lesson in the folder: the list follows
        text = (example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8")
        (own / "van-een-collega.toml").write_text(
            text.replace('id = "breuken-vergelijken"', 'id = "collega"').replace("Breuken vergelijken", "Les van een collega"),
            encoding="utf-8",
        )
        assert await wait_for(pilot, lambda: any("Les van een collega" in line for line in lesson_list(app)))


async def test_an_added_folder_can_be_forgotten_in_the_app(store, library, clock, tmp_path):
    from lesson_tui.settings import Settings
    from lesson_tui.tui.screens.folder import FolderScreen

    shared = tmp_path / "gedeeld"
    shared.mkdir()
    text = (example_lessons_dir() / "waterkringloop.toml").read_text(encoding="utf-8")
    (shared / "w.toml").write_text(text.replace('id = "waterkringloop"', 'id = "gedeeld"'), encoding="utf-8")
    Settings(store.root).add_lesson_dir(shared)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.reload_library()
        await pilot.press("m")
        assert isinstance(app.screen, FolderScreen)
        await focus(pilot, "#folder-list")
        await pilot.press("delete")
        assert Settings(store.root).lesson_dirs == []
        assert "gedeeld" not in app.library.lessons and (shared / "w.toml").exists()
