"""What the school view shows of the teachers' lessons (#21): per class and per pupil."""

from __future__ import annotations

from datetime import datetime, timedelta

from lesson_tui.school.digest import miniklas_seconds, school_year
from lesson_tui.school.signals import SPOOR3, ZELF, Thresholds
from lesson_tui.school.state import SchoolSettings, load_settings, save_settings
from lesson_tui.school.view import SchoolView
from tests.core.test_school_readonly import school, view_of  # noqa: F401  (the fixture)


def test_per_class_lessons_coverage_and_the_sporen_over_time(school, clock):  # noqa: F811
    report = view_of(school, clock=clock).report()
    vier = report.class_summary("4A")
    assert [line.teacher for line in vier.lessons] == ["juf-an"] * 4 + ["meester-bart"]
    assert [line.vak for line in vier.lessons][-1] == "nederlands"
    assert all(line.present == 5 and line.checked == 5 for line in vier.lessons)
    assert vier.coverage == 1.0
    # wiskunde: Bram wrong (spoor 3), Emma asks for the miniklas (3): 3 / 0 / 2
    assert [line.sizes for line in vier.lessons] == [(3, 0, 2)] * 4 + [(3, 0, 2)]
    assert report.goals_available is False and vier.goals is None


def test_the_signals_with_their_evidence_and_the_minutes_in_the_miniklas(school, clock):  # noqa: F811
    report = view_of(school, clock=clock).report()
    bram = next(p for p in report.pupils if p.person.name == "Bram Claes")
    kinds = {(s.kind, s.vak) for s in bram.signals}
    assert kinds == {(SPOOR3, "wiskunde"), (ZELF, "")}
    spoor3 = next(s for s in bram.signals if s.kind == SPOOR3)
    assert len(spoor3.evidence) == 4 and spoor3.window == (3, 5)
    assert spoor3.miniklas_min == 40.0  # 4 lessons x 10 minutes of the miniklas timer
    assert bram.miniklas_min == 48.0  # and 8 in meester Bart's taal lesson
    assert all(fact.self_assessment == 1 and fact.score == 0.0 for fact in next(
        s for s in bram.signals if s.kind == ZELF).evidence)
    daan = next(p for p in report.pupils if p.person.name == "Daan Maes")
    assert daan.miniklas_min == 4.0  # left the miniklas halfway
    assert not daan.signals  # one lesson in spoor 3 is no signal
    emma = next(p for p in report.pupils if p.person.name == "Emma Wouters")
    assert {s.kind for s in emma.signals} == {SPOOR3, ZELF}  # says 3 while she scores 100 %


def test_the_thresholds_are_the_schools_and_change_the_signals(school, clock):  # noqa: F811
    settings = SchoolSettings(thresholds=Thresholds(spoor3_n=5, spoor3_m=5)).with_folders(school)
    save_settings(settings)
    assert load_settings().thresholds.spoor3_n == 5
    report = SchoolView.from_state(clock=clock).report()
    assert report.thresholds.spoor3_n == 5
    bram = next(p for p in report.pupils if p.person.name == "Bram Claes")
    assert SPOOR3 not in {s.kind for s in bram.signals}  # 4 of 4 is not 5 of 5


def test_a_pupil_in_two_teachers_folders_is_one_pupil(school, clock):  # noqa: F811
    report = view_of(school, clock=clock).report()
    bram = [p for p in report.pupils if p.person.name == "Bram Claes"]
    assert len(bram) == 1 and len(bram[0].person.seen) == 2
    assert len(bram[0].facts) == 5


def test_miniklas_seconds():
    at = datetime(2026, 11, 23, 10, 0).astimezone()
    assert miniklas_seconds(600, 900, at, None) == 600  # the miniklas timer
    assert miniklas_seconds(0, 900, at, None) == 900  # without it, JIJ
    assert miniklas_seconds(600, 900, at, at + timedelta(seconds=240)) == 240  # left after 4 minutes
    assert miniklas_seconds(600, 900, at, at + timedelta(hours=2)) == 600  # never more than the whole
    assert miniklas_seconds(600, 900, at, at - timedelta(seconds=5)) == 0  # a clock set back


def test_school_year():
    assert school_year("2026-09-01T08:30:00+02:00") == "2026-2027"
    assert school_year("2027-08-31T08:30:00+02:00") == "2026-2027"
    assert school_year("2026-08-31T08:30:00+02:00") == "2025-2026"


class GoalsByExitTicket:
    """A mastery source as the goals' part of lesson-tui will plug in (view.py, `MasterySource`):
    here, a stand-in rule of the test's own (mastered: an exit ticket of 100 %), to show that
    what it keeps of a run is cached with the digest and that its column and its
    vastgelopen signals reach the report and the exports."""

    version = "test-1"

    def keep(self, run):
        return {"doel": run.plan.id, "mastered": [pid for pid, s in run.exit_ticket().items() if s.share == 1.0]}

    def goal_shares(self, digests):
        from lesson_tui.school.view import GoalShare

        by_goal: dict[str, tuple[set, set]] = {}
        for d in digests:
            pupils, mastered = by_goal.setdefault(d.extra["doel"], (set(), set()))
            pupils.update(pid for (pid, *_), here in zip(d.pupils, d.present) if here)
            mastered.update(d.extra["mastered"])
        return [GoalShare(goal, len(p), len(m & p)) for goal, (p, m) in sorted(by_goal.items())]

    def stuck(self, person, facts):
        from lesson_tui.school.signals import VASTGELOPEN, Signal

        missed = [d for d, pid in facts if pid not in d.extra["mastered"] and d.extra["doel"] == "breuken-vergelijken"]
        if len(missed) < 4:
            return []
        return [Signal(VASTGELOPEN, person.key, person.name, "wiskunde", (), (4, 4), len(missed), 0.0, "breuken")]


def test_the_goals_seam_fills_the_goals_column_and_the_vastgelopen_signal(school, clock, capsys):  # noqa: F811
    view = view_of(school, clock=clock, mastery=GoalsByExitTicket())
    report = view.report()
    assert report.goals_available
    vier = report.class_summary("4A")
    assert [g.doel for g in vier.goals] == ["breuken-vergelijken", "hoofdgedachte-zoeken"]
    assert vier.goals[0].pupils == 5 and vier.goals[0].mastered == 0  # no exit ticket in these lessons
    kinds = {s.kind for s in report.signals}
    assert "vastgelopen" in kinds
    # kept with the digest: a new start reads no run again
    again = view_of(school, clock=clock, mastery=GoalsByExitTicket())
    again.report()
    assert again.cache.reads == 0
    # another version of the source: every run read again
    other = GoalsByExitTicket()
    other.version = "test-2"
    fresh = view_of(school, clock=clock, mastery=other)
    fresh.report()
    assert fresh.cache.reads == 6
    from lesson_tui.export.school import render_school

    text = render_school(report, "md")
    assert "vastgelopen op een doel: breuken" in text


def test_lessons_with_the_demo_class_are_no_pupils_of_the_school(tmp_path, monkeypatch, clock, library):
    """A teacher tries the app with the demo class: those lessons are practice, not pupils;
    the school view leaves them out (said in the README)."""
    from builders import school_folders, school_lesson, teacher_store

    folders = school_folders(tmp_path, monkeypatch, clock, library)
    an = teacher_store(tmp_path, "juf-an", clock, monkeypatch)  # juf An's PC again
    school_lesson(an, library.lessons["breuken-vergelijken"][1], an.get_class("Demo 4A"), clock, spoor3=(1, 2, 3))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    report = view_of(folders, clock=clock).report()
    assert [c.name for c in report.classes] == ["4A", "5B"]
    assert not any(p.person.name.startswith("Arthur") for p in report.pupils)  # a demo pupil
    assert len(report.pupils) == 7  # 4A (five, one pupil in both folders) and 5B (two)
