"""The seating plan: placing and swapping, and a random plan that keeps "vooraan" at the
front and "niet samen" apart, for any room and class."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.seating import SeatingPlan, random_plan, room_for, side_by_side


def test_placing_on_a_taken_desk_swaps_and_a_pupil_is_never_twice():
    plan = SeatingPlan(2, 3).place((0, 0), "a").place((0, 1), "b")
    swapped = plan.place((0, 1), "a")
    assert swapped.seats == {(0, 1): "a", (0, 0): "b"}
    moved = swapped.place((1, 2), "c").place((1, 2), "b")  # b takes c's desk, c goes to b's
    assert sorted(moved.seats.values()) == ["a", "b", "c"] and moved.seat_of("b") == (1, 2)
    assert moved.toggle_empty((1, 2)).seat_of("b") is None  # no desk: the pupil is unseated
    assert SeatingPlan.from_doc(moved.to_doc()) == moved


@st.composite
def rooms(draw):
    count = draw(st.integers(2, 35))
    cols = draw(st.integers(2, 8))
    room = room_for(count, cols)
    extra = draw(st.integers(0, 1))
    room = SeatingPlan(room.rows + extra, cols)
    holes = draw(st.sets(st.tuples(st.integers(0, room.rows - 1), st.integers(0, cols - 1)), max_size=extra * cols))
    room = SeatingPlan(room.rows, cols, empty=frozenset(holes))
    pupils = [f"p{i:02d}" for i in range(count)]
    vooraan = draw(st.sets(st.sampled_from(pupils), max_size=min(3, cols)))
    pairs = draw(st.lists(st.tuples(st.sampled_from(pupils), st.sampled_from(pupils)), max_size=count // 5))
    return room, pupils, vooraan, {frozenset(p) for p in pairs if p[0] != p[1]}, draw(st.integers(0, 9999))


@given(case=rooms())
def test_a_random_plan_keeps_its_rules(case):
    room, pupils, vooraan, niet_samen, seed = case
    plan = random_plan(room, pupils, vooraan=vooraan, niet_samen=niet_samen, rng=random.Random(seed))
    placed = list(plan.seats.values())
    assert len(placed) == len(set(placed)) == min(len(pupils), len(room.places))
    assert not set(plan.seats) & room.empty
    front = room.places[: len(vooraan)]
    assert {plan.seats[p] for p in front if p in plan.seats} >= (vooraan & set(placed)) or len(vooraan) > len(room.places)
    if len(room.places) >= 2 * len(pupils):  # room to spare: never side by side
        assert not side_by_side(plan) & niet_samen
    assert random_plan(room, pupils, vooraan=vooraan, niet_samen=niet_samen, rng=random.Random(seed)) == plan


def test_niet_samen_pairs_do_not_sit_side_by_side_in_a_full_room():
    pupils = [f"p{i:02d}" for i in range(24)]
    pairs = {frozenset(("p00", "p01")), frozenset(("p02", "p03")), frozenset(("p04", "p05"))}
    for seed in range(10):
        plan = random_plan(room_for(24), pupils, niet_samen=pairs, rng=random.Random(seed))
        assert not side_by_side(plan) & pairs


def test_a_seating_plan_is_remembered_per_class(tmp_path):
    from lesson_tui.store.settings import Settings

    plan = random_plan(room_for(5, 3), ["a", "b", "c", "d", "e"], rng=random.Random(2)).toggle_empty((1, 2))
    Settings(tmp_path).set_seating("4A", plan)
    assert Settings(tmp_path).seating("4A") == plan and Settings(tmp_path).seating("4B") is None


def test_the_a4_page_holds_todays_groups_and_the_seating_plan(store, plan, clock, tmp_path):
    from lesson_tui.cli.main import main
    from lesson_tui.rules.groups import make_groups
    from lesson_tui.store.settings import Settings

    demo = store.get_class("Demo 4A")
    run = store.start_run(demo, plan, set())
    run.next_phase()
    run.go_to_phase(plan.phase_index("jullie"))
    run.set_groups("gemengd", 2, make_groups(run.present, rng=random.Random(1)))
    run.go_to_phase(plan.phase_index("kleine_afsluiting"))
    closing = run.open_round("afsluitvraag")
    run.mark(closing, run.pupil_by_number(2).id, "fout")
    run.close_round(closing)
    run.confirm_sporen({})
    store.update_run_summary(run)
    store.release(run.run_id)
    room = random_plan(room_for(24), [p.id for p in demo.active_pupils], rng=random.Random(4)).toggle_empty((3, 5))
    Settings(store.root).set_seating(store.get_class("Demo 4A").id, room)
    out = tmp_path / "les.html"
    assert main(["--data-dir", str(store.root), "export", "--last", "--format", "html", "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Zo werken we samen" in page and page.count("<li>") >= 12 and " + " in page
    assert '<table class="seating">' in page and page.count('class="nodesk"') == 1
    assert "break-before: page" in page  # the room on a page of its own
