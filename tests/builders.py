"""Lessons, classes and histories built through the core in milliseconds, for tests in every folder."""
from __future__ import annotations

import random
from pathlib import Path

from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.store.device import device_id


def own_class_file(root: Path, slug: str = "5b") -> Path:
    """The file this PC writes its changes to a class in (`classes/<slug>/<device id>.json`)."""
    return root / "classes" / slug / f"{device_id()}.json"


def class_of(store, name: str, size: int):
    rows = "naam\n" + "".join(f"Leerling{n:02d} Achternaam\n" for n in range(1, size + 1))
    return store.import_class(name, parse_class_csv(rows.encode())).school_class


def make_history(store, library, clock, days: int = 8) -> None:
    """Eight lessons across three subjects; pupil 9 lands in spoor 3 every time, pupil 3
    fails the exit ticket, pupil 12 asks for more explanation."""
    demo = store.get_class("Demo 4A")
    rng = random.Random(5)
    order = ["breuken-vergelijken", "hoofdgedachte-zoeken", "waterkringloop"]
    for day in range(days):
        plan = library.lessons[order[day % 3]][1]
        run = store.start_run(demo, plan, set(), rng=rng)
        run.next_phase()
        round_ = run.open_round("vraag")
        for pid in run.pupil_ids:
            if pid in ("demo-05", "demo-09") or rng.random() < 0.2:
                run.mark(round_, pid, "fout" if pid == "demo-09" else rng.choice(["fout", "half"]))
        run.close_round(round_)
        run.set_self_assessment("demo-12", 3)
        run.confirm_sporen(dict.fromkeys(run.pupil_ids, "0/1 juist"))
        exit_round = run.open_round("exit", kind="exit")
        run.mark(exit_round, "demo-03", "fout")
        run.close()
        store.update_run_summary(run)
        store.release(run.run_id)
        clock.advance(86400)


DEFAULT_MARKS = {2: "fout", 4: "fout", 6: "half", 9: "fout"}


def lesson_at_sporen(
    store, plan, *, school_class=None, marks=None, asks_miniklas=(1,), confirmed=False, absent=()
) -> str:
    """The lesson as the keys `n n n n n enter 2 f 4 f 6 h 9 f enter z 1 c enter` leave it,
    made through the core in milliseconds (the keys themselves have their pilot tests): the
    kleine lesafsluiting's round saved with `marks` (class number: mark), the pupils in
    `asks_miniklas` at self-assessment 3 (with none, no self-assessment round); with
    `confirmed`, the split stored and the lesson at JIJ; the class numbers in `absent` away
    from the start. The lock is released, so an app resumes it: its id."""
    from lesson_tui.session.session import LessonSession, Step

    school_class = school_class or store.get_class("Demo 4A")
    away = {p.id for p in school_class.active_pupils if p.number in set(absent)}
    session = LessonSession.start(store, school_class, plan, away, rng=random.Random(3))
    run = session.run
    while session.next_phase() is not Step.CHECK:
        pass
    question = plan.fase[run.phase_index].cfu[0]
    round_ = run.open_round(question.vraag, question.niveau)
    for number, mark in (DEFAULT_MARKS if marks is None else marks).items():
        run.mark(round_, run.pupil_by_number(number).id, mark)
    run.close_round(round_)
    assert session.after_round(round_) is Step.SPOREN
    if asks_miniklas:
        run.start_self_assessment()
        for number in asks_miniklas:
            run.set_self_assessment(run.pupil_by_number(number).id, 3)
    if confirmed:
        assert session.confirm_sporen()
    session.leave()
    return run.run_id


def lesson_on_goal(store, plan, clock, *, school_class=None, marks=None, exit_marks=None, absent=(),
                   miniklas=(), left=None, miniklas_minutes=10, days_later=1) -> str:
    """One lesson of `plan` given and closed through the core: the kleine lesafsluiting's
    round with `marks` (class number: mark; everyone else juist), the exit ticket with
    `exit_marks` (class number: mark; everyone else juist), the class numbers in `absent`
    away, the ones in `miniklas` sent there (self-assessment 3) for `miniklas_minutes` of
    its timer, those in `left` (number: minutes) leaving it after that many minutes. The
    clock then moves `days_later` days on. Its run id."""
    school_class = school_class or store.get_class("Demo 4A")
    away = {p.id for p in school_class.active_pupils if p.number in set(absent)}
    run = store.start_run(school_class, plan, away, rng=random.Random(3))
    number = {p.number: p.id for p in run.pupils}
    run.go_to_phase(plan.phase_index("kleine_afsluiting"))
    round_ = run.open_round("vraag")
    for n, mark in (marks or {}).items():
        run.mark(round_, number[n], mark)
    run.close_round(round_)
    for n in miniklas:
        run.set_self_assessment(number[n], 3)
    run.confirm_sporen({})
    if miniklas:
        run.miniklas_timer(True)
        passed = 0
        for n, minutes in sorted((left or {}).items(), key=lambda item: item[1]):
            clock.advance((minutes - passed) * 60)
            passed = minutes
            run.toggle_miniklas_leave(number[n])
        clock.advance((miniklas_minutes - passed) * 60)
        run.miniklas_timer(False)
    exit_round = run.open_round("exit", kind="exit")
    for n, mark in (exit_marks or {}).items():
        run.mark(exit_round, number[n], mark)
    run.close_round(exit_round)
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    clock.advance(days_later * 86400)
    return run.run_id


def goals_history(store, library, clock, *, extra_goals: int = 0) -> None:
    """Lessons on three goals for the demo class, and `extra_goals` more goals of one
    lesson each (made from the fractions lesson): on fractions (three lessons) pupil 2 is
    wrong every time and in the miniklas, pupil 3 half right and in the miniklas (leaving
    after 5 minutes), pupil 5 absent the first time; the water cycle (one lesson) pupil 4
    wrong; the main idea (one lesson) everyone right."""
    from dataclasses import replace

    fractions = library.lessons["breuken-vergelijken"][1]
    for day in range(3):
        lesson_on_goal(store, fractions if day != 1 else library.lessons["comparing-fractions"][1], clock,
                       marks={2: "fout", 3: "half"}, exit_marks={2: "fout"}, miniklas=(2, 3), left={3: 5},
                       absent=(5,) if day == 0 else ())
    lesson_on_goal(store, library.lessons["waterkringloop"][1], clock, marks={4: "fout"}, exit_marks={4: "fout"})
    lesson_on_goal(store, library.lessons["hoofdgedachte-zoeken"][1], clock)
    for number in range(extra_goals):
        plan = replace(fractions, id=f"les-{number:02d}", titel=f"Oefenles {number}", doelen=(f"doel-{number:02d}",))
        lesson_on_goal(store, plan, clock, marks={(number % 20) + 1: "fout"}, exit_marks={(number % 20) + 1: "fout"})
