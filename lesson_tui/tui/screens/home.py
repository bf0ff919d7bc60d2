"""Home: resume an unfinished lesson, or pick a class and a lesson plan and start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from lesson_tui.base.clock import from_iso
from lesson_tui.base.i18n import t
from lesson_tui.plan.lessonplan import LessonFileError, LessonPlan, draft_title, in_folder
from lesson_tui.session.resume import resume_facts
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static, plain

PROBLEM_LINES = 5  # the rest is one line away: `lesson-tui check` and the data folder


class HomeScreen(KeyMapped, Screen):
    KEYMAP = "home"
    # no automatic first focus: on_mount focuses the list that Enter should act on, and
    # Textual focusing the first list before that restyled two lists for nothing at start
    AUTO_FOCUS = ""

    def compose(self) -> ComposeResult:
        app = self.app
        yield Label(t("ui.home_title"), id="home-title")
        self._school_classes = app.store.classes()
        self._classes_stamp = app.store.classes_stamp()
        yield Static("", id="home-problems", classes="-hidden")
        with Vertical(id="resume-box"):
            yield Label(t("ui.resume_title"), classes="section-title")
            yield OptionList(id="resume-list")
        with Horizontal(id="pick-row"):
            with Vertical(id="class-box"):
                yield Label(t("ui.class_title"), classes="section-title")
                yield OptionList(*self._class_options(), id="class-list")
            with Vertical(id="lesson-box"):
                yield Label(t("ui.lesson_title"), classes="section-title", id="lesson-title")
                yield Input(placeholder=t("library.search_placeholder"), id="lesson-search", compact=True)
                yield OptionList(id="lesson-list")
            yield Static("", id="lesson-preview")
        yield Label(t("ui.home_hint"), id="home-hint")
        yield Footer(show_command_palette=False)

    def _resume_label(self, summary, facts) -> str:
        """`facts`: the phase and the last event's time (`session/resume.py`), None for a
        run that cannot be read (it still gets a line; opening it explains)."""
        stopped = summary.started_at
        if facts is None:
            name = "?"
        else:
            soort, last = facts
            name = t(f"phase.{soort}") if soort is not None else "-"
            stopped = last or stopped
        when = from_iso(stopped).strftime("%d/%m %H:%M")
        there = self._elsewhere.get(summary.run_id)
        if there is not None:  # another PC's lesson: said so, and taken over only when asked
            key = "ui.resume_live_there" if there.live else "ui.resume_left_there"
            when = there.last_at.astimezone().strftime("%d/%m %H:%M")
            return t(key, klas=summary.class_name, les=summary.titel, fase=name, when=when, pc=there.name)
        return t("ui.resume_line", klas=summary.class_name, les=summary.titel, fase=name, when=when)

    def _load_unfinished(self) -> None:
        resume = self.query_one("#resume-list", OptionList)
        resume.clear_options()
        store = self.app.store
        found = store.unfinished_runs()
        self._elsewhere = {r.run_id: there for r in found[:5] if (there := store.elsewhere(r)) is not None}
        # this PC's own lessons first: the one Enter goes on with is never another PC's
        unfinished = sorted(found[:5], key=lambda r: r.run_id in self._elsewhere)
        facts = resume_facts(store, unfinished)
        resume.add_options([Option(plain(self._resume_label(r, facts[r.run_id])), id=r.run_id) for r in unfinished])
        resume.highlighted = 0 if unfinished else None
        self.query_one("#resume-box").set_class(not unfinished, "-hidden")

    def _show_problems(self) -> None:
        """Damaged files found while loading (named, left untouched) and broken lesson plans."""
        drafts = set(map(id, getattr(self, "_all_drafts", [])))
        broken = [err for err in self.app.library.errors if id(err) not in drafts]
        problems = [*self.app.store.problems, *(line for err in broken for line in err.lines())]
        widget = self.query_one("#home-problems", Static)
        shown = problems if len(problems) <= PROBLEM_LINES else problems[: PROBLEM_LINES - 1]
        lines = [f"⚠ {p}" for p in shown]
        if len(shown) < len(problems):
            lines.append(t("ui.problems_more", count=len(problems) - len(shown)))
        widget.update("\n".join(lines))
        widget.set_class(not problems, "-hidden")

    def _load_lessons(self) -> None:
        from lesson_tui.plan.lessonplan import lesson_matches
        from lesson_tui.store.settings import own_lessons_dir

        library = self.app.library
        query = self.query_one("#lesson-search", Input).value
        subject = getattr(self, "subject", None)
        self._plans = [
            plan
            for _, plan in sorted(library.lessons.values(), key=lambda x: x[1].titel)
            if lesson_matches(plan.titel, plan.vak, query, subject)
        ]
        # drafts: lessons in the teacher's own folder (made in the editor) that do not pass
        # the check yet; a broken file elsewhere stays a problem named at the top
        self._all_drafts = library.drafts(own_lessons_dir(self.app.store.root))
        self._drafts = [e for e in self._all_drafts if subject is None and lesson_matches(draft_title(e.path), "", query)]
        title = t("ui.lesson_title")
        if subject is not None:
            title += f" · {subject}"
        self.query_one("#lesson-title", Label).update(title)
        lessons = self.query_one("#lesson-list", OptionList)
        lessons.clear_options()
        lessons.add_options(
            [Option(Text.assemble(p.titel, (f" · {p.vak}", "dim")), id=f"lesson-{i}") for i, p in enumerate(self._plans)]
        )
        lessons.add_options(
            [Option(plain(t("editor.draft_line", titel=draft_title(e.path))), id=f"draft-{i}") for i, e in enumerate(self._drafts)]
        )
        # two versions of a lesson a sync engine left: one line each, enter to choose
        self._versions = [v for v in library.versions if subject is None and lesson_matches(v.titel, "", query)]
        lessons.add_options(
            [Option(plain(t("sync.versions_line", titel=v.titel)), id=f"versions-{i}") for i, v in enumerate(self._versions)]
        )
        lessons.highlighted = 0 if lessons.option_count else None

    def reload_lessons(self) -> None:
        """The library changed (a lesson saved or made): the list, problems and preview."""
        lessons = self.query_one("#lesson-list", OptionList)
        keep = lessons.highlighted
        self._load_lessons()
        if keep is not None and lessons.option_count:
            lessons.highlighted = min(keep, lessons.option_count - 1)
        self._show_problems()
        self._show_preview()

    WATCH_SECONDS = 3.0

    def on_mount(self) -> None:
        self.watch(self.app, "library_version", lambda _: self.reload_lessons(), init=False)
        self._disk_stamp: tuple[tuple[str, int, int], ...] | None = None
        self._watch_disk()
        self.set_interval(self.WATCH_SECONDS, self._watch_disk)
        self._load_lessons()
        self._load_unfinished()
        self._just_mounted = True  # the resume Textual sends right after: nothing changed yet
        self._show_problems()
        resume = self.query_one("#resume-list", OptionList)
        if resume.option_count:
            resume.focus()
        else:
            self.query_one("#class-list", OptionList).focus()
        for list_id in ("#class-list", "#lesson-list"):
            widget = self.query_one(list_id, OptionList)
            if widget.option_count:
                widget.highlighted = 0
        self._show_preview()

    def action_close_unfinished(self) -> None:
        """Close the highlighted unfinished lesson (it stays in the history, as it is)."""
        resume = self.query_one("#resume-list", OptionList)
        if not resume.has_focus or resume.highlighted is None:
            self.notify(t("ui.close_unfinished_hint"))
            return
        option = resume.get_option_at_index(resume.highlighted)
        run_id = option.id

        def answered(yes: bool | None) -> None:
            if yes and self.app.close_unfinished(run_id):
                self._load_unfinished()
            if resume.option_count:
                resume.focus()
            else:
                self.query_one("#class-list", OptionList).focus()

        from lesson_tui.tui.screens.confirm import ConfirmScreen

        question = t("ui.close_unfinished_confirm", lesson=str(option.prompt))
        self.app.push_screen(ConfirmScreen(question), answered)

    def on_screen_resume(self) -> None:
        # back from a lesson: the list of unfinished lessons may have changed
        if getattr(self, "_just_mounted", False):
            self._just_mounted = False
            return
        if self.is_mounted:
            self._load_unfinished()
            self.reload_classes()

    # --- classes: the list follows the disk, import and pupils in the app -----------------

    def _class_options(self) -> list[Option]:
        return [Option(plain(f"{c.name} · {len(c.active_pupils)}"), id=f"class-{i}") for i, c in enumerate(self._school_classes)]

    def reload_classes(self, select: str | None = None) -> None:
        """Read the classes again (imported here, in another window or on the command
        line); the highlighted class stays highlighted, or `select` (a class id) is."""
        current = self.selected_class()
        wanted = select or (current.id if current is not None else None)
        self._school_classes = self.app.store.classes()
        self._classes_stamp = self.app.store.classes_stamp()
        classes = self.query_one("#class-list", OptionList)
        classes.clear_options()
        classes.add_options(self._class_options())
        ids = [c.id for c in self._school_classes]
        classes.highlighted = ids.index(wanted) if wanted in ids else (0 if ids else None)
        self._show_problems()

    def action_import_class(self) -> None:
        from lesson_tui.tui.screens.classes import ClassImportScreen

        def imported(result) -> None:
            if result is None:
                return
            self.reload_classes(select=result.class_id)
            self.notify("\n".join(result.lines), timeout=12)

        self.app.push_screen(ClassImportScreen(), imported)

    def action_pupils(self) -> None:
        from lesson_tui.tui.screens.classes import PupilsScreen

        school_class = self.selected_class()
        if school_class is None:
            self.notify(t("quick.need_class"))
            return
        self.app.push_screen(PupilsScreen(school_class.id))

    def selected_class(self):
        index = self.query_one("#class-list", OptionList).highlighted
        return self._school_classes[index] if index is not None and self._school_classes else None

    def selected_plan(self) -> LessonPlan | None:
        index = self.query_one("#lesson-list", OptionList).highlighted
        return self._plans[index] if index is not None and index < len(self._plans) else None

    def selected_draft(self):
        index = self.query_one("#lesson-list", OptionList).highlighted
        if index is None or not len(self._plans) <= index < len(self._plans) + len(self._drafts):
            return None
        return self._drafts[index - len(self._plans)]

    def selected_versions(self):
        index = self.query_one("#lesson-list", OptionList).highlighted
        first = len(self._plans) + len(self._drafts)
        if index is None or index < first or index - first >= len(self._versions):
            return None
        return self._versions[index - first]

    def _selected_path(self):
        plan = self.selected_plan()
        if plan is not None:
            return self.app.library.lessons[plan.id][0]
        draft = self.selected_draft()
        return draft.path if draft is not None else None

    # --- making and changing lessons ------------------------------------------------------

    def _open_editor(self, make) -> None:
        from lesson_tui.tui.screens.editor import EditorScreen

        try:
            draft = make()
        except (OSError, UnicodeDecodeError) as error:
            self.notify(t("editor.unreadable", error=error), severity="error", markup=False)
            return
        except LessonFileError as error:
            self.notify("\n".join(error.lines()), severity="error", markup=False)
            return
        self.app.push_screen(EditorScreen(draft), lambda _: self.reload_lessons())

    def action_new_lesson(self) -> None:
        from lesson_tui.plan.lessonedit import LessonDraft
        from lesson_tui.store.settings import own_lessons_dir
        from lesson_tui.tui.screens.editor import NewLessonScreen

        def made(answer) -> None:
            if answer is None:
                return
            titel, vak = answer
            folder = own_lessons_dir(self.app.store.root)
            self._open_editor(lambda: LessonDraft.new(folder, titel, vak, self.app.library.lessons))

        plan = self.selected_plan()
        self.app.push_screen(NewLessonScreen(plan.vak if plan else ""), made)

    def action_quick_lesson(self) -> None:
        """Only a goal, for the highlighted class: attendance, then the lesson runs."""
        from lesson_tui.plan.quicklesson import quick_plan
        from lesson_tui.tui.screens.attendance import AttendanceScreen
        from lesson_tui.tui.screens.quick import QuickLessonScreen

        school_class = self.selected_class()
        if school_class is None:
            self.notify(t("quick.need_class"))
            return

        def goal(answer) -> None:
            if answer is None:
                return
            plan = quick_plan(answer[0], answer[1], self.app.clock.now())

            def start(absent: set[str] | None) -> None:
                if absent is not None:
                    self.app.start_lesson(school_class, plan, absent)

            self.app.push_screen(AttendanceScreen(school_class.active_pupils, set(), title=school_class.name), start)

        self.app.push_screen(QuickLessonScreen(), goal)

    # --- the library: search, subject, archive, files changed on disk ---------------------

    def action_search(self) -> None:
        self.query_one("#lesson-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "lesson-search":
            event.stop()
            self.reload_lessons()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "lesson-search":
            event.stop()
            self.query_one("#lesson-list", OptionList).focus()

    def on_key(self, event) -> None:
        search = self.query_one("#lesson-search", Input)
        if event.key == "escape" and search.has_focus:
            event.stop()
            search.value = ""
            self.query_one("#lesson-list", OptionList).focus()

    def action_next_subject(self) -> None:
        """All subjects, then each subject in turn (v), as the history screen does."""
        subjects = sorted({plan.vak for _, plan in self.app.library.lessons.values()})
        current = getattr(self, "subject", None)
        order = [None, *subjects]
        self.subject = order[(order.index(current) + 1) % len(order)] if current in order else None
        self.reload_lessons()

    def action_archive_lesson(self) -> None:
        """Move the highlighted lesson of the teacher's own folder to the archive (never
        deleted; the examples and a colleague's folder are not touched)."""
        from lesson_tui.store.settings import archive_lesson, own_lessons_dir

        path = self._selected_path()
        if path is None:
            return
        if not in_folder(path, own_lessons_dir(self.app.store.root)):
            self.notify(t("library.archive_own_only"))
            return
        try:
            target = archive_lesson(self.app.store.root, path)
        except OSError as error:
            self.app.report_save_error(error)
            return
        self.app.reload_library()
        self.notify(t("library.archived", path=target), markup=False)

    def _watch_disk(self) -> None:
        """Lesson files added, changed or removed on disk (a colleague, a sync folder, an
        editor): the library is read again; class files the same (a class imported on the
        command line or in another window). A stat per file every few seconds."""
        from lesson_tui.plan.lessonplan import folders_stamp
        from lesson_tui.store.settings import lesson_folders

        if not self.is_current:
            return
        stamp = folders_stamp(lesson_folders(self.app.store.root, self.app.extra_lesson_dirs))
        if self._disk_stamp is not None and stamp != self._disk_stamp:
            self.app.reload_library()
        self._disk_stamp = stamp
        if self.app.store.classes_stamp() != self._classes_stamp:
            self.reload_classes()

    def action_seating(self) -> None:
        """The seating plan of the highlighted class."""
        from lesson_tui.tui.screens.seating import SeatingScreen

        school_class = self.selected_class()
        if school_class is None:
            self.notify(t("quick.need_class"))
            return
        self.app.push_screen(SeatingScreen(school_class))

    def action_copy_lesson(self) -> None:
        from lesson_tui.plan.lessonedit import LessonDraft
        from lesson_tui.store.settings import own_lessons_dir

        source = self._selected_path()
        if source is None:
            return
        folder = own_lessons_dir(self.app.store.root)
        self._open_editor(lambda: LessonDraft.copy(source, folder, self.app.library.lessons))

    def action_edit_lesson(self) -> None:
        from lesson_tui.plan.lessonedit import LessonDraft
        from lesson_tui.plan.lessonplan import example_lessons_dir

        source = self._selected_path()
        if source is None:
            return
        if example_lessons_dir().resolve() in source.resolve().parents:
            self.notify(t("editor.example_copy"))
            return
        self._open_editor(lambda: LessonDraft.open(source))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "lesson-list":
            self._show_preview()

    def _show_preview(self) -> None:
        plan = self.selected_plan()
        preview = self.query_one("#lesson-preview", Static)
        draft = self.selected_draft() if plan is None else None
        if draft is not None:  # what is left to do, as the editor says it
            preview.update(plain("\n".join(f"⚠ {p.field}: {p.message}" for p in draft.problems[:6])))
            return
        versions = self.selected_versions() if plan is None else None
        if versions is not None:
            preview.update(plain(f"{versions.line()}\n\n{t('sync.versions_enter')}"))
            return
        if plan is None:
            preview.update(t("ui.no_lessons"))
            return
        text = Text()
        text.append(plan.lesdoel + "\n\n", style="bold")
        total = 0.0
        for phase in plan.fase:
            total += phase.minuten
            text.append(f"{t('phase.' + phase.soort)}  {phase.minuten:g} min\n")
        text.append("\n" + t("ui.total_minutes", minutes=f"{total:g}"))
        preview.update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        list_id = event.option_list.id
        if list_id == "resume-list" and event.option_id:
            self._resume(event.option_id, str(event.option.prompt))
        elif list_id == "class-list":
            self.query_one("#lesson-list", OptionList).focus()
        elif list_id == "lesson-list":
            versions = self.selected_versions()
            if versions is not None:
                self._choose_version(versions)
                return
            draft = self.selected_draft()
            if draft is not None:
                reason = f"{draft.problems[0].field}: {draft.problems[0].message}"
                self.notify(t("editor.draft_refused", reason=reason), severity="warning", markup=False)
                return
            self._ask_attendance()

    def _resume(self, run_id: str, line: str) -> None:
        """Go on with a lesson; another PC's only when the teacher says so (then this PC
        writes its own file beside it, see `RunFiles.take_over`)."""
        there = self._elsewhere.get(run_id)
        if there is None:
            self.app.resume_lesson(run_id)
            return
        from lesson_tui.tui.screens.confirm import ConfirmScreen

        key = "ui.take_over_live_confirm" if there.live else "ui.take_over_left_confirm"

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.resume_lesson(run_id)

        self.app.push_screen(ConfirmScreen(t(key, lesson=line, pc=there.name)), answered)

    def _choose_version(self, versions) -> None:
        """Two versions of a lesson: the differences and the teacher's choice (nothing is
        deleted: the version not kept goes to the archive)."""
        from lesson_tui.plan.lessonedit import LessonSaveError
        from lesson_tui.store.versions import keep_version
        from lesson_tui.tui.screens.versions import VersionsScreen

        def chosen(keep) -> None:
            if keep is None:
                return
            try:
                path = keep_version(self.app.store.root, versions, keep, self.app.library.lessons)
            except (OSError, LessonFileError, LessonSaveError) as error:
                lines = error.lines() if isinstance(error, LessonFileError) else [str(error)]
                self.notify("\n".join(lines), severity="error", markup=False)
                return
            self.app.reload_library()
            self.notify(t(f"sync.kept_{keep}", path=path.name), markup=False)

        self.app.push_screen(VersionsScreen(versions), chosen)

    def _ask_attendance(self) -> None:
        from lesson_tui.tui.screens.attendance import AttendanceScreen

        school_class, plan = self.selected_class(), self.selected_plan()
        if school_class is None or plan is None:
            return

        def start(absent: set[str] | None) -> None:
            if absent is not None:
                self.app.start_lesson(school_class, plan, absent)

        self.app.push_screen(AttendanceScreen(school_class.active_pupils, set(), title=school_class.name), start)

    def action_add_folder(self) -> None:
        from lesson_tui.tui.screens.folder import FolderScreen

        def added(folder) -> None:
            if folder is None:
                return
            count = self.app.add_lesson_folder(folder)
            self._load_lessons()
            self._show_problems()
            self._show_preview()
            self.notify(t("ui.folder_added", path=folder, count=count))

        self.app.push_screen(FolderScreen(), added)

    def action_kijkwijzer(self) -> None:
        """The teacher's kijkwijzer (this week): a teacher's screen, never on the board."""
        from lesson_tui.tui.screens.reflect import KijkwijzerScreen

        self.app.push_screen(KijkwijzerScreen())

    def action_history(self) -> None:
        from lesson_tui.tui.screens.history import HistoryScreen

        school_class = self.selected_class()
        if school_class is not None:
            self.app.push_screen(HistoryScreen(school_class))


    def action_goals(self) -> None:
        from lesson_tui.tui.screens.goals import GoalsScreen

        school_class = self.selected_class()
        if school_class is not None:
            self.app.push_screen(GoalsScreen(school_class))

    def palette_commands(self):
        yield t("ui.cmd_start"), t("ui.cmd_start_help"), self._ask_attendance
        yield t("history.key_history"), t("history.title", klas="…"), self.action_history
