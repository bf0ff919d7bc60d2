"""What the teacher reads at 80x24 is what the screen draws: parsed from the screenshot
itself, so a cut-off column or a row under a scrollbar fails."""
from __future__ import annotations

import re

from tui_helpers import app_for, lesson_at_sporen, resume, screen_lines


async def test_sporen_at_80x24_show_the_percentage_and_the_row_typed(store, library, clock, plan):
    run_id = lesson_at_sporen(store, plan)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, run_id, "s")
        await pilot.pause(0.2)
        lines = screen_lines(app)
        table_rows = [line for line in lines if re.match(r"\s*\d+\s+[A-Z]", line)]
        assert table_rows
        assert all(re.search(r"\d+ %", line) for line in table_rows), table_rows
        await pilot.press("g", "2", "4")
        await pilot.pause(0.2)
        run = app.session.run
        name = run.names[run.pupil_by_number(24).id]
        table = app.screen.query_one("#sporen-table")
        assert table.cursor_row == table.get_row_index(run.pupil_by_number(24).id)
        # the highlighted row is on screen, above the table's bottom edge (and any scrollbar)
        visible = [line for line in screen_lines(app) if re.match(rf"\s*24\s+{re.escape(name)}", line)]
        assert visible, "\n".join(screen_lines(app))
        region = table._get_row_region(table.cursor_row)
        assert table.scroll_y <= region.y and region.bottom <= table.scroll_y + table.scrollable_content_region.height


def test_the_override_marker_names_the_proposal_not_a_new_spoor(store, plan):
    from lesson_tui.tui.screens.sporen import SporenScreen

    run_id = lesson_at_sporen(store, plan)
    run = store.open_run(run_id)
    pupil = run.pupil_by_number(3).id  # proposed spoor 1 (no marks)
    proposed = run.decisions()[pupil].suggestion.spoor
    run.set_override(pupil, 3)
    cell = SporenScreen._spoor_cell(run.decisions()[pupil]).plain
    assert cell.startswith("3 ") and f"✎ (voorstel {proposed})" in cell
    assert f"✎{proposed}" not in cell


def test_names_flow_on_lines_but_are_never_broken():
    from rich.text import Text

    from lesson_tui.tui.widgets.plain import packed

    names = ["Noah V.", "10 Kacper", "Amira", "14 Mohamed El Idrissi"]
    lines = packed([Text(n) for n in names], 12).plain.splitlines()
    for name in names[:3]:
        assert any(name in line for line in lines), lines  # whole, on one line
    assert all(len(line) <= 12 for line in lines if "Mohamed" not in line)
    assert "14 Mohamed El Idrissi" in lines  # too wide for a line: a line of its own
