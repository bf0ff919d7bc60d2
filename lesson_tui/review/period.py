"""Which lessons a look-back covers: one run, the last one, this week, or the days between
two dates (both included), of one class. Dates are typed by a teacher: 2026-11-23 or
23-11-2026 (or with slashes); anything else is a clear message, never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lesson_tui.base.i18n import t
from lesson_tui.review.lesson import LessonReview, review_run
from lesson_tui.store.datastore import DataStore, RunSummary


class PeriodError(ValueError):
    """A period or run the teacher asked for that cannot be: the message says what."""


_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def parse_date(text: str, option: str = "") -> date:
    """A date as a teacher types it; PeriodError in words otherwise."""
    iso, dmy = _ISO.match(text), _DMY.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dmy:
            return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        raise PeriodError(t("reflect.bad_day", value=text.strip(), option=option)) from None
    raise PeriodError(t("reflect.bad_date", value=text.strip(), option=option))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(t("reflect.period_order", start=self.start.isoformat(), end=self.end.isoformat()))

    def holds(self, summary: RunSummary) -> bool:
        """Whether the lesson started on a day of the period (the date as recorded there)."""
        try:
            day = date.fromisoformat(summary.started_at[:10])
        except ValueError:
            return False
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def week_of(day: date) -> Period:
    """The school week holding `day`: Monday to Sunday."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def previous(period: Period) -> Period:
    """The period just before, as long (to compare with)."""
    return Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))


def today(store: DataStore) -> date:
    now: datetime = store.clock.now()
    return now.date()


def runs_in(store: DataStore, period: Period, class_id: str | None) -> list[RunSummary]:
    """The lessons of the period (of one class, or of all), oldest first."""
    return [summary for summary in store.runs(class_id) if period.holds(summary)]


def one_class(runs: list[RunSummary]) -> str:
    """The class of a period's lessons; PeriodError when they are of several (name one)."""
    classes: dict[str, str] = {}
    for summary in runs:
        classes[summary.class_id] = summary.class_name
    if len(classes) > 1:
        raise PeriodError(t("reflect.several_classes", classes=", ".join(sorted(set(classes.values())))))
    return next(iter(classes), "")


def asked_this_week(store: DataStore, class_id: str, day: date, leave_out: str = "") -> dict[str, int]:
    """Beurtstokje turns per pupil in the class's lessons of `day`'s week, without the run
    `leave_out` (the lesson going on, whose own turns the caller adds as they happen). A run
    file that cannot be read counts nothing (the lesson goes on)."""
    from lesson_tui.files.storage import DataFileError

    counts: dict[str, int] = {}
    for summary in runs_in(store, week_of(day), class_id):
        if summary.run_id == leave_out:
            continue
        try:
            review = review_run(store.open_run(summary.run_id, lock=False))
        except (DataFileError, KeyError, ValueError):
            continue
        for pid, count in review.picks.asked.items():
            counts[pid] = counts.get(pid, 0) + count
    return counts


def period_reviews(
    store: DataStore, period: Period, class_id: str | None, problems: list[str] | None = None
) -> list[LessonReview]:
    """Every lesson of the period (of one class, or of all), reviewed, oldest first. A run
    file that cannot be read raises DataFileError (its message names the file); given
    `problems`, it is left out and its message added there instead (a screen goes on)."""
    from lesson_tui.files.storage import DataFileError

    reviews = []
    for summary in runs_in(store, period, class_id):
        try:
            reviews.append(review_run(store.open_run(summary.run_id, lock=False)))
        except (DataFileError, KeyError) as error:
            if problems is None:
                raise
            problems.append(str(error))
    return reviews


def review_of(store: DataStore, run_id: str) -> LessonReview:
    """One lesson as it went, read from its file; PeriodError in words when it cannot be
    (the file gone or damaged: its message names it)."""
    from lesson_tui.files.storage import DataFileError

    try:
        return review_run(store.open_run(run_id, lock=False))
    except KeyError:
        raise PeriodError(t("reflect.unknown_run", run_id=run_id)) from None
    except DataFileError as error:
        raise PeriodError(str(error)) from None
