"""What each command-line command does; every user mistake becomes a CliError line."""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lesson_tui.base.i18n import keep_catalogues_in, t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.cli.config import CliError, Config
from lesson_tui.files.storage import DataFileError
from lesson_tui.klas.pupils import ClassListError, SchoolClass, legacy_class_id
from lesson_tui.plan.goalids import goal_id, near_duplicates
from lesson_tui.plan.lessoncopies import lesson_versions
from lesson_tui.plan.lessonplan import LessonFileError, draft_title, lesson_files_and_copies, load_lesson
from lesson_tui.plan.problems import Problem
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore, import_summary
from lesson_tui.store.settings import scan_lessons

if TYPE_CHECKING:
    from lesson_tui.tui.app import LessonApp


def _store(config: Config) -> DataStore:
    try:
        return DataStore(config.data_dir)
    except OSError as error:
        raise CliError(t("data.dir_unusable", path=config.data_dir, error=os_error_text(error))) from None


def _report_problems(store: DataStore) -> None:
    for problem in store.problems:
        print(f"lesson-tui: {problem}", file=sys.stderr)


def check(paths: list[Path]) -> int:
    bad_files = 0
    total = 0
    seen_ids: dict[str, Path] = {}
    goals: dict[str, list[str]] = {}  # goal id -> the lessons (ids) that name it
    from_title: list[str] = []  # lessons without `doelen`: their title stands in (a note)
    for path in paths:
        if not path.exists():
            print(f"{path}: -: {t('check.not_found')}")
            bad_files += 1
            total += 1
            continue
        files, copies = lesson_files_and_copies([path])
        if path.is_dir() and not files and not copies:
            print(f"{path}: -: {t('check.empty_dir')}")
            bad_files += 1
            total += 1
            continue
        for file in files:
            total += 1
            try:
                plan = load_lesson(file)
            except LessonFileError as error:
                bad_files += 1
                for line in error.lines():
                    print(line)
                continue
            if plan.id in seen_ids and seen_ids[plan.id] != file:
                bad_files += 1
                print(
                    LessonFileError(
                        file, [Problem("id", t("check.duplicate_id", id=plan.id, other=seen_ids[plan.id]))]
                    ).lines()[0]
                )
                continue
            seen_ids[plan.id] = file
            if plan.goal_from_title:
                from_title.append(f"{plan.id} ('{plan.goal_ids[0]}')")
            for goal in plan.goal_ids:
                goals.setdefault(goal, []).append(plan.id)
        for copy_path, copy in copies:  # not an error in a file: two versions to choose from
            versions = lesson_versions(copy_path, copy, draft_title(copy_path.parent / copy.original))
            print(f"{copy_path}: -: {versions.line()}")
    for a, b in near_duplicates(list(goals)):  # a warning: the files themselves are valid
        print(f"-: doelen: {t('check.near_duplicate_goal', a=a, b=b, a_lessons=', '.join(goals[a]), b_lessons=', '.join(goals[b]))}")
    if from_title:  # a note, not an error: old lessons keep working
        print(f"-: doelen: {t('check.goal_from_title', count=len(from_title), lessons=', '.join(from_title))}")
    if bad_files:
        print(t("check.summary_bad", bad=bad_files, total=total), file=sys.stderr)
        return 1
    print(t("check.summary_ok", total=total))
    return 0


def class_import(config: Config, file: Path, name: str, name_order: str | None = None) -> int:
    from lesson_tui.klas.classimport import read_class_file  # not needed to open the app

    try:
        reading = read_class_file(file, name_order)
    except ClassListError as error:
        raise CliError(str(error)) from None
    rows = reading.rows
    store = _store(config)
    try:
        result = store.import_class(name, rows)
    except ClassListError as error:
        raise CliError(str(error)) from None
    except (DataFileError, OSError) as error:
        raise CliError(str(error)) from None
    _report_problems(store)
    for line in import_summary(result, reading.notes):
        print(line)
    return 0


def class_list(config: Config) -> int:
    store = _store(config)
    classes = store.classes()
    _report_problems(store)
    width = max(len(c.name) for c in classes)
    for school_class in classes:
        label = t("class.builtin") if school_class.builtin else ""
        print(
            f"{school_class.name:<{width}}  {t('class.count', count=len(school_class.active_pupils))} {label}".rstrip()
        )
    return 0


def _known_class(store: DataStore, class_name: str) -> SchoolClass:
    """The class the teacher named, or a Dutch line naming the classes there are."""
    school_class = store.get_class(class_name)
    if school_class is None:
        known = ", ".join(c.name for c in store.classes())
        raise CliError(t("start.unknown_class", name=class_name, known=known))
    return school_class


def _class_id(store: DataStore, class_name: str | None) -> str | None:
    """The id of the class the teacher named (any capitals); a class whose file is gone is
    still found in its runs by the name it had."""
    if class_name is None:
        return None
    school_class = store.get_class(class_name)
    if school_class is not None:
        return school_class.id
    wanted = " ".join(class_name.split()).casefold()
    named = [r.class_id for r in store.runs() if r.class_name.casefold() == wanted]
    return named[-1] if named else legacy_class_id(class_name)


def runs(config: Config, class_name: str | None) -> int:
    store = _store(config)
    found = store.runs(_class_id(store, class_name))
    _report_problems(store)
    if not found:
        print(t("runs.none_class", name=class_name) if class_name else t("runs.none"))
        return 0
    for run in found:
        status = t("runs.closed") if run.status == "closed" else t("runs.open")
        miniklas = "-" if run.miniklas is None else str(run.miniklas)
        print(
            f"{run.run_id}  {run.started_at[:16].replace('T', ' ')}  {run.class_name}  {run.lesson_id}  "
            f"{status}  {t('runs.miniklas', count=miniklas)}"
        )
    return 0


def sync(config: Config, syncthing_home: Path | None = None) -> int:
    """Whether this data folder is kept in step (store/syncreport.py); 0 whatever it finds."""
    from lesson_tui.store.syncreport import sync_report
    from lesson_tui.store.syncthing import syncthing_status

    store = _store(config)
    store.settings()  # another PC's settings file half there: said below, like the other files
    library = scan_lessons(config.data_dir, config.lesson_dirs)
    status = syncthing_status(store.root, home=syncthing_home)
    lines = sync_report(store, library, status)
    for problem in store.problems:  # a copy found while reading is a line of the report already
        if problem not in lines:
            print(f"lesson-tui: {problem}", file=sys.stderr)
    for line in lines:
        print(line)
    return 0


def export(config: Config, args: argparse.Namespace) -> int:
    from lesson_tui.export.document import ExportError
    from lesson_tui.export.output import export_run

    store = _store(config)
    try:
        run_id = store.resolve_run_id(args.run_id, last=args.last, class_id=_class_id(store, args.class_name))
    except KeyError:
        if args.run_id and not args.last:
            raise CliError(t("export.unknown_run", run_id=args.run_id)) from None
        raise CliError(t("export.no_runs")) from None
    try:
        run = store.open_run(run_id, lock=False)
    except DataFileError as error:
        raise CliError(str(error)) from None
    try:
        from lesson_tui.store.settings import Settings

        seating = Settings(config.data_dir).seating(run.class_id)
        written = export_run(run, args.format, args.output, seating=seating)
    except ExportError as error:
        raise CliError(str(error)) from None
    if written is not None:
        print(t("export.written", path=written), file=sys.stderr)
    return 0


def next_lesson(config: Config, args: argparse.Namespace) -> int:
    from lesson_tui.export.document import ExportError
    from lesson_tui.export.output import write_text_export
    from lesson_tui.export.preteach import render_invites
    from lesson_tui.session.history import pre_teaching

    store = _store(config)
    school_class = _known_class(store, args.class_name)
    try:
        run, invites = pre_teaching(store, school_class.id, args.vak)
    except DataFileError as error:
        raise CliError(str(error)) from None
    if run is None:
        raise CliError(t("history.next_none"))
    # without --format: plain text in the terminal (Markdown's escapes are for a file)
    fmt = args.format or ("md" if args.output else "text")
    try:
        written = write_text_export(render_invites(run, invites, fmt), fmt, args.output)
    except ExportError as error:
        raise CliError(str(error)) from None
    if written is not None:
        print(t("export.written", path=written), file=sys.stderr)
    return 0


def goals(config: Config, args: argparse.Namespace) -> int:
    """`lesson-tui goals`: the class's goal grid (the same data as the screen) as an export."""
    from lesson_tui.export.document import ExportError
    from lesson_tui.export.goals import render_goals
    from lesson_tui.export.output import write_text_export
    from lesson_tui.plan.goals import goal_catalogue
    from lesson_tui.session.goals import goal_grid

    store = _store(config)
    school_class = _known_class(store, args.class_name)
    library = scan_lessons(config.data_dir, config.lesson_dirs)
    catalogue = goal_catalogue(plan for _, plan in library.lessons.values())
    grid = goal_grid(store, school_class.id, catalogue, goal=goal_id(args.goal) if args.goal else None)
    _report_problems(store)
    if args.goal and not grid.goals:
        known = ", ".join(goal.id for goal in goal_grid(store, school_class.id, catalogue).goals) or "-"
        raise CliError(t("goals.unknown_goal", goal=args.goal, klas=school_class.name, known=known))
    if args.pupil is not None:
        pupil = next((p for p in grid.pupils if p.number == args.pupil), None)
        if pupil is None:
            raise CliError(t("goals.unknown_pupil", number=args.pupil, klas=school_class.name))
        grid = grid.only_pupil(pupil.id)
    fmt = args.format or "md"
    try:
        written = write_text_export(render_goals(grid, school_class.name, fmt), fmt, args.output)
    except ExportError as error:
        raise CliError(str(error)) from None
    if written is not None:
        print(t("export.written", path=written), file=sys.stderr)
    return 0


def board(config: Config, run_id: str | None) -> int:
    """The class board: follows this data directory's live lesson, read-only."""
    store = _store(config)
    if run_id is not None:
        try:
            store.resolve_run_id(run_id)
        except KeyError:
            raise CliError(t("export.unknown_run", run_id=run_id)) from None
    from lesson_tui.tui.board_app import make_board_app  # textual only from here on

    settle_imports()
    app = make_board_app(store=store, lang=config.lang, run_id=run_id)
    app.run()
    return app.return_code or 0


def coteach(config: Config, run_id: str | None, lan: bool, port: int) -> int:
    """Serve the co-teacher's page for the live lesson; its address (with the one-time
    token) is the first line on stdout once the server listens, and `coteach.json` tells
    the teacher's app. Every refusal is one line before any address."""
    from lesson_tui.base.oserrors import os_error_text
    from lesson_tui.coteach import marker as coteach_marker
    from lesson_tui.coteach.server import CoteachServer, lan_address, listen, new_token, view_command
    from lesson_tui.store.device import device_id
    from lesson_tui.store.follow import live_run, open_run_read_only

    if not 0 <= port <= 65535:
        raise CliError(t("coteach.bad_port", port=port))
    store = _store(config)
    if run_id is not None:
        summary = live_run(store, run_id)
        if summary is None:
            raise CliError(t("coteach.unknown_run", run_id=run_id))
        if summary.closed_at is not None:
            raise CliError(t("coteach.run_closed", run_id=summary.run_id))
    else:
        summary = live_run(store, None)
        if summary is None:
            raise CliError(t("coteach.no_lesson"))
    running = coteach_marker.live_marker(store.root)
    if running is not None:
        raise CliError(t("coteach.already", address=running["address"].split("/?")[0], pid=running["pid"]))
    host = lan_address() if lan else "127.0.0.1"
    if lan and host.startswith("127."):
        raise CliError(t("coteach.no_network"))
    try:
        sock = listen(host, port)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise CliError(t("coteach.port_in_use", port=port, host=host)) from None
        raise CliError(t("coteach.cannot_listen", host=host, port=port, error=os_error_text(error))) from None
    port = sock.getsockname()[1]  # --port 0: the port the system chose
    follower = open_run_read_only(store.root / summary.path, store.clock)

    def lesson_open() -> bool:
        try:
            follower.catch_up()
        except DataFileError:
            pass  # a file being replaced: the last state read stands
        return not follower.closed

    server = CoteachServer(
        lambda writer: view_command(store.root, summary.run_id, config.lang, writer),
        token=new_token(),
        host=host,
        port=port,
        title=t("coteach.page_title", les=summary.titel),
        lesson_open=lesson_open,
        run_file=store.root / summary.path,
        device=device_id(),
    )
    try:  # first: whoever reads the printed address finds the marker too
        coteach_marker.write_marker(store.root, address=server.address, run_id=summary.run_id, host=host, port=port)
    except OSError:
        pass  # the teacher's app cannot show the QR code; the address is printed
    print(server.address, flush=True)
    print(t("coteach.started", klas=summary.class_name, les=summary.titel), file=sys.stderr, flush=True)
    try:
        asyncio.run(server.run_on(sock))
    finally:
        coteach_marker.remove_marker(store.root, server.address)
        sock.close()
    if server.ended_by_close:
        print(t("coteach.ended"), file=sys.stderr, flush=True)
    return 0


def coteach_view(config: Config, run_id: str, writer: int | None = None) -> int:
    """One browser tab's app (started by the coteach server): the co-teacher's FLEX view."""
    from lesson_tui.tui.coteach_app import make_coteach_app

    settle_imports()
    if writer is not None and writer < 1:
        raise CliError(t("coteach.bad_writer", writer=writer))
    store = _store(config)
    try:
        app = make_coteach_app(store=store, run_id=store.resolve_run_id(run_id), lang=config.lang, writer=writer)
    except KeyError:
        raise CliError(t("export.unknown_run", run_id=run_id)) from None
    app.run()
    return app.return_code or 0


def settle_imports() -> None:
    """Everything imported so far (Textual's and our modules, about 200,000 objects) lives
    as long as the process: out of the garbage collector's sight (`gc.freeze`), the
    collections that a start's own objects trigger (the index's lines alone are some 100,000)
    stop walking all of it again, about a tenth of a start. What is made later is collected
    as always. Once per process, after Textual is imported and before the app is made."""
    if not gc.get_freeze_count():
        gc.freeze()


def run_app(config: Config, *, demo: bool = False, lesson_ref: str | None = None, class_name: str | None = None) -> int:
    app = build_app(config, demo=demo, lesson_ref=lesson_ref, class_name=class_name)
    app.run()
    return app.return_code or 0


def build_app(
    config: Config, *, demo: bool = False, lesson_ref: str | None = None, class_name: str | None = None
) -> LessonApp:
    """The app as `lesson-tui` starts it (also used by the start-up benchmark)."""
    keep_catalogues_in(layout.pc_cache_dir())
    store = _store(config)
    library = scan_lessons(config.data_dir, config.lesson_dirs)
    plan = None
    school_class = None
    if lesson_ref is not None:
        try:
            plan = library.find(lesson_ref)
        except LessonFileError as error:
            for line in error.lines():
                print(line, file=sys.stderr)
            raise CliError(t("start.bad_lesson", lesson=lesson_ref)) from None
        if plan is None:
            known = ", ".join(sorted(library.lessons)) or "-"
            raise CliError(t("start.unknown_lesson", lesson=lesson_ref, known=known))
    if class_name is not None:
        school_class = _known_class(store, class_name)
    if demo:
        school_class = store.get_class("Demo 4A")
        plan = library.lessons.get("breuken-vergelijken", next(iter(library.lessons.values()), (None, None)))[1]
        if plan is None:
            raise CliError(t("start.no_lessons"))
    if plan is not None and school_class is None:
        school_class = store.classes()[0]

    from lesson_tui.tui.app import make_app  # textual only from here on

    settle_imports()
    return make_app(
        store=store,
        library=library,
        lang=config.lang,
        school_class=school_class,
        plan=plan,
        extra_lesson_dirs=config.lesson_dirs,
    )


def demo_headless(config: Config) -> int:
    """The demo lesson walked by the real app without a terminal (`tui/headless.py`), then
    what it recorded read back from the data folder: the installed program's smoke test."""
    from collections import Counter

    app = build_app(config, demo=True)
    from lesson_tui.cli.headless import DEMO_STEPS, run_demo

    passed, run_id, failure = run_demo(app)
    if run_id is None or failure is not None:
        print(t("demo.headless_failed", step=failure or "start", passed=", ".join(passed) or "-"), file=sys.stderr)
        return 1
    run = _store(config).open_run(run_id, lock=False)
    marks: Counter[str] = Counter()
    for round_ in run.rounds:
        marks.update(round_.final_marks(run.pupil_ids).values())
    picks = [p for p in run.picks if not p.undone]
    print(t("demo.headless_lesson", lesson=run.plan.titel, klas=run.class_name, run_id=run_id))
    print(t("demo.headless_steps", done=len(passed), total=len(DEMO_STEPS), steps=", ".join(passed)))
    print(t("demo.headless_phase", phase=run.state.phase_index + 1, total=len(run.plan.fase)))
    print(
        t("demo.headless_marks", rounds=len(run.rounds), juist=marks["juist"], half=marks["half"], fout=marks["fout"])
    )
    print(t("demo.headless_picks", picks=len(picks)))
    expected_ok = marks["fout"] == 1 and marks["half"] == 1 and len(picks) == 1 and run.state.phase_index == 1
    if not expected_ok:
        print(t("demo.headless_wrong"), file=sys.stderr)
        return 1
    print(t("demo.headless_ok"))
    return 0


def reflect(config: Config, args: argparse.Namespace) -> int:
    """`lesson-tui reflect`: one lesson as it went, or a period's lessons (README, "Terugblikken")."""
    from lesson_tui.export.document import ExportError
    from lesson_tui.export.output import write_text_export
    from lesson_tui.export.reflect import lesson_reflection, period_reflection, render_reflection
    from lesson_tui.review.period import Period, PeriodError, parse_date, today, week_of

    store = _store(config)
    class_id = _class_id(store, args.class_name)
    period: Period | None = None
    try:
        if (args.date_from is None) != (args.date_to is None):
            raise PeriodError(t("reflect.from_to_both"))
        chosen = [bool(args.run_id), args.last, args.week, args.date_from is not None]
        if sum(chosen) > 1:
            raise CliError(t("cli.usage_conflict", detail="RUN_ID, --last, --week, --from/--to"))
        if args.week:
            period = week_of(today(store))
        elif args.date_from is not None:
            period = Period(parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to"))
        if args.kijkwijzer and (args.run_id or args.last):
            raise CliError(t("cli.usage_conflict", detail="--kijkwijzer, RUN_ID / --last"))
    except PeriodError as error:
        raise CliError(str(error)) from None
    try:
        if args.kijkwijzer:
            from lesson_tui.export.reflect import kijkwijzer_for, render_kijkwijzer

            view = kijkwijzer_for(store, period or week_of(today(store)), class_id)
            for problem in view.problems:
                print(f"lesson-tui: {problem}", file=sys.stderr)
            written = write_text_export(render_kijkwijzer(view, args.format), args.format, args.output)
            if written is not None:
                print(t("export.written", path=written), file=sys.stderr)
            return 0
        if period is not None:
            reflection = period_reflection(store, period, class_id, args.class_name or "")
        else:
            try:
                run_id = store.resolve_run_id(args.run_id, last=args.last, class_id=class_id)
            except KeyError:
                if args.run_id:
                    raise CliError(t("reflect.unknown_run", run_id=args.run_id)) from None
                raise CliError(t("reflect.no_runs")) from None
            reflection = lesson_reflection(store, run_id)
        _report_problems(store)
        written = write_text_export(render_reflection(reflection, args.format), args.format, args.output)
    except (ExportError, PeriodError, DataFileError) as error:
        raise CliError(str(error)) from None
    if written is not None:
        print(t("export.written", path=written), file=sys.stderr)
    return 0


# --- the school view (#21) ----------------------------------------------------------------


def _school_settings(args: argparse.Namespace) -> tuple[object, list[str]]:
    """The school's settings on this PC, changed by what the command line gives (folders,
    thresholds, links: remembered for the next time)."""
    import re

    from lesson_tui.school.signals import Thresholds
    from lesson_tui.school.state import load_settings, save_settings

    problems: list[str] = []
    settings = load_settings(problems)
    changed = False
    if args.folder:
        missing = [f for f in args.folder if not Path(f).expanduser().is_dir()]
        if missing:
            raise CliError(t("school.folder_missing", path=missing[0]))
        settings = settings.with_folders(args.folder)
        changed = True
    for given in args.drempel or []:
        found = re.fullmatch(r"\s*(spoor3|zelf)\s*=\s*(\d+)\s*(?:/|van)\s*(\d+)\s*", given)
        if not found:
            raise CliError(t("school.bad_threshold", value=given))
        which, n, m = found.group(1), int(found.group(2)), int(found.group(3))
        th = settings.thresholds
        new = (
            Thresholds(n, m, th.zelf_n, th.zelf_m) if which == "spoor3" else Thresholds(th.spoor3_n, th.spoor3_m, n, m)
        )
        if new.problems():
            raise CliError(t("school.bad_threshold", value=given))
        from dataclasses import replace

        settings = replace(settings, thresholds=new)
        changed = True
    for a, b in args.koppel or []:
        settings, changed = settings.with_link(a, b), True
    for a, b in args.ontkoppel or []:
        settings, changed = settings.without_link(a, b), True
    if changed:
        try:
            save_settings(settings)
        except OSError as error:
            raise CliError(os_error_text(error)) from None
    if not settings.folders:
        raise CliError(t("school.no_folders"))
    return settings, problems


def school(args: argparse.Namespace) -> int:
    """`lesson-tui school`: the zorgcoördinator's view of the teachers' folders, read-only;
    with --format an export (never into a teacher's folder), else the school screen."""
    import re

    from lesson_tui.base.clock import SystemClock, to_iso
    from lesson_tui.export.document import ExportError
    from lesson_tui.export.output import write_text_export
    from lesson_tui.export.school import refuse_teacher_folder, render_school
    from lesson_tui.school.state import SchoolSettings
    from lesson_tui.school.view import SchoolView

    if args.schooljaar is not None and not re.fullmatch(r"(\d{4})-(\d{4})", args.schooljaar or ""):
        raise CliError(t("school.bad_year", value=args.schooljaar))
    settings, problems = _school_settings(args)
    assert isinstance(settings, SchoolSettings)
    folders = [Path(f) for f in settings.folders]
    if args.format is None and args.output is not None:
        raise CliError(t("school.output_needs_format"))
    view = SchoolView(settings=settings, year=args.schooljaar)
    if args.format is None:
        from lesson_tui.tui.school_app import SchoolApp

        # the first time, every lesson file is read once (a school year: seconds); said here,
        # before the screen opens, which then starts from what was read
        print(t("school.reading", count=len(folders)), file=sys.stderr, flush=True)
        view.report()
        SchoolApp(view, class_name=args.class_name).run()
        return 0
    try:
        refuse_teacher_folder(args.output, folders)
        report = view.report()
        for problem in [*problems, *report.problems]:
            print(f"lesson-tui: {problem}", file=sys.stderr)
        text = render_school(report, args.format, args.class_name, pupil=args.leerling,
                             made_at=to_iso(SystemClock().now()))  # fmt: skip
        written = write_text_export(text, args.format, args.output)
    except ExportError as error:
        raise CliError(str(error)) from None
    if written is not None:
        print(t("export.written", path=written), file=sys.stderr)
    return 0
