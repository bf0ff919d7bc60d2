"""Helpers shared by tests in more than one folder (core, screens, processes)."""
from __future__ import annotations

from pathlib import Path

from lesson_tui.cli.main import main


def cli(store, *args) -> int:
    return main(["--data-dir", str(store.root), *args])



GOOD = """
id = "test-les"
titel = "Test"
vak = "wiskunde"
lesdoel = "Ik kan iets."
[[fase]]
soort = "ik"
minuten = 5
[[fase]]
soort = "wij"
minuten = 5
[[fase]]
soort = "kleine_afsluiting"
minuten = 2
[[fase]]
soort = "jij"
minuten = 10
"""



def write(tmp_path: Path, text: str | bytes, name: str = "les.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path



def digest(run) -> dict:
    """What both teachers must agree on."""
    state = run.state
    return {
        "phase": state.phase_index,
        "absent": sorted(state.absent),
        "rounds": {rid: (r.vraag, dict(sorted(r.marks.items())), r.closed) for rid, r in sorted(state.rounds.items())},
        "left": sorted(state.jij.left_miniklas),
        "help": [pid for pid, _ in state.jij.help_queue],
        "helped": [pid for pid, _ in state.jij.helped],
        "sporen": state.sporen,
        "closed": state.closed_at is not None,
    }

