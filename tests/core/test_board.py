"""The class board: what the class sees, per phase, and that it is always class-safe."""
from __future__ import annotations

import dataclasses
import random

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.cfu import SYMBOL
from lesson_tui.session.board import board_view
from lesson_tui.store.datastore import DataStore


def _strings(view) -> list[str]:
    found = []
    for value in dataclasses.astuple(view):
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, (tuple, list)):
                stack.extend(item)
    return found


def _asked(plan, question: str) -> str:
    """The question as written in the plan (an answer may be part of its own wording)."""
    return next((q.vraag for phase in plan.fase for q in phase.cfu if q.vraag == question), question)
ACTIONS = st.lists(
    st.tuples(st.sampled_from(["next", "round", "mark", "close_round", "pick", "result", "self", "override", "split"]),
              st.integers(0, 23), st.sampled_from(["juist", "half", "fout", "afwezig", "pas"])),
    max_size=40,
)


@given(actions=ACTIONS)
def test_the_board_never_shows_a_mark_a_percentage_a_reason_or_an_answer(tmp_path_factory, clock, plan, actions):
    store = DataStore(tmp_path_factory.mktemp("data"), clock)
    run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(1))
    run.next_phase()
    answers = [q.antwoord for phase in plan.fase for q in phase.cfu if q.antwoord]
    for action, index, mark in actions:
        pid = run.pupil_ids[index]
        open_round = run.open_round_in_progress()
        if action == "next":
            run.next_phase()
        elif action == "round" and open_round is None:
            planned = [q for phase in plan.fase for q in phase.cfu]
            run.open_round(planned[index % len(planned)].vraag)
        elif action == "mark" and open_round is not None and mark != "pas":
            run.mark(open_round, pid, mark)
        elif action == "close_round" and open_round is not None:
            run.close_round(open_round)
        elif action == "pick":
            run.pick_pupil()
        elif action == "result" and run.picks and mark != "afwezig":
            run.log_pick(run.picks[-1], mark)
        elif action == "self":
            run.set_self_assessment(pid, 1 + index % 3)
        elif action == "override":
            run.set_override(pid, 1 + index % 3)
        elif action == "split":
            run.confirm_sporen(dict.fromkeys(run.pupil_ids, "2/5 juist · 40 %"))
        clock.advance(7)
        view = board_view(run, clock.now())
        shown = " ".join(_strings(view))
        assert "%" not in shown
        assert not any(symbol in shown for symbol in SYMBOL.values() if symbol != "…")
        # the answer of the question being asked (the plan's own goal text may hold "5/8")
        asked = " ".join([view.think, view.pick_name, *[" ".join(c.names) for c in view.sporen]])
        assert not any(answer in asked or (answer in view.question and answer not in _asked(plan, view.question))
                       for answer in answers)
        assert " juist" not in asked and "zelfinschatting" not in shown and "MINIKLAS" not in shown
