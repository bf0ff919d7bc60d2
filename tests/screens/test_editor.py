"""The lesson editor, walked as a teacher walks it: new from the template, a copy of an
example, phases and questions, a draft, edit as text, a file changed on disk, then teaching
the lesson that was made, with no file opened by hand."""
from __future__ import annotations

import difflib
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea
from tui_helpers import app_for

from lesson_tui.plan.lessonplan import example_lessons_dir, load_lesson
from lesson_tui.store.settings import own_lessons_dir
from lesson_tui.tui.screens.attendance import AttendanceScreen
from lesson_tui.tui.screens.editor import EditorScreen, NewLessonScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen


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
        assert isinstance(app.screen, LessonScreen) and app.session.run.plan.id == "spelling"


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
        assert error.startswith("regel 22 · fase[1].minuten: moet groter zijn dan 0"), error
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
    from lesson_tui.plan.lessonedit import DEFAULT_MINUTES
    from lesson_tui.plan.quicklesson import is_quick
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
        run = app.session.run
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


async def test_the_teacher_searches_filters_archives_and_sees_files_change_on_disk(store, library, clock):
    from tui_helpers import wait_for

    from lesson_tui.plan.lessonedit import LessonDraft
    from lesson_tui.store.settings import archive_dir

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
    from lesson_tui.store.settings import Settings
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


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_question_line_the_editor_cannot_read_is_kept_and_the_lesson_is_a_concept(store, library, clock):
    """16.1: the line showed an error, yet the status said ready and ctrl+s dropped it."""
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "f3", "down", "down")  # a copy of Breuken vergelijken, IK
        editor = app.screen
        cfu = await focus(pilot, "#phase-cfu")
        cfu.move_cursor(cfu.document.end)
        await pilot.press("enter")
        cfu.insert("[open vraag] Waarom zeggen we kwart?")
        await pilot.pause()
        error = str(editor.query_one("#phase-cfu-error").render())
        assert error.startswith(f"regel {len(cfu.text.splitlines())}: 'open vraag'") and "open" in error
        status = str(editor.query_one("#editor-status").render())
        assert "klaar om te geven" not in status and "concept" in status
        await pilot.press("ctrl+s")
        assert any("concept" in message for message in notes(app))
        await pilot.press("up", "down")  # another phase and back: the line is still there
    text = (own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml").read_text(encoding="utf-8")
    assert 'vraag = "Waarom zeggen we kwart?"' in text and 'niveau = "open vraag"' in text


async def test_the_text_tab_never_says_saved_for_a_text_that_was_not_saved(store, library, clock):
    """16.2: `minuten = 4,5`, ctrl+s said "bewaard", and esc left without asking."""
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "ctrl+s")  # the copy is on disk
        path = own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml"
        on_disk = path.read_bytes()
        app._notifications.clear()
        await pilot.press("f5")
        editor = app.screen
        area = editor.query_one("#editor-text", TextArea)
        area.load_text(area.text.replace("minuten = 4", "minuten = 4,5", 1))
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert path.read_bytes() == on_disk
        assert not any(message.startswith("bewaard") for message in notes(app))
        assert any(message.startswith("niet bewaard") and "regel" in message for message in notes(app))
        await pilot.press("escape")  # asks first: what is on screen is not on disk
        assert app.screen is editor
        await pilot.press("escape")  # the second esc lets it go
        assert isinstance(app.screen, HomeScreen)
    assert path.read_bytes() == on_disk


def inline_lesson(folder) -> Path:
    """A valid lesson (it passes `check`) whose phases are an inline array."""
    import tomllib

    import tomlkit

    source = example_lessons_dir() / "breuken-vergelijken.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    data["id"], data["fase"] = "inline", [data["fase"][i] for i in (1, 2, 3, 5, 6)]
    doc = tomlkit.document()
    for key, value in data.items():
        if key != "fase":
            doc[key] = value
    phases = tomlkit.array()
    for phase in data["fase"]:
        table = tomlkit.inline_table()
        for key, value in phase.items():
            if key == "cfu":
                questions = tomlkit.array()
                for question in value:
                    item = tomlkit.inline_table()
                    item.update(question)
                    questions.append(item)
                value = questions
            table[key] = value
        phases.append(table)
    doc.add("fase", phases.multiline(True))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "inline.toml"
    path.write_text(tomlkit.dumps(doc).replace("\\n", " "), encoding="utf-8")
    assert [p.soort for p in load_lesson(path).fase] == ["lesdoel", "ik", "wij", "kleine_afsluiting", "jij"]
    return path


async def test_a_lesson_with_inline_phases_keeps_them_all_when_phases_and_questions_change(store, library, clock):
    """17.19 and 17.20: ctrl+n then ctrl+s replaced five phases by one; a question typed or a
    phase deleted raised IndexError."""
    import tomllib

    from lesson_tui.plan.lessonedit import LessonDraft

    path = inline_lesson(own_lessons_dir(store.root))
    before = tomllib.loads(path.read_text(encoding="utf-8"))["fase"]
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EditorScreen(LessonDraft.open(path)))
        await pilot.pause()
        await pilot.press("f3")  # lesdoel, no questions yet
        cfu = await focus(pilot, "#phase-cfu")
        cfu.insert("[open] Wat leer je vandaag?")
        await pilot.pause()
        await focus(pilot, "#phase-table")
        await pilot.press("ctrl+n")
        await focus(pilot, "#phase-table")
        await pilot.press("ctrl+s")
        asked = {**before[0], "cfu": [{"vraag": "Wat leer je vandaag?", "niveau": "open"}]}
        added = {"soort": "voorkennis", "minuten": 4, "notities": ""}  # the first phase it lacks
        assert tomllib.loads(path.read_text(encoding="utf-8"))["fase"] == [asked, added, *before[1:]]
        await pilot.press("delete")  # the phase just added
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditorScreen)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["fase"] == [asked, *before[1:]]
    assert "[[fase]]" not in path.read_text(encoding="utf-8")


async def test_a_file_removed_while_edited_is_said_to_be_removed(store, library, clock):
    """17.24: it was reported as "veranderd"."""
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "ctrl+s")
        path = own_lessons_dir(store.root) / "breuken-vergelijken-kopie.toml"
        await focus(pilot, "#f-titel")
        await pilot.press(*" mijn versie")
        path.unlink()
        app._notifications.clear()
        await pilot.press("ctrl+s")
        assert not path.exists()
        message = notes(app)[-1]
        assert "verwijderd" in message and "veranderd" not in message
        await pilot.press("ctrl+s")  # the teacher puts it back
        assert "mijn versie" in path.read_text(encoding="utf-8")


async def test_a_save_on_a_full_disk_is_said_in_words(store, library, clock, monkeypatch):
    """17.22: the editor showed "[Errno 28] No space left on device: '….tmp'"."""
    import errno

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path.parent / f".{path.name}.k3j2.tmp"))

    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c")
        editor = app.screen
        monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", full)
        await pilot.press("ctrl+s")
        message = notes(app)[-1]
        assert "de schijf is vol" in message and ".tmp" not in message and "Errno" not in message
        await pilot.press("escape")  # not saved: asks
        assert app.screen is editor


async def test_archiving_into_an_archive_that_is_a_file_is_said_in_words(store, library, clock):
    """17.22: `a` with `archief` a file showed "[Errno 17] File exists"."""
    from lesson_tui.plan.lessonedit import LessonDraft
    from lesson_tui.store.settings import archive_dir

    mine = LessonDraft.copy(example_lessons_dir() / "waterkringloop.toml", own_lessons_dir(store.root), library.lessons)
    mine.save()
    archive_dir(store.root).write_text("geen map", encoding="utf-8")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.reload_library()
        await pilot.pause()
        lessons = await focus(pilot, "#lesson-list")
        lessons.highlighted = next(i for i, line in enumerate(lesson_list(app)) if "(kopie)" in line)
        await pilot.press("a")
        message = notes(app)[-1]
        assert "er staat al een bestand met die naam" in message and "Errno" not in message
        assert mine.path.exists()


async def test_editor_messages_wrap_and_labels_keep_a_space_before_their_field(store, library, clock):
    """16.21: a message was cut at the screen's edge; "Spoor 3: instructietafel" ran into
    its input."""
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#lesson-list")
        await pilot.press("c", "f3", "down", "down")
        editor = app.screen
        cfu = await focus(pilot, "#phase-cfu")
        cfu.insert("[open vraag] Waarom zeggen we kwart?\n")
        await pilot.pause()
        for selector in ("#phase-cfu-error", "#editor-status"):
            label = editor.query_one(selector)
            text = str(label.render())
            assert len(text) > label.content_region.width  # long enough to need two lines
            assert label.content_region.right <= 80 and label.content_region.height * label.content_region.width >= len(text), selector
        await pilot.press("f4")
        await pilot.pause()
        field = editor.query_one("#f-spoor3")
        label = field.parent.query_one(".editor-label")
        assert field.region.x >= label.region.x + len(str(label.render()).split("\n")[0]) + 1


async def test_retyping_a_value_keeps_its_line_the_line_endings_and_the_bom(store, library, clock):
    """17.23: the field emptied and a new value typed moved the key to the end of its table,
    with an LF line in a CRLF file, and the BOM went."""
    from lesson_tui.plan.lessonedit import LessonDraft

    source = (example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    path = own_lessons_dir(store.root) / "breuken.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + source.replace('id = "breuken-vergelijken"', 'id = "breuken"').replace("\n", "\r\n").encode("utf-8"))
    lines = path.read_bytes()[3:].decode("utf-8").split("\r\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("beheersing = "))
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EditorScreen(LessonDraft.open(path)))
        await pilot.pause()
        field = await focus(pilot, "#f-beheersing")
        field.value = ""
        await pilot.pause()
        await pilot.press("9", "0", "ctrl+s")
    saved = path.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and saved.count(b"\n") == saved.count(b"\r\n")
    after = saved[3:].decode("utf-8").split("\r\n")
    assert after[at] == "beheersing = 0.9" and after[:at] == lines[:at] and after[at + 1:] == lines[at + 1:]


async def test_typing_a_goal_offers_the_existing_one_so_it_never_becomes_two(store, library, clock):
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Breuken herhalen", "enter")
        app.screen.query_one("#new-vak", Input).value = ""
        await pilot.press(*"wiskunde", "enter")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert not editor.query_one("#goal-suggest").display
        await focus(pilot, "#f-doelen")
        await pilot.press(*"breuken vergelijk")
        offer = str(editor.query_one("#goal-suggest").render())
        assert "bestaand doel: breuken-vergelijken" in offer and "ctrl+o" in offer
        await pilot.press("ctrl+o")
        assert editor.query_one("#f-doelen", Input).value == "breuken-vergelijken"
        assert not editor.query_one("#goal-suggest").display  # written exactly: nothing to offer
        await pilot.press("ctrl+s")
        text = (own_lessons_dir(store.root) / "breuken-herhalen.toml").read_text(encoding="utf-8")
        assert 'doelen = ["breuken-vergelijken"]' in text  # a draft still: the lesdoel is to write
