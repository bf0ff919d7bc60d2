"""The `lesson-tui` command line (README, "Opdrachten"). Textual is imported only to open the app."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from lesson_tui import __version__
from lesson_tui.base.i18n import LANGUAGES, keep_catalogues_in, set_language, t
from lesson_tui.cli.config import CliError, Config

EXPORT_FORMATS = ("csv", "md", "json", "html", "qr")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    _ENGLISH = {
        "the following arguments are required": "cli.usage_required",
        "unrecognized arguments": "cli.usage_unknown",
        "invalid choice": "cli.usage_choice",
        "expected one argument": "cli.usage_value",
        "not allowed with argument": "cli.usage_conflict",
        "invalid int value": "cli.usage_number",
    }

    def error(self, message: str) -> NoReturn:  # one clear line, exit 2, in the teacher's language
        choice = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", message)
        number = re.match(r"argument (\S+): invalid int value: '([^']*)'", message)
        if number:  # `--port abc`
            message = t("cli.usage_int", option=number.group(1), value=number.group(2))
        elif choice:
            message = t("cli.usage_choice", detail=f"'{choice.group(2)}'", choices=choice.group(3).replace("'", ""))
        else:
            for english, key in self._ENGLISH.items():
                if english in message:
                    detail = message.split(":", 1)[1].strip() if ":" in message else message
                    message = t(key, detail=detail)
                    break
        raise UsageError(f"{self.prog}: {message}")


# argparse looks up its own words ("usage:", "options", ...) through gettext at call time;
# route them through our catalogue so --help reads in the teacher's language.
_ARGPARSE_WORDS = {
    "usage: ": "cli.word_usage",
    "positional arguments": "cli.word_positional",
    "options": "cli.word_options",
    "show this help message and exit": "cli.word_help",
    "show program's version number and exit": "cli.word_version",
}


def _argparse_text(text: str) -> str:
    key = _ARGPARSE_WORDS.get(text)
    return t(key) if key else text


argparse._ = _argparse_text  # type: ignore[attr-defined]


def default_data_dir() -> Path:
    env = os.environ.get("LESSON_TUI_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lesson-tui", appauthor=False))


def _lang_from_argv(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "nl"


def build_parser() -> argparse.ArgumentParser:
    # the placeholders in --help are words too: MAP / DIR, KLAS / CLASS, ...
    folder, file, klas = t("cli.meta_folder"), t("cli.meta_file"), t("cli.meta_class")
    common = _Parser(add_help=False)  # a _Parser, as every parser it is a parent of
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar=folder, help=t("cli.help_data_dir"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.help_lang"))
    common.add_argument(
        "--lessons", type=Path, action="append", default=argparse.SUPPRESS, metavar=folder, help=t("cli.help_lessons")
    )
    parser = _Parser(prog="lesson-tui", description=t("cli.description"), parents=[common])
    # argparse's own help text for --version is not looked up through gettext: give it
    parser.add_argument("--version", action="version", version=f"lesson-tui {__version__}", help=t("cli.word_version"))
    sub = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar=t("cli.command"), title=t("cli.word_commands")
    )

    start = sub.add_parser("start", parents=[common], help=t("cli.help_start"))
    start.add_argument("lesson", metavar=t("cli.meta_lesson"), help=t("cli.help_lesson_ref"))
    start.add_argument("--class", dest="class_name", metavar=klas, help=t("cli.help_class"))

    demo = sub.add_parser("demo", parents=[common], help=t("cli.help_demo"))
    demo.add_argument("--headless", action="store_true", help=t("cli.help_headless"))

    check = sub.add_parser("check", parents=[common], help=t("cli.help_check"))
    check.add_argument("paths", nargs="+", type=Path, metavar=t("cli.meta_path"), help=t("cli.help_check_paths"))

    klass = sub.add_parser("class", parents=[common], help=t("cli.help_class_cmd"))
    class_sub = klass.add_subparsers(
        dest="class_command", parser_class=_Parser, metavar=t("cli.command"), title=t("cli.word_commands")
    )
    class_sub.required = True
    imp = class_sub.add_parser("import", parents=[common], help=t("cli.help_class_import"))
    imp.add_argument("file", type=Path, metavar=file, help=t("cli.help_class_file"))
    imp.add_argument("--name", required=True, metavar=t("cli.meta_name"), help=t("cli.help_class_name"))
    imp.add_argument("--name-order", choices=("first-last", "last-first"), help=t("cli.help_name_order"))
    class_sub.add_parser("list", parents=[common], help=t("cli.help_class_list"))

    runs = sub.add_parser("runs", parents=[common], help=t("cli.help_runs"))
    runs.add_argument("--class", dest="class_name", metavar=klas, help=t("cli.help_class"))

    sync = sub.add_parser("sync", parents=[common], help=t("cli.help_sync"))
    sync.add_argument("--syncthing-home", type=Path, metavar=folder, help=t("cli.help_syncthing_home"))

    export = sub.add_parser("export", parents=[common], help=t("cli.help_export"))
    export.add_argument("run_id", nargs="?", metavar="RUN_ID", help=t("cli.help_run_id"))
    export.add_argument("--last", action="store_true", help=t("cli.help_last"))
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help=t("cli.help_format"))
    export.add_argument("--output", type=Path, metavar=file, help=t("cli.help_output"))
    export.add_argument("--class", dest="class_name", metavar=klas, help=t("cli.help_class"))
    board = sub.add_parser("board", parents=[common], help=t("cli.help_board"))
    board.add_argument("--run", dest="run_id", metavar="RUN_ID", help=t("cli.help_board_run"))
    coteach = sub.add_parser("coteach", parents=[common], help=t("cli.help_coteach"))
    coteach.add_argument("--run", dest="run_id", metavar="RUN_ID", help=t("cli.help_board_run"))
    coteach.add_argument("--lan", action="store_true", help=t("cli.help_coteach_lan"))
    coteach.add_argument("--port", type=int, default=8765, help=t("cli.help_coteach_port"))
    view = sub.add_parser("coteach-view", parents=[common], help=t("cli.help_coteach_view"))
    view.add_argument("run_id", metavar="RUN_ID")
    view.add_argument("--writer", type=int, default=None, help=argparse.SUPPRESS)  # given by the coteach server
    nxt = sub.add_parser("next-lesson", parents=[common], help=t("cli.help_next_lesson"))
    nxt.add_argument("--class", dest="class_name", required=True, metavar=klas, help=t("cli.help_class"))
    nxt.add_argument("--vak", metavar=t("cli.meta_subject"), help=t("cli.help_vak"))
    nxt.add_argument("--format", choices=EXPORT_FORMATS, help=t("cli.help_next_format"))
    nxt.add_argument("--output", type=Path, metavar=file, help=t("cli.help_output"))
    # terugblikken (#22): the lesson as it went, a period, the attention per pupil
    reflect = sub.add_parser("reflect", parents=[common], help=t("cli.help_reflect"))
    reflect.add_argument("run_id", nargs="?", metavar="RUN_ID", help=t("cli.help_run_id"))
    reflect.add_argument("--last", action="store_true", help=t("cli.help_last"))
    reflect.add_argument("--week", action="store_true", help=t("cli.help_reflect_week"))
    reflect.add_argument("--from", dest="date_from", metavar=t("cli.meta_date"), help=t("cli.help_reflect_from"))
    reflect.add_argument("--to", dest="date_to", metavar=t("cli.meta_date"), help=t("cli.help_reflect_to"))
    reflect.add_argument("--class", dest="class_name", metavar=klas, help=t("cli.help_class"))
    reflect.add_argument("--format", choices=("md", "json", "html"), default="md", help=t("cli.help_reflect_format"))
    reflect.add_argument("--output", type=Path, metavar=file, help=t("cli.help_output"))
    reflect.add_argument("--kijkwijzer", action="store_true", help=t("cli.help_reflect_kijkwijzer"))
    school = sub.add_parser("school", parents=[common], help=t("school.help"))
    school.add_argument("--folder", type=Path, action="append", metavar=folder, help=t("school.help_folder"))
    school.add_argument("--class", dest="class_name", metavar=klas, help=t("cli.help_class"))
    school.add_argument("--leerling", metavar=t("cli.meta_name"), help=t("school.help_pupil"))
    school.add_argument("--format", choices=("csv", "md", "json", "html"), help=t("school.help_format"))
    school.add_argument("--output", type=Path, metavar=file, help=t("cli.help_output"))
    school.add_argument("--schooljaar", metavar="2026-2027", help=t("school.help_year"))
    school.add_argument("--drempel", action="append", metavar="spoor3=3/5", help=t("school.help_threshold"))
    school.add_argument("--koppel", nargs=2, action="append", metavar=t("school.meta_key"), help=t("school.help_link"))
    school.add_argument("--ontkoppel", nargs=2, action="append", metavar=t("school.meta_key"), help=t("school.help_unlink"))
    goals = sub.add_parser("goals", parents=[common], help=t("cli.help_goals"))
    goals.add_argument("--class", dest="class_name", required=True, metavar=klas, help=t("cli.help_class"))
    goals.add_argument("--goal", metavar="ID", help=t("cli.help_goal"))
    goals.add_argument("--pupil", type=int, metavar=t("cli.meta_number"), help=t("cli.help_pupil"))
    goals.add_argument("--format", choices=("csv", "md", "json", "html"), help=t("cli.help_goals_format"))
    goals.add_argument("--output", type=Path, metavar=file, help=t("cli.help_output"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv)
    set_language(lang if lang in LANGUAGES else "nl")
    from lesson_tui.store.layout import pc_cache_dir

    keep_catalogues_in(pc_cache_dir())  # before the first message is looked up
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    set_language(getattr(args, "lang", "nl"))
    explicit_dir = getattr(args, "data_dir", None)
    config = Config(
        data_dir=explicit_dir or default_data_dir(),
        lang=getattr(args, "lang", "nl"),
        lesson_dirs=list(getattr(args, "lessons", [])),
    )
    try:
        return _dispatch(args, config, explicit_dir is not None)
    except CliError as error:
        print(f"lesson-tui: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, config: Config, explicit_dir: bool) -> int:
    from lesson_tui.cli import commands

    command = args.command
    if command == "check":
        return commands.check(args.paths)
    if command == "class" and args.class_command == "import":
        return commands.class_import(config, args.file, args.name, args.name_order)
    if command == "class" and args.class_command == "list":
        return commands.class_list(config)
    if command == "runs":
        return commands.runs(config, args.class_name)
    if command == "export":
        return commands.export(config, args)
    if command == "reflect":
        return commands.reflect(config, args)
    if command == "school":
        return commands.school(args)
    if command == "sync":
        return commands.sync(config, args.syncthing_home)
    if command == "next-lesson":
        return commands.next_lesson(config, args)
    if command == "goals":
        return commands.goals(config, args)
    if command == "board":
        return commands.board(config, args.run_id)
    if command == "coteach":
        return commands.coteach(config, args.run_id, args.lan, args.port)
    if command == "coteach-view":
        return commands.coteach_view(config, args.run_id, args.writer)
    if command == "demo":
        run = commands.demo_headless if args.headless else lambda c: commands.run_app(c, demo=True)
        if explicit_dir:
            return run(config)
        temp = Path(tempfile.mkdtemp(prefix="lesson-tui-demo-"))
        try:
            config.data_dir = temp / "data"
            # this PC's state for a throwaway folder goes with it (else every demo leaves a folder behind)
            os.environ.setdefault("LESSON_TUI_STATE", str(temp / "pc"))
            return run(config)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    if command == "start":
        return commands.run_app(config, lesson_ref=args.lesson, class_name=args.class_name)
    return commands.run_app(config)
