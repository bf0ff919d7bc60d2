"""The grouping rule: property tests for every class size 2-35 and any evidence."""
from __future__ import annotations


async def test_mixed_duos_at_jullie_reroll_swap_accept_and_see_them_on_the_board(store, demo, library, clock, plan):
    """JULLIE starts: mixed duos are offered; the teacher re-rolls, swaps 3 and 14 by class
    number, accepts; the groups are in the run, the export and on the class board."""
    import json

    from tui_helpers import app_for

    from lesson_tui.export.output import render
    from lesson_tui.session.board import board_view
    from lesson_tui.tui.screens.groups import GroupsScreen
    from lesson_tui.tui.screens.lesson import LessonScreen

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "n")  # voorkennis -> ... -> JULLIE
        screen = app.screen
        assert isinstance(screen, GroupsScreen) and screen.mode == "gemengd" and screen.group_size == 2
        first = [list(g) for g in screen.groups]
        await pilot.press("r")
        assert sorted(p for g in screen.groups for p in g) == sorted(p for g in first for p in g)
        run = app.session.run
        three, fourteen = run.pupil_by_number(3).id, run.pupil_by_number(14).id
        together = list(next(g for g in screen.groups if three in g))
        if fourteen in together:  # already together: swap 3 with someone else instead
            fourteen = next(p for g in screen.groups if three not in g for p in g)
        partner_of_14 = next(p for g in screen.groups if fourteen in g for p in g if p != fourteen)
        number_14 = next(p.number for p in run.pupils if p.id == fourteen)
        await pilot.press("3", "w", *str(number_14), "w")
        assert any(fourteen in g and (set(g) - {fourteen}) == set(together) - {three} for g in screen.groups)
        assert any(three in g and partner_of_14 in g for g in screen.groups)
        shown = str(screen.query_one("#groups-list").render())
        assert "%" not in shown  # names only
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        assert run.state.groups == [list(g) for g in screen.groups]
        view = board_view(run, clock.now())
        assert view.kind == "groups" and any(run.names[three] in g for g in view.groups)
        exported = json.loads(render(run, "json"))["groepen"]  # full names, for the teacher
        assert len(exported) == len(run.state.groups)
        assert exported[0][0].startswith(run.names[run.state.groups[0][0]].split()[0])


async def test_niet_samen_is_set_by_class_number_remembered_and_never_proposed(store, demo, library, clock, plan):
    from tui_helpers import app_for

    from lesson_tui.store.settings import Settings
    from lesson_tui.tui.screens.groups import GroupsScreen

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "n")
        screen = app.screen
        assert isinstance(screen, GroupsScreen)
        run = app.session.run
        three, seven = run.pupil_by_number(3).id, run.pupil_by_number(7).id
        await pilot.press("3", "x", "7", "x")
        assert "nooit samen" in str(screen.query_one("#groups-status").render())
        assert Settings(store.root).niet_samen(demo.id) == {frozenset((three, seven))}
        for _ in range(8):  # whatever the proposal, mixed, level or random
            await pilot.press("r", "m")
            assert not any({three, seven} <= set(group) for group in screen.groups)
        await pilot.press("3", "x", "7", "x")  # again: allowed again
        assert Settings(store.root).niet_samen(demo.id) == set()


async def test_a_late_pupil_joins_the_groups_already_made(store, demo, library, clock, plan):
    from tui_helpers import app_for

    from lesson_tui.tui.screens.groups import GroupsScreen

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "2", "4", "a", "enter")  # Chloë (24) is not there yet
        await pilot.press("n", "n", "n", "n", "enter")  # JULLIE: the duos are taken
        run = app.session.run
        chloe = run.pupil_by_number(24).id
        assert all(chloe not in group for group in run.state.groups) and len(run.state.groups) == 11
        await pilot.press("p", "2", "4", "j", "enter")  # she comes in
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, GroupsScreen)
        assert "Chloë" in str(screen.query_one("#groups-status").render())
        await pilot.press("enter")
        joined = next(group for group in run.state.groups if chloe in group)
        assert len(joined) == 3 and len(run.state.groups) == 11  # the same groups, one trio


async def test_an_absent_number_selects_nobody_to_swap(store, demo, library, clock, plan):
    from tui_helpers import app_for

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "2", "4", "a", "enter")  # Chloë (24) is away
        await pilot.press("n", "n", "n", "n")
        screen = app.screen
        groups = [list(g) for g in screen.groups]
        await pilot.press("2", "4", "w", "3", "w")
        assert str(screen.query_one("#groups-number").render()) == ""  # 3 w: the first of a swap
        assert screen.groups == groups and screen._first == app.session.run.pupil_by_number(3).id
        await pilot.press("2", "4", "w")
        assert str(screen.query_one("#groups-number").render()) == "24 is afwezig"
        assert screen.groups == groups  # 3 was not swapped with anyone


async def test_groups_of_four_stay_groups_of_four_and_say_when_niet_samen_cannot_hold(store, library, clock, plan):
    from tui_helpers import app_for, class_of

    from lesson_tui.store.settings import Settings
    from lesson_tui.tui.screens.groups import GroupsScreen

    klas = class_of(store, "Klein", 3)
    a, b, c = (p.id for p in klas.active_pupils)
    for x, y in ((a, b), (a, c), (b, c)):
        Settings(store.root).set_niet_samen(klas.id, x, y, True)
    app = app_for(store, library, clock, school_class=store.get_class("Demo 4A"), plan=plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "n", "n")
        assert isinstance(app.screen, GroupsScreen)
        await pilot.press("t", "t", "enter")  # groups of 4, accepted
        assert app.session.run.state.groups_size == 4
        await pilot.press("g")
        screen = app.screen
        assert screen.group_size == 4
        assert "van 4" in str(screen.query_one("#groups-title").render())
        await pilot.press("r")  # a new proposal of the same kind
        assert all(len(group) >= 3 for group in screen.groups) and screen.group_size == 4
    small = app_for(store, library, clock, school_class=store.get_class("Klein"), plan=plan)
    async with small.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "n", "n")
        assert isinstance(small.screen, GroupsScreen)
        shown = str(small.screen.query_one("#groups-list").render())
        assert "Niet samen kon niet" in shown
