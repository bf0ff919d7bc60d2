"""`lesson-tui sync`: what a teacher needs to know about a data folder kept in step between
PCs, one line each, in their language.

* What was written to the folder, and when: the lessons given (the last one), the
  co-teachers' files, the class files and the settings, each with its last date; and which
  PCs wrote here (`devices/`, each PC's own file), first and last.
* What the local Syncthing says (`syncthing.syncthing_status`); without it, that it is not
  needed. The folder's type (receive only belongs on the zorgcoördinator's PC only), a
  `maxConflicts` of 0 (one of two edits lost without a trace), this PC and every other
  device: up to date or what is missing, connected or when last seen.
* Every copy a sync engine left in the data folder or in a lesson folder, with what to do.
* Data files that are empty or in the cloud only (OneDrive's files on demand), and what to set.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lesson_tui.base.i18n import decimal, t
from lesson_tui.files.synccopies import CopyKind, copy_problem, placeholders_in, sync_copies_in
from lesson_tui.lesson.writers import is_writer_file
from lesson_tui.plan.lessoncopies import is_lesson_copy
from lesson_tui.plan.lessonplan import LessonLibrary
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.devices import devices
from lesson_tui.store.syncthing import RemoteDevice, SyncthingReason, SyncthingStatus

_FOLDER_TYPES = {
    "sendreceive": "sync.type_sendreceive",
    "sendonly": "sync.type_sendonly",
    "receiveonly": "sync.type_receiveonly",
    "receiveencrypted": "sync.type_receiveencrypted",
}
_REASONS = {
    SyncthingReason.NOT_INSTALLED: "sync.st_not_installed",
    SyncthingReason.BAD_CONFIG: "sync.st_bad_config",
    SyncthingReason.NOT_LOCAL: "sync.st_not_local",
    SyncthingReason.NOT_RUNNING: "sync.st_not_running",
    SyncthingReason.TIMEOUT: "sync.st_timeout",
    SyncthingReason.BAD_KEY: "sync.st_bad_key",
    SyncthingReason.BAD_ANSWER: "sync.st_bad_answer",
    SyncthingReason.NO_FOLDER: "sync.st_no_folder",
}


def _when(moment: datetime | float) -> str:
    if isinstance(moment, (int, float)):
        moment = datetime.fromtimestamp(moment)
    elif moment.tzinfo is not None:
        moment = moment.astimezone()  # this PC's time
    return f"{moment:%Y-%m-%d %H:%M}"


def _mtimes(paths: list[Path]) -> list[tuple[float, Path]]:
    found = []
    for path in paths:
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    return sorted(found)


def written_lines(store: DataStore) -> list[str]:
    """What was written to the data folder, by kind of file, the last date of each."""
    root = store.folder.root
    lines = []
    runs = store.runs()
    if runs:
        last = max(runs, key=lambda r: r.started_at)
        when = last.started_at[:16].replace("T", " ")
        lines.append(t("sync.written_runs", count=len(runs), when=when, klas=last.class_name, titel=last.titel))
    writers = _mtimes([p for p in layout.run_files(root) if is_writer_file(p)])
    if writers:
        lines.append(t("sync.written_writers", count=len(writers), when=_when(writers[-1][0])))
    classes = _mtimes(store.class_files.files())
    if classes:
        lines.append(t("sync.written_classes", count=len(classes), when=_when(classes[-1][0])))
    settings = _mtimes([layout.settings_path(root)])
    if settings:
        lines.append(t("sync.written_settings", when=_when(settings[-1][0])))
    me = device_id()
    for note in devices(root):
        this = t("sync.device_this_pc") if note.id == me else ""
        since, until = (_when(datetime.fromisoformat(moment)) for moment in (note.first_seen, note.last_seen))
        lines.append(t("sync.written_device", name=note.name, id=note.id, first=since, last=until, this=this))
    return [t("sync.written_intro"), *(f"  {line}" for line in lines)] if lines else [t("sync.written_none")]


def _device_line(device: RemoteDevice) -> str:
    name = device.name or device.device_id[:7]
    if device.completion == 100 and device.need_items == 0:
        state = t("sync.device_up_to_date")
    elif device.completion is None:
        state = t("sync.device_unknown")
    else:
        state = t("sync.device_behind", count=device.need_items, percent=decimal(round(device.completion, 1)))
    if device.paused:
        link = t("sync.device_paused")
    elif device.connected:
        link = t("sync.device_connected")
    elif device.last_seen is None:
        link = t("sync.device_never_seen")
    else:
        link = t("sync.device_last_seen", when=_when(device.last_seen))
    return t("sync.device", name=name, state=state, link=link)


def syncthing_lines(status: SyncthingStatus) -> list[str]:
    """What the local Syncthing says about the folder, one line each; without Syncthing, that
    it is not needed."""
    if status.reason is not SyncthingReason.OK:
        return [t(_REASONS[status.reason], config=status.config or "", detail=status.detail, version=status.version)]
    kind = t(_FOLDER_TYPES[status.folder_type]) if status.folder_type in _FOLDER_TYPES else status.folder_type
    lines = [t("sync.st_folder", version=status.version, label=status.folder_label or status.folder_id, type=kind)]
    if status.folder_type == "receiveonly":
        lines.append(t("sync.receive_only"))
    elif status.folder_type == "sendonly":
        lines.append(t("sync.send_only"))
    if status.max_conflicts == 0:
        lines.append(t("sync.max_conflicts_0"))
    if status.folder_paused:
        lines.append(t("sync.folder_paused"))
    elif status.need_items:
        lines.append(t("sync.this_pc_behind", count=status.need_items))
    elif status.state not in ("idle", ""):
        lines.append(t("sync.this_pc_busy", state=status.state))
    if not status.devices:
        lines.append(t("sync.no_devices"))
    lines.extend(_device_line(device) for device in status.devices)
    if status.up_to_date and not status.folder_paused:
        lines.append(t("sync.all_up_to_date"))
    return lines


def copy_lines(store: DataStore, library: LessonLibrary) -> list[str]:
    """Every copy a sync engine left in the data folder (and the lesson folders), one line
    each with what to do; a file of the teacher's own named like a copy is left out."""
    root = store.folder.root
    versions = {v.copy: v for v in library.versions}
    lines = []
    for path, copy in sync_copies_in(root):
        if path in versions:
            lines.append(versions.pop(path).line())
        elif copy.kind is CopyKind.TEMP:
            lines.append(copy_problem(path, copy))
        elif path.suffix == ".toml" and not is_lesson_copy(path, copy):
            continue
        else:
            parts = path.relative_to(root).parts
            what = {layout.RUNS: "run", layout.CLASSES: "class"}.get(parts[0] if len(parts) > 1 else "", "other")
            lines.append(copy_problem(path, copy, what))
    lines.extend(v.line() for v in versions.values())  # in a lesson folder outside the data folder
    return lines or [t("sync.no_copies")]


PLACEHOLDERS_NAMED = 3  # the first few by name, then how many more


def placeholder_lines(store: DataStore) -> list[str]:
    """Data files that are empty or in the cloud only (OneDrive's files on demand): they do not
    count until they are here, whole; one line, and what to set in the cloud client."""
    root = store.folder.root
    found = placeholders_in(root)
    if not found:
        return []
    names = ", ".join(p.relative_to(root).as_posix() for p in found[:PLACEHOLDERS_NAMED])
    if len(found) > PLACEHOLDERS_NAMED:
        names += " " + t("sync.more_files", count=len(found) - PLACEHOLDERS_NAMED)
    return [t("sync.placeholders", count=len(found), names=names)]


def sync_report(store: DataStore, library: LessonLibrary, status: SyncthingStatus) -> list[str]:
    return [
        t("sync.data_dir", path=store.folder.root),
        *written_lines(store),
        *syncthing_lines(status),
        *copy_lines(store, library),
        *placeholder_lines(store),
    ]
