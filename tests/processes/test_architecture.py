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
