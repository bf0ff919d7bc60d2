"""The look-back as data: the JSON of `lesson-tui reflect --format json`, key for key as the
README ("Terugblikken", schema) describes it. Markdown and HTML are made from the same
`LessonReview` (export/render_reflect.py), so the three never disagree.

The schema is fixed: a key is never renamed or dropped within one `schema` version; a new
key may be added. Times are ISO 8601 with the offset the lesson was recorded in; seconds are
whole numbers; pupils are named as in the exports (`review.names`).
"""

from __future__ import annotations

from typing import Any

from lesson_tui.base.clock import to_iso
from lesson_tui.review.attention import AttentionReport, period_attention
from lesson_tui.review.kijkwijzer import Evidence, KijkwijzerView, item_title
from lesson_tui.review.lesson import LessonReview
from lesson_tui.review.names import review_names

LESSON_SCHEMA = "lesson-tui/reflect-les/1"
PERIOD_SCHEMA = "lesson-tui/reflect-periode/1"


def lesson_document(review: LessonReview) -> dict[str, Any]:
    names = review_names(review.pupils)
    split = review.split
    return {
        "schema": LESSON_SCHEMA,
        "run_id": review.run_id,
        "klas": review.class_name,
        "les": {"id": review.lesson_id, "titel": review.titel, "vak": review.vak, "lesdoel": review.lesdoel},
        "begonnen": to_iso(review.started_at),
        "gesloten": to_iso(review.closed_at) if review.closed_at else None,
        "aanwezig": len(review.present),
        "fasen": [
            {
                "soort": p.soort,
                "gepland_s": p.planned_s,
                "bijgesteld_s": p.adjusted_s,
                "werkelijk_s": p.actual_s,
                "overtijd_s": p.overtime_s,
                "gedaan": p.done,
            }
            for p in review.phases
        ],
        "overtijd_s": review.overtime_s,
        "checkrondes": [
            {
                "fase": r.soort,
                "soort": r.kind,
                "vraag": r.vraag,
                "niveau": r.niveau,
                "om": to_iso(r.opened_at),
                "leerlingen": r.covered,
                "aanwezig": r.present,
                "bij_naam": r.marked,
                **{mark: r.counts.get(mark, 0) for mark in ("juist", "half", "fout", "afwezig")},
                "denktijd_s": None if r.think_s is None else round(r.think_s),
                "denktijd_kort": r.think_short,
            }
            for r in review.rounds
        ],
        "vragentrap": review.levels,
        "kleine_lesafsluiting": None
        if split is None
        else {
            "om": to_iso(split.at),
            "sporen": {str(n): split.sizes[n] for n in (1, 2, 3)},
            "aangepast": [
                {"leerling": names[c.pupil_id], "voorstel": c.suggested, "spoor": c.spoor} for c in split.changes
            ],
            "vrijwillig": [names[pid] for pid in split.voluntary],
            "miniklas": [names[pid] for pid in split.miniklas],
            "miniklas_max": split.miniklas_max,
            "te_groot": split.too_big,
            "miniklas_s": split.miniklas_s,
            "vertrokken": [
                {"leerling": names[item.pupil_id], "om": to_iso(item.at), "terug": item.back} for item in split.leavings
            ],
            "nog_in_miniklas": [names[pid] for pid in split.still_in],
        },
        "beurtstokjes": {
            "beurten": review.picks.total,
            "gevraagd": {names[pid]: count for pid, count in review.picks.asked.items()},
            "niet_gevraagd": [names[pid] for pid in review.picks.not_asked],
            "hele_klas": review.picks.whole_class,
        },
        "hulp_flex": [{"leerling": names[pid], "om": to_iso(at)} for pid, at in review.helped],
        "exit_ticket": {
            "afgenomen": review.has_exit_ticket,
            "leerlingen": {
                names[pid]: {"juist": _number(score.right), "totaal": score.total}
                for pid, score in review.exit_ticket.items()
            },
        },
        "reflectie": dict(review.notes),
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def period_document(class_name: str, start: str, end: str, reviews: list[LessonReview]) -> dict[str, Any]:
    """A period's look-back: every lesson of it, oldest first."""
    return {
        "schema": PERIOD_SCHEMA,
        "klas": class_name,
        "van": start,
        "tot": end,
        "lessen": [lesson_document(review) for review in reviews],
        "aandacht": attention_document(period_attention(reviews)),
    }


def attention_document(report: AttentionReport) -> dict[str, Any]:
    names = report.names
    return {
        "lessen": report.lessons,
        "leerlingen": [
            {
                "leerling": names[pid],
                "lessen": p.lessons,
                "beurtstokjes": p.asked,
                "bij_naam": p.checked,
                "hulp_flex": p.helped,
                "momenten": p.moments,
                "miniklas_min": round(p.miniklas_s / 60, 1),
                "voorinstructie": p.invited,
                "splitslessen": p.split_lessons,
                "in_miniklas": p.in_miniklas,
                "vakken_miniklas": list(p.vakken),
            }
            for pid, p in report.pupils.items()
        ],
        "minder_dan_klas": [names[pid] for pid in report.less],
        "altijd_miniklas": [names[pid] for pid in report.always_miniklas],
    }


KIJKWIJZER_SCHEMA = "lesson-tui/kijkwijzer/1"


def kijkwijzer_document(view: KijkwijzerView) -> dict[str, Any]:
    def lines(found: list[Evidence]) -> list[dict[str, Any]]:
        return [{"bewijs": e.key.removeprefix("ev_"), "tekst": e.text, "aantal": e.count, "van": e.total} for e in found]

    return {
        "schema": KIJKWIJZER_SCHEMA,
        "van": view.period.start.isoformat(),
        "tot": view.period.end.isoformat(),
        "lessen": view.lessons,
        "lessen_ervoor": view.lessons_before,
        "focus": view.focus,
        "items": [
            {
                "item": item.item,
                "titel": item_title(item.item),
                "score": item.score,
                "score_ervoor": item.score_before,
                "notitie": item.note,
                "aanpak": item.aanpak,
                "bewijs": lines(item.evidence),
                "bewijs_ervoor": lines(item.before),
            }
            for item in view.items
        ],
    }
