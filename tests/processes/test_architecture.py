"""The architecture, checked by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(lint).exists():
        pytest.fail("import-linter is a test dependency: pip install -e '.[test]'")
    out = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 kept, 0 broken" in out.stdout


def test_the_core_tests_need_no_textual():
    """tests/core is the fast, headless half of the suite: none of its files imports Textual,
    Rich or the front ends, so the rules are tested where no screen can hide them."""
    offenders = []
    for path in sorted((ROOT / "tests" / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if (
                    name.split(".")[0] in {"textual", "rich"}
                    or name.startswith("lesson_tui.tui")
                    or name == "tui_helpers"
                ):
                    offenders.append(f"{path.name}:{node.lineno} {name}")
    assert offenders == []


def test_the_docs_the_code_cites_are_in_the_repository():
    """The code cites docs/*.md for the domain and the formats: each one cited exists, and
    nothing cites a file that lives outside the repository (a bare SPEC.md or DOMAIN.md)."""
    import re

    cited, bare = set(), []
    for path in sorted((ROOT / "lesson_tui").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        cited |= set(re.findall(r"docs/[A-Z]+\.md", text))
        bare += [f"{path.name}: {m}" for m in re.findall(r"(?<![/\w])[A-Z]+\.md", text) if m != "README.md"]
    assert cited and all((ROOT / doc).is_file() for doc in cited), cited
    assert bare == []


def test_every_module_the_architecture_page_names_exists():
    """docs/ARCHITECTURE.md matches the code: every `package/module.py` it names is there."""
    import re

    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.(?:py|tcss))", text))
    missing = sorted(
        name
        for name in named
        if not any((base / name).exists() for base in (ROOT, ROOT / "lesson_tui", ROOT / "lesson_tui" / "tui"))
    )
    assert len(named) > 30 and missing == []


def _tui_modules() -> list[Path]:
    return sorted((ROOT / "lesson_tui" / "tui").rglob("*.py"))


def test_no_screen_looks_at_another_through_the_screen_stack():
    """Screens hear of each other through messages, `dismiss` results and the app's
    reactives (klasveilig, the library), never by reaching into `app.screen_stack` or
    `app.screen`. Only the app pops its own stack (back home when a lesson ends) and the
    key guard hands a stale key to the screen on top (tui/keys.py)."""
    allowed = {("app.py", "finish_lesson"), ("app.py", "_run_changed"), ("keys.py", "redeliver_stale_key")}
    offenders = []
    for path in _tui_modules():
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Attribute) and node.attr in ("screen_stack", "screen")):
                    continue
                receiver = ast.unparse(node.value)
                if not (receiver.endswith("app") or (receiver == "self" and path.name == "app.py")):
                    continue  # a screen's own attribute of that name, not the app's
                if node.attr == "screen_stack" and receiver == "self" and function.name == "finish_lesson":
                    continue  # the app pops its own stack, back home
                if node.attr == "screen" and (path.name, function.name) in allowed:
                    continue  # the screen on top: the one that hears a change, a stale key
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {receiver}.{node.attr}")
    assert offenders == []


def _recorder_methods() -> dict[str, ast.FunctionDef]:
    """LessonRun's methods, its own (run.py: the commands) and those of its bases defined in
    lesson/ (queries.py: the read-only half), a subclass's winning as Python's lookup does."""
    classes: dict[str, ast.ClassDef] = {}
    for path in sorted((ROOT / "lesson_tui" / "lesson").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
    run_class = next(
        n
        for n in ast.parse((ROOT / "lesson_tui" / "lesson" / "run.py").read_text(encoding="utf-8")).body
        if isinstance(n, ast.ClassDef) and n.name == "LessonRun"
    )
    methods: dict[str, ast.FunctionDef] = {}
    todo = [run_class]
    while todo:
        cls = todo.pop(0)
        for f in cls.body:
            if isinstance(f, ast.FunctionDef):
                methods.setdefault(f.name, f)
        todo += [classes[ast.unparse(base)] for base in cls.bases if ast.unparse(base) in classes]
    return methods


def _recorder_mutators() -> set[str]:
    """LessonRun's methods that change the lesson: those that record an event, directly or
    through another such method, and the two that fold or note other devices' files."""
    methods = _recorder_methods()

    def calls(function: ast.FunctionDef) -> set[str]:
        return {
            node.func.attr
            for node in ast.walk(function)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "self"
        }

    mutators = {"_record", "catch_up", "note_problem"}
    while True:
        more = {name for name, f in methods.items() if calls(f) & mutators} - mutators
        if not more:
            return {name for name in mutators if not name.startswith("_")}
        mutators |= more


def test_front_ends_act_through_the_session_never_the_recorder():
    """Every action a screen or the co-teacher's page takes goes through `LessonSession` /
    `LessonActions` (lesson_tui/session/session.py), one entry point: no module under
    lesson_tui/tui calls a method of LessonRun that changes the lesson."""
    mutators = _recorder_mutators()
    queries = {"evidence", "decisions", "sporen_now", "pupil_by_number", "still_in_miniklas"}
    assert queries <= _recorder_methods().keys()  # the read-only half is seen, and stays free
    assert {"mark", "close_round", "toggle_miniklas_leave", "help_add", "set_voluntary", "miniklas_timer"} <= mutators
    assert not queries & mutators
    offenders = []
    for path in _tui_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in mutators:
                receiver = ast.unparse(node.func.value)
                if not receiver.lower().endswith(("session", "actions")):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {receiver}.{node.func.attr}")
    assert offenders == []


def test_front_ends_show_the_lesson_through_its_view_never_the_recorders_state():
    """What a screen or the co-teacher's page shows comes from `LessonView`
    (lesson_tui/session/view.py), read-only: no module under lesson_tui/tui reads `.state`
    (the recorder's fold), reaches behind a view (`_run`, `run_of`), names `LessonRun`, or
    takes `.run` of anything (a session's, an app's, a screen's own). The one `.run` is
    the class board's follower, a read-only copy of the run file, which it draws through
    a LessonView."""
    allowed_run = {("board_app.py", "self.follower")}
    offenders = []
    for path in _tui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Attribute):
                receiver = ast.unparse(node.value)
                if node.attr in ("state", "_run", "run_of", "LessonRun"):
                    offenders.append(f"{where} {receiver}.{node.attr}")
                elif node.attr == "run" and (path.name, receiver) not in allowed_run:
                    offenders.append(f"{where} {receiver}.run")
            elif isinstance(node, ast.Name) and node.id in ("LessonRun", "run_of"):
                offenders.append(f"{where} {node.id}")
            elif isinstance(node, ast.alias) and node.name in ("LessonRun", "run_of"):
                offenders.append(f"{where} import {node.name}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() == "LessonRun":
                offenders.append(f"{where} '{node.value}'")  # a quoted annotation
    assert offenders == []
