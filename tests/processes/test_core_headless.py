"""The core must never import textual: it is what scripts, exports and tests build on."""

import subprocess
import sys

CORE = [
    "lesson_tui.cli.main",
    "lesson_tui.cli.commands",
    "lesson_tui.plan.lessonplan",
    "lesson_tui.klas.pupils",
    "lesson_tui.klas.classimport",
    "lesson_tui.store.datastore",
    "lesson_tui.lesson.run",
    "lesson_tui.files.storage",
    "lesson_tui.rules.timing",
    "lesson_tui.rules.picker",
    "lesson_tui.rules.cfu",
    "lesson_tui.export.document",
    "lesson_tui.export.output",
    "lesson_tui.export.preteach",
    "lesson_tui.review.lesson",
    "lesson_tui.export.reflect",
    "lesson_tui.review.kijkwijzer",
]


def test_core_imports_without_textual():
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
