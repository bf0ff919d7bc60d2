"""`lesson-tui sync` against a fake Syncthing (tests/core/test_syncthing_status.py): one line
for each thing a teacher needs to know, in their language, and exit code 0 whatever it finds."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from lesson_tui.base.clock import FakeClock
from lesson_tui.base.i18n import set_language
from lesson_tui.cli.main import main
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.syncreport import sync_report
from lesson_tui.store.syncthing import SyncthingReason, syncthing_status
from tests.builders import class_of, own_class_file
from tests.core.test_syncthing_status import data_dir as data_dir
from tests.core.test_syncthing_status import fake as fake
from tests.core.test_syncthing_status import write_config

CONFLICT = ".sync-conflict-20261123-101500-BBBBBBB"


def _folder_with_copies(data_dir: Path) -> DataStore:
    store = DataStore(data_dir, FakeClock())
    klas = class_of(store, "4a", 3)
    library = LessonLibrary.scan([example_lessons_dir()])
    run = store.start_run(klas, library.lessons["waterkringloop"][1], set(), rng=random.Random(2))
    store.join_run(run.run_id, writer=1).next_phase()
    store.update_run_summary(run)
    store.release(run.run_id)
    shutil.copy(run.path, run.path.with_name(f"{run.path.stem}{CONFLICT}.json"))
    mine = own_class_file(data_dir, "4a")
    shutil.copy(mine, mine.with_name(f"{mine.stem}-DESKTOP-4F3K2L1.json"))
    own = layout.own_lessons_dir(data_dir)
    own.mkdir()
    text = (example_lessons_dir() / "waterkringloop.toml").read_text(encoding="utf-8")
    (own / "water.toml").write_text(text, encoding="utf-8")
    (own / f"water{CONFLICT}.toml").write_text(text.replace("minuten = 4", "minuten = 7", 1), encoding="utf-8")
    (own / "water-H3.toml").write_text(text.replace('id = "waterkringloop"', 'id = "water-h3"'), encoding="utf-8")
    return DataStore(data_dir, FakeClock())


def _report(data_dir: Path, home: Path) -> list[str]:
    store = DataStore(data_dir, FakeClock())
    library = LessonLibrary.scan([layout.own_lessons_dir(data_dir)])
    return sync_report(store, library, syncthing_status(data_dir, home=home))


def test_the_report_says_every_thing_once_each_in_one_line(fake, data_dir, tmp_path):
    home = write_config(tmp_path / "st", f"127.0.0.1:{fake.port}")
    _folder_with_copies(data_dir)

    lines = _report(data_dir, home)

    assert lines[0] == f"Gegevensmap: {data_dir}"
    assert lines[1].startswith("Geschreven in deze map")
    assert lines[2].startswith("  lessen: 1, de laatste begonnen op ") and lines[2].endswith(
        "(4a, De kringloop van het water)"
    )
    assert lines[3].startswith("  co-teachers: 1 bestand(en), het laatste geschreven op ")
    assert lines[4].startswith("  klassen: 1 bestand(en)")  # the OneDrive copy is not a class file
    assert 'Syncthing v1.19.2: map "Lessen", alleen ontvangen' in lines
    assert any(line.startswith("Alleen ontvangen:") and "zorgcoördinator" in line for line in lines)
    assert any(line.startswith("maxConflicts staat op 0") and "Zet maxConflicts op 10" in line for line in lines)
    assert "Deze pc moet nog 3 bestand(en) ontvangen" in lines
    assert "laptop: bijgewerkt, verbonden" in lines
    assert "klas: mist nog 3 bestand(en) (62,5 % binnen), gepauzeerd" in lines
    assert not any("Alles is bijgewerkt" in line for line in lines)
    copies = [line for line in lines if "kopie" in line and not line.startswith("maxConflicts")]
    assert len(copies) == 3
    assert any(f"{CONFLICT}.json: een kopie die Syncthing maakte van" in c and "de les is die uit" in c for c in copies)
    assert any(f"{device_id()}-DESKTOP-4F3K2L1.json: een kopie die OneDrive maakte van {device_id()}.json" in c for c in copies)
    assert any(
        c.startswith('twee versies van "De kringloop van het water": water.toml en de kopie water.sync-conflict-')
        and c.endswith("ze verschillen in fase 1 minuten")
        for c in copies
    )
    assert not any("water-H3" in line for line in lines)  # the teacher's own lesson
    assert len(lines) == len(set(lines))


def test_up_to_date_everywhere_says_so_without_a_warning(fake, data_dir, tmp_path):
    home = write_config(tmp_path / "st", f"127.0.0.1:{fake.port}")
    fake.folders[1].update(type="sendreceive", maxConflicts=10)
    fake.routes["/rest/db/status"] = lambda q: {"state": "idle", "needFiles": 0}
    fake.routes["/rest/db/completion"] = lambda q: {"completion": 100, "needItems": 0}
    fake.routes["/rest/system/connections"] = lambda q: {"connections": {}}

    lines = _report(data_dir, home)

    assert lines[1:] == [
        "Nog niets geschreven in deze gegevensmap",
        'Syncthing v1.19.2: map "Lessen", verzenden en ontvangen',
        "laptop: bijgewerkt, niet verbonden, laatst gezien op "
        + syncthing_status(data_dir, home=home).devices[0].last_seen.astimezone().strftime("%Y-%m-%d %H:%M"),
        "klas: bijgewerkt, nog nooit verbonden",
        "Alles is bijgewerkt, op deze pc en op de andere",
        "Geen kopieën van Syncthing, OneDrive of Google Drive gevonden",
    ]


def test_without_syncthing_it_is_not_needed(data_dir, tmp_path):
    lines = _report(data_dir, tmp_path / "no-syncthing")
    assert "Syncthing niet gevonden; niet nodig" in lines


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("127.0.0.1:1", "maar draait niet; start het"),
        ("192.0.2.7:8384", "Syncthing luistert niet op deze pc (192.0.2.7:8384)"),
    ],
)
def test_each_failure_is_one_line(data_dir, tmp_path, address, said):
    home = write_config(tmp_path / "st", address)
    status = syncthing_status(data_dir, home=home)
    assert status.reason in (SyncthingReason.NOT_RUNNING, SyncthingReason.NOT_LOCAL)
    assert [line for line in _report(data_dir, home) if "Syncthing" in line and said in line]


def test_the_command_prints_the_report_in_the_teachers_language(fake, data_dir, tmp_path, capsys):
    home = write_config(tmp_path / "st", f"127.0.0.1:{fake.port}")
    _folder_with_copies(data_dir)
    layout.index_path(data_dir).unlink()  # as after a sync: rebuilt, and the copy found while at it
    assert main(["sync", "--data-dir", str(data_dir), "--syncthing-home", str(home), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "maxConflicts is 0: Syncthing then keeps no copy" in out
    assert "laptop: up to date, connected" in out
    assert 'two versions of "' in out
    assert f"a copy OneDrive made of {device_id()}.json" in out
    assert f"a copy OneDrive made of {device_id()}.json" not in err  # said once, in the report
    assert "a copy Syncthing made of" in out and "a copy Syncthing made of" not in err
    set_language("nl")
    assert main(["sync", "--data-dir", str(data_dir), "--bogus"]) == 2
