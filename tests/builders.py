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


def scripted_lesson(store, plan, clock, *, school_class=None, seed: int = 11):
    """A whole lesson of `plan` (breuken-vergelijken) with every kind of event, at known
    times, for the lesson page to be checked against hand-counted figures
    (tests/core/test_review_lesson.py counts them; the comments say what happens). Pupil 20
    is absent. Returns the closed run (lock released) and the two beurtstokje picks."""
    school_class = school_class or store.get_class("Demo 4A")
    away = {p.id for p in school_class.active_pupils if p.number == 20}
    run = store.start_run(school_class, plan, away, rng=random.Random(seed))
    no = lambda n: run.pupil_by_number(n).id  # noqa: E731
    run.next_phase()  # voorkennis, 4 min planned
    clock.advance(60)
    r1 = run.open_round("noemer?", "doevraag")
    clock.advance(2)  # marked after 2 s: less than the think time
    run.mark(r1, no(2), "fout")
    run.close_round(r1)
    clock.advance(238)  # voorkennis ran 300 s: 60 s over
    run.next_phase()  # lesdoel, 2 min
    clock.advance(90)
    run.next_phase()  # ik, 8 min
    first = run.pick_pupil()
    run.log_pick(first, "juist")
    second = run.pick_pupil()
    run.log_pick(second, "juist")
    run.pick_pupil()
    run.undo_pick()  # the third pick taken back: two turns
    clock.advance(480)
    run.adjust_minutes(2)  # two minutes added during IK ...
    clock.advance(120)  # ... and used: 600 s, 120 s over the plan
    run.next_phase()  # wij, 8 min
    clock.advance(30)
    r2 = run.open_round("Zet < of >: 2/5 ... 4/5", "gesloten")
    clock.advance(6)
    run.mark(r2, no(4), "fout")
    run.mark(r2, no(6), "half")
    run.mark(r2, no(9), "fout")
    run.close_round(r2)
    r3 = run.open_round("Waarom?", "denkvraag")
    clock.advance(10)  # nobody marked: the think time is until the close
    run.close_round(r3)
    clock.advance(374)  # wij: 30 + 6 + 10 + 374 = 420 s, under the plan
    run.next_phase()  # jullie, 6 min
    clock.advance(360)
    run.next_phase()  # kleine lesafsluiting, 3 min
    r4 = run.open_round("Zet <, > of =: 7/12 ... 9/12", "gesloten")
    clock.advance(5)
    for number, mark in ((2, "fout"), (4, "fout"), (9, "fout"), (6, "half")):
        run.mark(r4, no(number), mark)
    run.close_round(r4)
    run.start_self_assessment()
    run.set_self_assessment(no(1), 3)  # pupil 1 asks for the miniklas
    run.set_override(no(5), 3)  # the teacher puts pupil 5 in the miniklas: one change
    run.confirm_sporen({})
    clock.advance(175)  # kleine: 5 + 175 = 180 s, on time
    run.next_phase()  # jij
    run.miniklas_timer(True)
    clock.advance(300)
    run.toggle_miniklas_leave(no(9))  # pupil 9 leaves after 5 minutes
    clock.advance(60)
    run.help_add(no(10))
    clock.advance(30)
    run.help_next()  # pupil 10 helped
    run.help_add(no(11))  # pupil 11 asks, never answered
    clock.advance(210)
    run.miniklas_timer(False)  # the miniklas ran 600 s
    clock.advance(300)
    run.next_phase()  # grote lesafsluiting
    r5 = run.open_round("exit", kind="exit")
    clock.advance(8)
    run.mark(r5, no(3), "fout")
    run.close_round(r5)
    run.set_note("process_1", "Rustig gewerkt.")
    clock.advance(112)
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    return run, (first.pupil_id, second.pupil_id)

# --- the school view (#21): teachers' folders with lessons, as their PCs leave them -----------


def teacher_store(tmp_path: Path, name: str, clock, monkeypatch):
    """A teacher's data folder made by that teacher's own PC (its own state folder, so its
    own device id and index): the folder the school view is then given."""
    from lesson_tui.store.datastore import DataStore

    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / f"pc-{name}"))
    return DataStore(tmp_path / name, clock)


def school_lesson(store, plan, school_class, clock, *, wrong=(), spoor3=(), self_scores=None, minutes=10, leave=()):
    """A closed lesson for `school_class`: a check round at the kleine lesafsluiting with the
    pupils (by class number) in `wrong` marked fout, the self-assessment of `self_scores`
    (number: 1-3), the pupils in `spoor3` put in spoor 3 by the teacher, the miniklas timer
    run for `minutes`, the pupils in `leave` leaving it halfway. Its run."""
    run = store.start_run(school_class, plan, set(), rng=random.Random(1))
    by_number = {p.number: p.id for p in run.pupils}
    kleine = next(i for i, phase in enumerate(plan.fase) if phase.soort == "kleine_afsluiting")
    run.go_to_phase(kleine)
    round_ = run.open_round("vraag")
    for number in wrong:
        run.mark(round_, by_number[number], "fout")
    run.close_round(round_)
    if self_scores:
        run.start_self_assessment()
        for number, value in self_scores.items():
            run.set_self_assessment(by_number[number], value)
    for number in spoor3:
        run.set_override(by_number[number], 3)
    run.confirm_sporen({})
    run.next_phase()
    run.miniklas_timer(True)
    clock.advance(minutes * 30)
    for number in leave:
        run.toggle_miniklas_leave(by_number[number])
    clock.advance(minutes * 30)
    run.miniklas_timer(False)
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    clock.advance(86400)
    return run


def make_class(store, name, names):
    rows = "voornaam;naam\n" + "".join(f"{first};{last}\n" for first, last in names)
    return store.import_class(name, parse_class_csv(rows.encode())).school_class


PUPILS_4A = [("Amira", "Peeters"), ("Bram", "Claes"), ("Chloë", "Janssens"), ("Daan", "Maes"), ("Emma", "Wouters")]


def school_folders(tmp_path, monkeypatch, clock, library):
    """Two teachers' folders (juf An: 4A wiskunde; meester Bart: 4A taal, 5B), made by their
    own PCs; then this process is the zorgcoördinator's PC (its own state folder)."""
    wiskunde = library.lessons["breuken-vergelijken"][1]
    taal = library.lessons["hoofdgedachte-zoeken"][1]
    an = teacher_store(tmp_path, "juf-an", clock, monkeypatch)
    klas = make_class(an, "4A", PUPILS_4A)
    for _ in range(4):
        school_lesson(an, wiskunde, klas, clock, wrong=(2,), self_scores={2: 1, 5: 3}, minutes=10)
    bart = teacher_store(tmp_path, "meester-bart", clock, monkeypatch)
    klas_b = make_class(bart, "4A", PUPILS_4A)
    school_lesson(bart, taal, klas_b, clock, spoor3=(2, 4), minutes=8, leave=(4,))
    vijf = make_class(bart, "5B", [("Fien", "Smet"), ("Gust", "Goossens")])
    school_lesson(bart, wiskunde, vijf, clock, wrong=(1,))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    return [an.root, bart.root]

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
