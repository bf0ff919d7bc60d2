"""Classes in the app: the class list follows the disk, a class list is imported with a
preview and a confirmation, and pupils are added, renamed and removed without a terminal."""

from __future__ import annotations

from textual.widgets import DataTable, DirectoryTree, Input, OptionList
from tui_helpers import app_for, wait_for

from lesson_tui.cli.main import main
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.tui.screens.classes import ClassImportScreen, PupilFormScreen, PupilsScreen
from lesson_tui.tui.screens.confirm import ConfirmScreen
from lesson_tui.tui.screens.home import HomeScreen

SMARTSCHOOL = "Klasnummer;Naam;Voornaam\r\n1;Benali;Aya\r\n2;Claes;Bo\r\n3;De Smet;Noah\r\n4;Saïdi;Nour\r\n".encode("cp1252")


def _class_names(app) -> list[str]:
    classes = app.screen.query_one("#class-list", OptionList)
    return [str(classes.get_option_at_index(i).prompt) for i in range(classes.option_count)]


def _label(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_class_imported_on_the_command_line_appears_while_the_app_is_open(store, library, clock, tmp_path, monkeypatch):
    monkeypatch.setattr(HomeScreen, "WATCH_SECONDS", 0.05)
    csv_file = tmp_path / "6a.csv"
    csv_file.write_text("naam\nAya Benali\nBo Claes\n", encoding="utf-8")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _class_names(app) == ["Demo 4A · 24"]
        assert main(["--data-dir", str(store.root), "class", "import", str(csv_file), "--name", "6A"]) == 0
        assert await wait_for(pilot, lambda: "6A · 2" in _class_names(app))
        # a pupil added in another window: the count follows too
        klas = store.get_class("6A")
        store.add_pupil(klas.id, "Cas")
        assert await wait_for(pilot, lambda: "6A · 3" in _class_names(app))


async def test_import_shows_names_and_columns_read_and_saves_only_on_confirm(store, library, clock, tmp_path):
    csv_file = tmp_path / "klas-5B.csv"
    csv_file.write_bytes(SMARTSCHOOL)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ClassImportScreen)
        screen.query_one("#import-path", Input).value = str(csv_file)
        await pilot.press("enter")
        await pilot.pause()
        table = screen.query_one("#import-rows", DataTable)
        assert [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)] == [
            ["1", "Aya", "Benali"], ["2", "Bo", "Claes"], ["3", "Noah", "De Smet"], ["4", "Nour", "Saïdi"],
        ]
        notes = _label(screen, "#import-notes")
        assert "voornaam uit kolom 'Voornaam', familienaam uit kolom 'Naam'" in notes and "Windows-1252" in notes
        name = screen.query_one("#import-name", Input)
        assert name.has_focus and name.value == "klas-5B"
        assert not list((store.root / "classes").glob("*.json"))  # nothing saved yet
        name.value = "5B"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "5B · 4" in _class_names(app)
        classes = app.screen.query_one("#class-list", OptionList)
        assert app.screen.selected_class().name == "5B" and classes.highlighted is not None
        said = "\n".join(n.message for n in app._notifications)
        assert "Klas 5B: 4 leerlingen (4 nieuw" in said and "Windows-1252" in said
        first_id = store.get_class("5B").id

        # a re-import in other capitals is the same class: its history is kept
        await pilot.press("i")
        app.screen.query_one("#import-path", Input).value = str(csv_file)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#import-name", Input).value = "5b"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _class_names(app) == ["5b · 4", "Demo 4A · 24"]
        assert store.get_class("5b").id == first_id
        assert "0 nieuw, 4 behouden" in list(app._notifications)[-1].message


async def test_a_bad_file_is_said_in_one_line_and_nothing_changes(store, library, clock, tmp_path):
    bad = tmp_path / "foto.csv"
    bad.write_bytes(b"\x89PNG\r\n\x00\x00\x00")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        screen = app.screen
        screen.query_one("#import-path", Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        error = _label(screen, "#import-error")
        assert "geen tekstbestand" in error and "\n" not in error
        screen.query_one("#import-path", Input).value = str(tmp_path / "weg.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert "geen bestand" in _label(screen, "#import-error")
        assert app.screen is screen
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert _class_names(app) == ["Demo 4A · 24"]


async def test_the_file_can_be_picked_in_the_folder_list(store, library, clock, tmp_path):
    folder = tmp_path / "klaslijsten"
    folder.mkdir()
    (folder / "4b.csv").write_text("naam\nAya\nBo\n", encoding="utf-8")
    (folder / "notities.docx").write_bytes(b"x")
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(ClassImportScreen(folder))
        await pilot.pause()
        tree = app.screen.query_one(DirectoryTree)
        assert await wait_for(pilot, lambda: len(tree.root.children) == 1)  # the .docx is not listed
        tree.focus()
        await pilot.press("down", "enter")
        assert await wait_for(pilot, lambda: app.screen.reading is not None)
        assert app.screen.query_one("#import-path", Input).value == str(folder / "4b.csv")
        assert app.screen.query_one("#import-rows", DataTable).row_count == 2


async def test_pupils_are_added_renamed_and_removed_in_the_app(store, library, clock, plan):
    klas = store.import_class("5B", parse_class_csv(b"naam\nAya Benali\nBo Claes\nCas Dhont\n")).school_class
    run = store.start_run(klas, plan, set())
    store.release(run.run_id)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#class-list", OptionList).focus()
        assert app.screen.selected_class().name == "5B"
        await pilot.press("l")
        screen = app.screen
        assert isinstance(screen, PupilsScreen)
        table = screen.query_one("#pupils-table", DataTable)
        assert table.row_count == 3

        await pilot.press("n")
        assert isinstance(app.screen, PupilFormScreen)
        await pilot.press(*"Eva", "tab", *"Fonteyn", "tab", "2", "enter")
        await pilot.pause()
        assert "al van Bo Claes" in _label(app.screen, "#pupil-error")  # the form stays open
        app.screen.query_one("#pupil-number", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and table.row_count == 4
        assert [str(c) for c in table.get_row_at(3)] == ["4", "Eva", "Fonteyn"]

        table.move_cursor(row=1)
        await pilot.press("r")
        form = app.screen
        assert form.query_one("#pupil-first", Input).value == "Bo"
        form.query_one("#pupil-last", Input).value = "Claes-Dewit"
        await pilot.press("enter")
        await pilot.pause()
        assert [str(c) for c in table.get_row_at(1)] == ["2", "Bo", "Claes-Dewit"]

        table.move_cursor(row=2)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert table.row_count == 4  # "no": nothing changed
        await pilot.press("x", "j")
        await pilot.pause()
        assert table.row_count == 3
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.geometry import Region

        widget = app.screen.query_one("#help-text")  # every line, also those scrolled out of view
        text = "\n".join(s.text for s in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)))
        assert "gearchiveerd: de geschiedenis blijft bewaard" in " ".join(text.split())
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert "5B · 3" in _class_names(app)

    now = store.get_class("5B")
    assert [p.full_name for p in now.active_pupils] == ["Aya Benali", "Bo Claes-Dewit", "Eva Fonteyn"]
    cas = next(p for p in now.pupils if p.first_name == "Cas")
    assert not cas.active  # archived, never deleted
    assert [p.full_name for p in store.open_run(run.run_id, lock=False).pupils] == ["Aya Benali", "Bo Claes", "Cas Dhont"]
