"""The school view's words, one place for the screen and the exports: a signal, a lesson
as evidence, a class's line, the school's thresholds (in the zorgcoördinator's language)."""

from __future__ import annotations

from lesson_tui.base.i18n import decimal, t
from lesson_tui.school.identity import Person
from lesson_tui.school.signals import LessonFact, Signal
from lesson_tui.school.view import ClassSummary, SchoolReport


def pct(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def window_text(signal: Signal) -> str:
    return t("school.n_of_m", n=signal.window[0], m=signal.window[1])


def signal_text(signal: Signal) -> str:
    n, m = signal.window
    return t(f"school.signal_{signal.kind}", vak=signal.vak, count=len(signal.evidence), seen=signal.seen, n=n, m=m,
             detail=signal.detail)


def thresholds_line(report: SchoolReport) -> str:
    th = report.thresholds
    return t(
        "school.thresholds",
        spoor3=t("school.n_of_m", n=th.spoor3_n, m=th.spoor3_m),
        zelf=t("school.n_of_m", n=th.zelf_n, m=th.zelf_m),
    )


def sizes_text(line_sizes: tuple[int, int, int] | None) -> str:
    return "" if line_sizes is None else " · ".join(str(n) for n in line_sizes)


def minutes_text(value: float) -> str:
    return t("school.minutes_miniklas", minutes=decimal(value))


def class_line(summary: ClassSummary) -> str:
    return t(
        "school.class_line",
        teachers=", ".join(summary.teachers),
        pupils=summary.pupils,
        lessons=summary.lessons_given,
        coverage=pct(summary.coverage) or "-",
        split=len(summary.split_lessons),
    )


def fact_line(fact: LessonFact) -> str:
    parts = [fact.date, fact.class_name, fact.vak, fact.titel]
    if fact.spoor is not None:
        parts.append(t("school.fact_spoor", spoor=fact.spoor))
    if fact.score is not None:
        parts.append(pct(fact.score))
    if fact.self_assessment is not None:
        parts.append(t("school.fact_self", value=fact.self_assessment))
    return " · ".join(parts)


def signal_short(signal: Signal) -> str:
    """A signal in a table's cell: 'spoor 3 · wiskunde · 4 van 5'."""
    what = t(f"school.kind_{signal.kind}")
    count = t("school.count_of", count=len(signal.evidence), m=signal.seen)
    return " · ".join(p for p in (what, signal.vak, count) if p)


def suggestion_text(a: Person, b: Person) -> str:
    """Two pupils who may be one child (the same name in two classes), and how to link them."""
    return t("school.suggestion", name=a.name, classes_a=", ".join(a.classes), classes_b=", ".join(b.classes),
             a=a.key, b=b.key)
