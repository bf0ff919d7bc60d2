"""The school view on real Syncthing (#21): two teachers' PCs (A, B) and the
zorgcoördinator's (C), whose copies of the teachers' data folders are Receive Only.

Lessons taught on A and on B show on C after the sync, with their signals; a lesson taught
later on A shows at the next refresh, reading only that run; and C never changes a file of
those folders (Syncthing would call a change on a Receive Only folder "locally changed")."""

from __future__ import annotations

import hashlib

from lesson_tui.store.datastore import DataStore
from processes import syncthing as st
from tests.builders import PUPILS_4A, make_class, school_lesson


def share(cluster: st.Cluster, folder_id: str, teacher: st.Device, school: st.Device) -> st.Folder:
    """A folder of `teacher`'s PC, shared with the school's PC as Receive Only."""
    paths = {teacher.name: cluster.root / teacher.name / folder_id, school.name: cluster.root / school.name / folder_id}
    members = [{"deviceID": teacher.device_id}, {"deviceID": school.device_id}]
    for device, kind in ((teacher, "sendreceive"), (school, "receiveonly")):
        paths[device.name].mkdir(parents=True, exist_ok=True)
        config = device.api("/rest/config/defaults/folder")
        config.update(id=folder_id, label=folder_id, path=str(paths[device.name]), type=kind, devices=members,
                      fsWatcherEnabled=True, fsWatcherDelayS=1, rescanIntervalS=10)
        device.api(f"/rest/config/folders/{folder_id}", method="PUT", body=config)
    st.wait_for(f"{folder_id} runs", lambda: all(cluster.state(d, folder_id) == "idle" for d in (teacher, school)), 20)
    return st.Folder(folder_id, paths)


def synced(folder: st.Folder, teacher: st.Device, school: st.Device) -> None:
    """Wait until the school's copy holds exactly what the teacher's PC holds."""
    teacher.scan(folder.folder_id)

    def same() -> bool:
        status = school.api("/rest/db/status", params={"folder": folder.folder_id})
        return status["state"] == "idle" and st.tree(folder.path(teacher)) == st.tree(folder.path(school))

    st.wait_for(f"{folder.folder_id} arrived on {school.name}", same, 60, interval=0.2)


def digest(path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, v in st.tree(path).items()}


def test_lessons_of_both_teachers_show_on_the_zorgcoordinators_pc(syncthing_trio, tmp_path, monkeypatch, clock,
                                                                   library):
    from lesson_tui.school.signals import SPOOR3
    from lesson_tui.school.state import SchoolSettings
    from lesson_tui.school.view import SchoolView

    cluster = syncthing_trio
    cluster.resume_all()
    a, b, c = cluster["A"], cluster["B"], cluster["C"]
    an_folder = share(cluster, st.new_folder_id("juf-an"), a, c)
    bart_folder = share(cluster, st.new_folder_id("meester-bart"), b, c)
    wiskunde = library.lessons["breuken-vergelijken"][1]
    taal = library.lessons["hoofdgedachte-zoeken"][1]
    # juf An on PC A, meester Bart on PC B
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-a"))  # each PC its own state (device id)
    an = DataStore(an_folder.path(a), clock)
    klas = make_class(an, "4A", PUPILS_4A)
    for _ in range(3):
        school_lesson(an, wiskunde, klas, clock, wrong=(2,))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-b"))
    bart = DataStore(bart_folder.path(b), clock)
    school_lesson(bart, taal, make_class(bart, "4A", PUPILS_4A), clock, spoor3=(2, 4))
    synced(an_folder, a, c)
    synced(bart_folder, b, c)
    # the zorgcoördinator's PC
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    folders = [an_folder.path(c), bart_folder.path(c)]
    before = [digest(f) for f in folders]
    view = SchoolView(settings=SchoolSettings().with_folders(folders), clock=clock)
    report = view.report()
    vier = report.class_summary("4A")
    assert vier.lessons_given == 4 and len(vier.teachers) == 2
    bram = next(p for p in report.pupils if p.person.name == "Bram Claes")
    assert [(s.kind, s.vak, len(s.evidence)) for s in bram.signals] == [(SPOOR3, "wiskunde", 3)]
    assert bram.miniklas_min == 40.0  # 3 x 10 with juf An, 10 with meester Bart
    assert len(bram.person.seen) == 2  # one child in both teachers' folders
    # juf An teaches again on A: Daan in spoor 3 for the first time
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-a"))
    school_lesson(an, wiskunde, klas, clock, wrong=(2, 4))
    synced(an_folder, a, c)
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    reads = view.cache.reads
    report = view.report()
    assert view.cache.reads == reads + 1  # only the new lesson was read
    assert report.class_summary("4A").lessons_given == 5
    bram = next(p for p in report.pupils if p.person.name == "Bram Claes")
    assert len(next(s for s in bram.signals if s.kind == SPOOR3).evidence) == 4
    daan = next(p for p in report.pupils if p.person.name == "Daan Maes")
    assert daan.spoor3_lessons == 2 and not daan.signals  # once with each teacher: no signal yet
    # nothing on C changed: Syncthing sees no local change in its Receive Only copies
    assert digest(folders[1]) == before[1]
    assert digest(folders[0]) == digest(an_folder.path(a))
    for folder in (an_folder, bart_folder):
        c.scan(folder.folder_id)
        status = st.wait_for("C scanned", lambda f=folder: (s := c.api("/rest/db/status", params={"folder": f.folder_id}))
                             ["state"] == "idle" and s, 20)
        assert status.get("receiveOnlyChangedFiles", 0) == 0, status
    cluster.remove_folder(an_folder.folder_id)
    cluster.remove_folder(bart_folder.folder_id)
