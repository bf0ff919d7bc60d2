"""The core must never import textual: it is what scripts, exports and tests build on."""

import subprocess
import sys

CORE = [
    "lesson_tui.cli",
    "lesson_tui.commands",
    "lesson_tui.lessonplan",
    "lesson_tui.classlist",
    "lesson_tui.datastore",
    "lesson_tui.run",
    "lesson_tui.storage",
    "lesson_tui.timing",
    "lesson_tui.picker",
    "lesson_tui.cfu",
    "lesson_tui.export",
]


def test_core_imports_without_textual():
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
