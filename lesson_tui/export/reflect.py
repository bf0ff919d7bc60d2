"""`lesson-tui reflect`: which lessons the teacher asked for, in which format (md, json, html)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from lesson_tui.base.i18n import t
from lesson_tui.export.document import ExportError
from lesson_tui.export.render_reflect import (
    kijkwijzer_html,
    kijkwijzer_markdown,
    render_lessons_html,
    render_lessons_md,
)
from lesson_tui.review.document import kijkwijzer_document, lesson_document, period_document
from lesson_tui.review.kijkwijzer import KijkwijzerView, kijkwijzer_view
from lesson_tui.review.lesson import LessonReview, review_run
from lesson_tui.review.period import Period, one_class, period_reviews, previous, runs_in
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.reflections import Reflections

REFLECT_FORMATS = ("md", "json", "html")


@dataclass(frozen=True)
class Reflection:
    """What one `reflect` shows: one lesson, or a period's lessons of one class."""

    reviews: list[LessonReview]
    period: Period | None = None
    class_name: str = ""

    @property
    def title(self) -> str | None:
        if self.period is None:
            return None
        return t(
            "reflect.title_period", klas=self.class_name, start=self.period.start.isoformat(), end=self.period.end.isoformat()
        )


def lesson_reflection(store: DataStore, run_id: str) -> Reflection:
    return Reflection([review_run(store.open_run(run_id, lock=False))])


def period_reflection(store: DataStore, period: Period, class_id: str | None, class_name: str = "") -> Reflection:
    """The period's lessons (of the class, or the one class that has lessons in it);
    ExportError in words when there are none or they are of several classes."""
    runs = runs_in(store, period, class_id)
    if not runs:
        klas = t("reflect.for_class", klas=class_name) if class_name else ""
        raise ExportError(
            t("reflect.no_lessons_period", start=period.start.isoformat(), end=period.end.isoformat(), klas=klas)
        )
    one_class(runs)
    reviews = [review_run(store.open_run(summary.run_id, lock=False)) for summary in runs]
    return Reflection(reviews, period, runs[-1].class_name)


def render_reflection(reflection: Reflection, fmt: str) -> str:
    if fmt == "json":
        if reflection.period is None:
            document = lesson_document(reflection.reviews[0])
        else:
            start, end = reflection.period.start.isoformat(), reflection.period.end.isoformat()
            document = period_document(reflection.class_name, start, end, reflection.reviews)
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_lessons_md(reflection.reviews, reflection.title)
    if fmt == "html":
        return render_lessons_html(reflection.reviews, reflection.title)
    raise ExportError(t("reflect.unknown_format", format=fmt))



def kijkwijzer_for(
    store: DataStore, period: Period, class_id: str | None, problems: list[str] | None = None
) -> KijkwijzerView:
    """The kijkwijzer of a period: the teacher's scores and the evidence of its lessons
    (and of the period before, as long, to compare). With `problems`, a lesson that cannot
    be read is left out and named there (see `period_reviews`)."""
    before = previous(period)
    return kijkwijzer_view(
        period, before, period_reviews(store, period, class_id, problems),
        period_reviews(store, before, class_id, problems), Reflections(store.root, store.clock),
    )


def render_kijkwijzer(view: KijkwijzerView, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(kijkwijzer_document(view), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return kijkwijzer_markdown(view)
    if fmt == "html":
        return kijkwijzer_html(view)
    raise ExportError(t("reflect.unknown_format", format=fmt))
