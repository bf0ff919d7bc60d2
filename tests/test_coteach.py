"""The co-teacher's page: a token on every request, the view on the co-teacher's device,
and what the co-teacher taps arriving in the teacher's lesson."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from lesson_tui.coteach_server import COOKIE, CoteachServer, view_command
from lesson_tui.tui.coteach_app import CoTeachApp
from tui_helpers import lesson_at_sporen, wait_for


def server_for(lesson_open=lambda: True) -> CoteachServer:
    return CoteachServer("true", token="geheim-token", host="127.0.0.1", port=8765, title="t", lesson_open=lesson_open)


async def test_no_token_no_page_no_websocket_no_process(monkeypatch):
    from textual_serve import app_service

    started = []

    async def start(self, width, height):
        started.append((width, height))

    monkeypatch.setattr(app_service.AppService, "start", start)
    open_ = {"now": True}
    server = server_for(lambda: open_["now"])
    async with TestClient(TestServer(await server._make_app())) as client:
        for path in ("/", "/ws", "/download/x", "/static/js/textual.js", "/?token=fout"):
            response = await client.get(path)
            assert response.status == 403, path
        assert started == []
        page = await client.get("/?token=geheim-token")
        assert page.status == 200 and "ws://127.0.0.1:8765/ws" in await page.text()
        assert "googleapis" not in await page.text()  # nothing loaded from outside the school
        assert page.cookies[COOKIE]["httponly"]
        # the page's own requests carry the cookie, as the browser's do
        assert (await client.get("/static/js/textual.js")).status == 200
        open_["now"] = False  # the lesson is closed: the token is dead
        assert (await client.get("/?token=geheim-token")).status == 403
        assert started == []


def test_the_view_command_runs_this_python_on_this_data(tmp_path):
    command = view_command(tmp_path / "met spatie", "20261123-0900-abcd", "nl")
    assert "coteach-view" in command and "20261123-0900-abcd" in command
    assert "'" in command or '"' in command  # the folder with a space is quoted


async def test_the_co_teacher_taps_and_the_teacher_sees_it(store, plan, clock):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    teacher = store.open_run(run_id)
    app = CoTeachApp(store.join_run(run_id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        labels = [str(b.label) for b in app.query(".co-pupil")]
        assert [label.split()[0] for label in labels] == ["2", "4", "9"]
        await pilot.click("#co-p-1")  # Bilal (4) gets it and leaves the miniklas
        await pilot.pause()
        assert str(app.query_one("#co-p-1").label).startswith("✓ 4")
        teacher.help_add(teacher.pupil_by_number(7).id)  # a pupil working alone asks for help
        assert await wait_for(pilot, lambda: "7 " in str(app.query_one("#co-help").render()))
        assert await wait_for(pilot, lambda: not app.query_one("#co-help-next").disabled)
        await pilot.click("#co-help-next")
        await pilot.click("#co-check")  # a quick check with who is still in the miniklas
        await pilot.click("#co-p-0")
        await pilot.click("#co-check-done")
    teacher.catch_up()
    four, seven = teacher.pupil_by_number(4).id, teacher.pupil_by_number(7).id
    assert four in teacher.state.jij.left_miniklas
    assert teacher.state.jij.help_queue == [] and [pid for pid, _ in teacher.state.jij.helped] == [seven]
    check = [r for r in teacher.rounds if r.kind == "miniklas"][-1]
    assert check.closed and check.present == [teacher.pupil_by_number(2).id, teacher.pupil_by_number(9).id]
    assert check.marks == {teacher.pupil_by_number(2).id: "fout"}


async def test_the_teacher_shows_the_page_as_a_qr_code_but_never_on_a_projected_screen(store, library, clock, plan):
    import json as _json

    from lesson_tui.tui.screens.device import DeviceScreen
    from tui_helpers import app_for, resume

    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await resume(pilot, run_id, "f", "d")
        assert isinstance(app.screen, DeviceScreen)
        assert "lesson-tui coteach" in str(app.screen.query_one("#device-text").render())  # not started yet
        await pilot.press("escape")
        address = "http://192.168.1.20:8765/?token=geheim-token"
        (store.root / "coteach.json").write_text(_json.dumps({"address": address, "run_id": run_id}), encoding="utf-8")
        await pilot.press("d")
        assert "▀" in str(app.screen.query_one("#device-qr").render())
        assert address in str(app.screen.query_one("#device-text").render())
        await pilot.press("escape")
        app.klasveilig = True  # the teacher's screen is on the projector
        await pilot.press("d")
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static, Label") if widget.display)
        assert "geheim-token" not in shown and "▀" not in shown and "Klasveilig" in shown


# --- the core: a co-writer's file and a closed lesson (no Textual) -------------------------


def test_a_co_writer_file_exists_only_from_its_first_event_and_is_private(store, plan):
    import os
    import stat

    from lesson_tui.writers import writer_files

    main = store.start_run(store.get_class("Demo 4A"), plan, set())
    main.next_phase()
    looked = store.join_run(main.run_id)  # a tab opened and closed without a tap
    assert writer_files(main.path) == {}
    first, second = store.join_run(main.run_id), store.join_run(main.run_id)  # the same number, both
    assert first.writer == second.writer == 1
    first.help_add(main.pupil_ids[0])
    second.help_add(main.pupil_ids[1])  # the number was taken: this device takes the next
    files = writer_files(main.path)
    assert sorted(files) == [1, 2] and second.writer == 2
    if os.name == "posix":
        assert {stat.S_IMODE(path.stat().st_mode) for path in files.values()} == {0o600}
    again = store.join_run(main.run_id, writer=1)  # the same device after a reload: its own file
    again.help_add(main.pupil_ids[2])
    main.catch_up()
    assert [pid for pid, _ in main.state.jij.help_queue] == main.pupil_ids[:3]
    assert sorted(writer_files(main.path)) == [1, 2] and looked.writer == 1


def test_a_co_writer_cannot_write_into_a_closed_lesson(store, plan):
    import json

    from lesson_tui.writers import writer_file

    main = store.start_run(store.get_class("Demo 4A"), plan, set())
    main.next_phase()
    co = store.join_run(main.run_id)
    co.help_add(main.pupil_ids[0])
    before = writer_file(main.path, co.writer).read_bytes()
    main.catch_up()
    main.close()  # the co-teacher's tab has not seen it yet
    assert co.toggle_miniklas_leave(main.pupil_ids[1]) is None
    assert writer_file(main.path, co.writer).read_bytes() == before
    # written by hand (or by an older version) after the close: the fold leaves it out
    doc = json.loads(before)
    doc["events"]["2"] = {"t": "help_add", "pupil": main.pupil_ids[1], "at": "2030-01-01T00:00:00+00:00", "hlc": [1 << 50, 0]}
    writer_file(main.path, co.writer).write_text(json.dumps(doc), encoding="utf-8")
    main.catch_up()
    assert [pid for pid, _ in main.state.jij.help_queue] == [main.pupil_ids[0]]
