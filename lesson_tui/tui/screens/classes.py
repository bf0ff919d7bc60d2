"""Classes in the app: import a class list (pick the file, see what was read, confirm) and
add, rename or archive a pupil. Every rule is in the core (`DataStore.import_class`,
`add_pupil`, `rename_pupil`, `archive_pupil`, `import_summary`): these screens only ask."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, DirectoryTree, Input

from lesson_tui.base.i18n import t
from lesson_tui.klas.classimport import ClassListReading, read_class_file
from lesson_tui.klas.numbers import parse_number
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.store.datastore import import_summary
from lesson_tui.tui.screens.confirm import ConfirmScreen
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static, plain

CLASS_LIST_SUFFIXES = {".csv", ".txt", ".tsv"}


class ClassFileTree(DirectoryTree):
    """Folders and the files a class list can be in; hidden files left out."""

    def filter_paths(self, paths):
        shown = []
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or path.suffix.lower() in CLASS_LIST_SUFFIXES:
                    shown.append(path)
            except OSError:
                continue
        return shown


@dataclass(frozen=True)
class Imported:
    class_id: str
    lines: list[str]  # the summary, as `lesson-tui class import` prints it


class ClassImportScreen(KeyMapped, Screen[Imported | None]):
    KEYMAP = "class_import"

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.home()
        self.path: Path | None = None
        self.reading: ClassListReading | None = None
        self.name_order: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(t("classes.import_title"), classes="section-title")
        with Vertical(id="import-pick"):
            yield Label(t("classes.import_hint"))
            yield Input(value=str(self.folder), placeholder=t("classes.path_placeholder"), id="import-path")
            yield ClassFileTree(self.folder, id="import-tree")
        with Vertical(id="import-preview", classes="-hidden"):
            yield Static("", id="import-notes")
            yield DataTable(id="import-rows", zebra_stripes=True, cursor_type="row")
            yield Label(t("classes.name_label"))
            yield Input(placeholder=t("classes.name_placeholder"), id="import-name", max_length=40)
            yield Label(t("classes.confirm_hint"), id="import-confirm-hint")
        yield Label("", id="import-error")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _error(self, text: str) -> None:
        self.query_one("#import-error", Label).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "import-path":
            return
        event.stop()
        folder = Path(event.value.strip().strip('"')).expanduser()
        try:
            if folder.is_dir() and folder != self.query_one(ClassFileTree).path:
                self.query_one(ClassFileTree).path = folder
        except OSError:
            pass

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "import-name":
            self.action_confirm()
            return
        text = event.value.strip().strip('"')
        path = Path(text).expanduser() if text else None
        if path is not None and path.is_dir():
            self.query_one(ClassFileTree).focus()
        elif path is None or not path.is_file():
            self._error(t("classes.no_file", path=text or "-"))
        else:
            self._read(path)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#import-path", Input).value = str(event.path)
        self._read(Path(event.path))

    def _read(self, path: Path, name_order: str | None = None) -> None:
        """Read with the same tolerant reader as `lesson-tui class import`; show what was
        read and ask for the class's name."""
        try:
            reading = read_class_file(path, name_order)
        except ClassListError as error:
            self._error(str(error))
            return
        first_time = self.path != path
        self.path, self.reading, self.name_order = path, reading, name_order
        self._error("")
        notes = [t("classes.read_from", path=path, count=len(reading.rows))]
        notes.extend(f"· {note}" for note in reading.notes)
        self.query_one("#import-notes", Static).update(plain("\n".join(notes)))
        table = self.query_one("#import-rows", DataTable)
        table.clear(columns=True)
        table.add_columns(t("classes.col_number"), t("classes.col_first"), t("classes.col_last"))
        for position, row in enumerate(reading.rows, start=1):
            number = row.number if row.number is not None else position
            table.add_row(plain(number), plain(row.first_name), plain(row.last_name))
        self.query_one("#import-pick").set_class(True, "-hidden")
        self.query_one("#import-preview").set_class(False, "-hidden")
        name = self.query_one("#import-name", Input)
        if first_time:
            name.value = path.stem[:40]
        name.focus()

    def action_name_order(self) -> None:
        """Read a single name column the other way round (family name first or last)."""
        if self.path is None or self.reading is None:
            return
        if self.reading.name_order is None:
            self.notify(t("classes.two_columns"))
            return
        self._read(self.path, "first-last" if self.reading.name_order == "last-first" else "last-first")

    def action_confirm(self) -> None:
        if self.reading is None:
            self._error(t("classes.pick_first"))
            return
        name = self.query_one("#import-name", Input).value
        store = self.app.store
        try:
            result = store.import_class(name, self.reading.rows)
        except ClassListError as error:
            self._error(str(error))
            return
        lines = import_summary(result, self.reading.notes)
        if result.recovered or result.lost:
            lines.insert(0, store.problems[-1])  # where the damaged class file was put
        self.dismiss(Imported(result.school_class.id, lines))

    def action_back(self) -> None:
        """From the preview back to the files; from the files back home."""
        if self.reading is not None:
            self.reading = self.path = None
            self.query_one("#import-preview").set_class(True, "-hidden")
            self.query_one("#import-pick").set_class(False, "-hidden")
            self.query_one("#import-path", Input).focus()
            self._error("")
            return
        self.dismiss(None)


# --- the pupils of a class ------------------------------------------------------------------


class PupilsScreen(KeyMapped, Screen[None]):
    KEYMAP = "pupils"

    def __init__(self, class_id: str) -> None:
        super().__init__()
        self.class_id = class_id
        self.pupils: list = []

    def compose(self) -> ComposeResult:
        yield Label("", id="pupils-title", classes="section-title")
        yield DataTable(id="pupils-table", zebra_stripes=True, cursor_type="row")
        yield Label(t("classes.pupils_hint"), id="pupils-hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show()
        self.query_one("#pupils-table", DataTable).focus()

    def _show(self, keep: str | None = None) -> None:
        school_class = self.app.store.class_by_id(self.class_id)
        table = self.query_one("#pupils-table", DataTable)
        if school_class is None:
            self.pupils = []
            self.query_one("#pupils-title", Label).update(t("class.gone"))
            table.clear(columns=True)
            return
        self.pupils = school_class.active_pupils
        self.query_one("#pupils-title", Label).update(
            t("classes.pupils_title", klas=school_class.name, count=len(self.pupils))
        )
        table.clear(columns=True)
        table.add_columns(t("classes.col_number"), t("classes.col_first"), t("classes.col_last"))
        for pupil in self.pupils:
            table.add_row(plain(pupil.number), plain(pupil.first_name), plain(pupil.last_name), key=pupil.id)
        ids = [p.id for p in self.pupils]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def _highlighted(self):
        table = self.query_one("#pupils-table", DataTable)
        if not self.pupils or table.cursor_row is None or table.cursor_row >= len(self.pupils):
            return None
        return self.pupils[table.cursor_row]

    def _done(self, message: str, keep: str | None = None) -> None:
        self._show(keep)
        self.notify(message)

    def action_add(self) -> None:
        store = self.app.store

        def save(first: str, last: str, number: int | None):
            pupil = store.add_pupil(self.class_id, first, last, number)
            self._done(t("classes.added", name=pupil.full_name, number=pupil.number), pupil.id)

        self.app.push_screen(PupilFormScreen(t("classes.add_title"), save, ask_number=True))

    def action_rename(self) -> None:
        pupil = self._highlighted()
        if pupil is None:
            return
        store = self.app.store

        def save(first: str, last: str, _number: int | None):
            renamed = store.rename_pupil(self.class_id, pupil.id, first, last)
            self._done(t("classes.renamed", old=pupil.full_name, name=renamed.full_name), renamed.id)

        self.app.push_screen(
            PupilFormScreen(t("classes.rename_title", name=pupil.full_name), save, first=pupil.first_name, last=pupil.last_name)
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_rename()

    def action_archive(self) -> None:
        pupil = self._highlighted()
        if pupil is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.store.archive_pupil(self.class_id, pupil.id)
            except ClassListError as error:
                self.notify(str(error), severity="error")
                return
            self._done(t("classes.archived", name=pupil.full_name))

        self.app.push_screen(ConfirmScreen(t("classes.archive_question", name=pupil.full_name, number=pupil.number)), answer)

    def action_back(self) -> None:
        self.dismiss(None)


class PupilFormScreen(KeyMapped, ModalScreen[None]):
    """A pupil's name (and, for a new pupil, class number): `save` raises ClassListError
    with the teacher's message, shown here, and the form stays open."""

    KEYMAP = "pupil_form"

    def __init__(self, title: str, save, *, first: str = "", last: str = "", ask_number: bool = False) -> None:
        super().__init__()
        self.title_text, self.save, self.ask_number = title, save, ask_number
        self.first, self.last = first, last

    def compose(self) -> ComposeResult:
        with Vertical(id="pupil-form"):
            yield Label(self.title_text, classes="section-title")
            yield Label(t("classes.col_first"))
            yield Input(value=self.first, id="pupil-first", max_length=60, compact=True)
            yield Label(t("classes.col_last"))
            yield Input(value=self.last, id="pupil-last", max_length=60, compact=True)
            if self.ask_number:
                yield Label(t("classes.number_label"))
                yield Input(placeholder=t("classes.number_placeholder"), id="pupil-number", max_length=3, restrict=r"[0-9]*", compact=True)
            yield Label(t("classes.form_hint"))
            yield Label("", id="pupil-error")

    def on_mount(self) -> None:
        self.query_one("#pupil-first", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        first = self.query_one("#pupil-first", Input).value
        last = self.query_one("#pupil-last", Input).value
        number = None
        if self.ask_number:
            number = parse_number(self.query_one("#pupil-number", Input).value)
        try:
            self.save(first, last, number)
        except ClassListError as error:
            self.query_one("#pupil-error", Label).update(str(error))
            return
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
