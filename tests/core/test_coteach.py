"""The co-teacher's page: a token on every request, the view on the co-teacher's device,
and what the co-teacher taps arriving in the teacher's lesson."""
from __future__ import annotations

import json

import pytest
from builders import lesson_at_sporen

from lesson_tui.base.i18n import t
from lesson_tui.coteach import server as coteach_server
from lesson_tui.store import layout


def test_a_co_writer_file_exists_only_from_its_first_event_and_is_private(store, demo, plan):
    import os
    import stat

    from lesson_tui.lesson.writers import PAGE_SLOT, join_writer, writer_files
    from lesson_tui.store.device import device_id

    main = store.start_run(demo, plan, set())
    main.next_phase()
    looked = store.join_run(main.run_id)  # a tab opened and closed without a tap
    assert writer_files(main.path) == {} and looked.writer == join_writer(device_id(), 0)
    number = join_writer(device_id(), PAGE_SLOT)  # what the page hands its first device
    first, second = store.join_run(main.run_id, writer=number), store.join_run(main.run_id, writer=number)
    assert first.writer == second.writer == number  # two views given one number at once
    first.help_add(main.pupil_ids[0])
    second.help_add(main.pupil_ids[1])  # the number was taken: this view takes the next
    files = writer_files(main.path)
    assert sorted(files) == [number, number + 1] and second.writer == number + 1
    if os.name == "posix":
        assert {stat.S_IMODE(path.stat().st_mode) for path in files.values()} == {0o600}
    again = store.join_run(main.run_id, writer=number)  # the same device after a reload: its own file
    again.help_add(main.pupil_ids[2])
    main.catch_up()
    assert [pid for pid, _ in main.state.jij.help_queue] == main.pupil_ids[:3]
    assert sorted(writer_files(main.path)) == [number, number + 1]


def test_a_co_writer_cannot_write_into_a_closed_lesson(store, demo, plan):

    from lesson_tui.lesson.writers import writer_file

    main = store.start_run(demo, plan, set())
    main.next_phase()
    co = store.join_run(main.run_id)
    co.help_add(main.pupil_ids[0])
    before = writer_file(main.path, co.writer).read_bytes()
    main.catch_up()
    main.close()  # the co-teacher's tab has not seen it yet
    assert co.help_add(main.pupil_ids[1]) is None  # (no split: only the close refuses it)
    assert writer_file(main.path, co.writer).read_bytes() == before
    # written by hand (or by an older version) after the close: the fold leaves it out
    doc = json.loads(before)
    doc["events"]["2"] = {"t": "help_add", "pupil": main.pupil_ids[1], "at": "2030-01-01T00:00:00+00:00", "hlc": [1 << 50, 0]}
    writer_file(main.path, co.writer).write_text(json.dumps(doc), encoding="utf-8")
    main.catch_up()
    assert [pid for pid, _ in main.state.jij.help_queue] == [main.pupil_ids[0]]


def coteach_cli(store, *args) -> int:
    from lesson_tui.cli.main import main

    return main(["--data-dir", str(store.root), "coteach", *args])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_what_is_wrong_is_one_line_and_exit_1(store, plan, capsys, monkeypatch, lang):
    import socket

    from lesson_tui.base.i18n import set_language

    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    language = [] if lang == "nl" else ["--lang", "en"]
    closed = store.open_run(run_id)
    other_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    closed.close()
    store.update_run_summary(closed)
    store.release(run_id)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    monkeypatch.setattr(coteach_server, "lan_address", lambda: "127.0.0.1")  # no network
    cases = [
        (["--port", "99999"], "coteach.bad_port", {"port": 99999}),
        (["--port", "-1"], "coteach.bad_port", {"port": -1}),
        (["--run", "bestaat-niet"], "coteach.unknown_run", {"run_id": "bestaat-niet"}),
        (["--run", run_id], "coteach.run_closed", {"run_id": run_id}),
        (["--run", other_id, "--lan"], "coteach.no_network", {}),
        (["--run", other_id, "--port", str(busy.getsockname()[1])], "coteach.port_in_use", {"port": busy.getsockname()[1], "host": "127.0.0.1"}),
    ]
    try:
        for args, key, values in cases:
            assert coteach_cli(store, *args, *language) == 1, args
            out, err = capsys.readouterr()
            set_language(lang)
            assert out == "" and err == f"lesson-tui: {t(key, **values)}\n", args  # no address, no traceback
            assert not layout.coteach_marker_path(store.root).exists()
        assert coteach_cli(store, "--port", "abc", *language) == 2  # usage: exit 2, in the same language
        set_language(lang)
        assert capsys.readouterr().err == f"lesson-tui coteach: {t('cli.usage_int', option='--port', value='abc')}\n"
    finally:
        busy.close()
        set_language("nl")


def test_a_co_teachers_device_is_refused_what_the_teachers_screen_refuses(store, demo, plan):
    from lesson_tui.lesson.writers import writer_file
    from lesson_tui.rules.sporen import Refused

    main = store.start_run(demo, plan, set())
    main.next_phase()
    inside, outside = main.pupil_ids[0], main.pupil_ids[1]
    main.set_override(inside, 3)
    main.confirm_sporen({})
    co = store.join_run(main.run_id)
    co.help_add(outside)
    before = writer_file(main.path, co.writer).read_bytes()
    with pytest.raises(Refused):
        co.toggle_miniklas_leave(outside)
    with pytest.raises(Refused):
        co.help_add(inside)
    assert writer_file(main.path, co.writer).read_bytes() == before
    main.catch_up()
    assert not main.state.jij.left_miniklas
    assert [pid for pid, _ in main.state.jij.help_queue] == [outside]
