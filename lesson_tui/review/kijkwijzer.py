"""The kijkwijzer (seed 002, Peter Benoit's "doelgerichte differentiatie"): the items the
teacher scores 1-5 ("Doe je dit al?"), with a note and "dit zal ik aanpakken", a focus item
for a period, and for each item the evidence the record of the lessons can show.

Evidence is counted from the lessons' reviews (review/lesson.py) and the period's attention
(review/attention.py); nothing is typed twice. An item the record cannot see (a growth
mindset, differentiating on interest) carries no evidence: the teacher's own score stands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lesson_tui.base.i18n import t
from lesson_tui.plan.phases import LEVELS, PhaseKind
from lesson_tui.review.attention import AttentionReport, period_attention
from lesson_tui.review.lesson import LessonReview
from lesson_tui.review.period import Period
from lesson_tui.rules.cfu import THINK_SECONDS
from lesson_tui.store.reflections import PeriodSheet, Reflections

# The items, in the kijkwijzer's order: 1 hoge verwachtingen, 2 the seven EDI steps,
# 3 flexibel groeperen, 4 maximaal leren, 5 output = input, 6 feedback
ITEMS: tuple[str, ...] = (
    "hoge_verwachtingen",
    "edi_1", "edi_2", "edi_3", "edi_4", "edi_5", "edi_6", "edi_7",
    "flexibel_groeperen",
    "maximaal_leren",
    "output_input",
    "feedback",
)
SCORES = (1, 2, 3, 4, 5)  # 1 = ik doe dit zelden, 5 = ik doe dit altijd


def item_title(item: str) -> str:
    return t(f"kijkwijzer.{item}")


def item_text(item: str) -> str:
    return t(f"kijkwijzer.{item}_uitleg")


@dataclass(frozen=True)
class Evidence:
    """One line of evidence: `count` of `total` (lessons, rounds), or a plain count."""

    key: str  # the catalogue key of its words ([kijkwijzer] ev_...)
    count: int
    total: int | None = None

    @property
    def text(self) -> str:
        return t(f"kijkwijzer.{self.key}", count=self.count, total=self.total if self.total is not None else "")


def class_attention(reviews: Sequence[LessonReview]) -> list[AttentionReport]:
    """The attention of each class in these lessons (the rule compares a pupil with their class)."""
    by_class: dict[str, list[LessonReview]] = {}
    for review in reviews:
        by_class.setdefault(review.class_id or review.class_name, []).append(review)
    return [period_attention(group) for group in by_class.values()]


def evidence(reviews: Sequence[LessonReview]) -> dict[str, list[Evidence]]:
    """Per item, what the record of these lessons shows (an item the record cannot see: none)."""
    n = len(reviews)
    if not n:
        return {}
    reports = class_attention(reviews)
    always = sum(len(report.always_miniklas) for report in reports)
    less = sum(len(report.less) for report in reports)

    def lessons(key: str, test: Callable[[LessonReview], bool]) -> Evidence:
        return Evidence(key, sum(1 for r in reviews if test(r)), n)

    rounds = [r for review in reviews for r in review.rounds if r.kind != "exit"]
    levels = {level: sum(1 for r in rounds if r.niveau == level) for level in LEVELS}
    timed = [r for r in rounds if r.think_s is not None]
    splits = [r.split for r in reviews if r.split is not None]
    found: dict[str, list[Evidence]] = {
        "hoge_verwachtingen": [lessons("ev_lesdoel_board", lambda r: r.goal_on_board)],
        "edi_1": [lessons("ev_voorkennis", lambda r: r.had_phase(PhaseKind.VOORKENNIS))],
        "edi_2": [lessons("ev_lesdoel", lambda r: r.had_phase(PhaseKind.LESDOEL))],
        "edi_3": [
            lessons("ev_ik_on_time", lambda r: any(p.soort == PhaseKind.IK and p.done and not p.overtime_s for p in r.phases)),
            lessons("ev_check_ik", lambda r: r.check_in(PhaseKind.IK)),
        ],
        "edi_4": [
            lessons("ev_check_wij", lambda r: r.check_in(PhaseKind.WIJ)),
            lessons("ev_jullie", lambda r: r.had_phase(PhaseKind.JULLIE)),
        ],
        "edi_5": [lessons("ev_split", lambda r: r.has_split)],
        "edi_6": [
            lessons("ev_miniklas", lambda r: r.split is not None and bool(r.split.miniklas)),
            Evidence("ev_miniklas_small", sum(1 for s in splits if s.miniklas and not s.too_big), len(splits)),
        ],
        "edi_7": [
            lessons("ev_exit", lambda r: r.has_exit_ticket),
            lessons("ev_process", lambda r: r.reflected),
        ],
        "flexibel_groeperen": [
            Evidence("ev_changed", sum(len(s.changes) for s in splits), len(splits)),
            Evidence("ev_left", sum(1 for s in splits if s.leavings), len(splits)),
            Evidence("ev_always", always),
        ],
        "maximaal_leren": [
            Evidence("ev_levels_open", levels["open"] + levels["denkvraag"], len(rounds)),
            Evidence("ev_think", sum(1 for r in timed if r.think_s is not None and r.think_s >= THINK_SECONDS), len(timed)),
        ],
        "output_input": [
            lessons("ev_checks", lambda r: any(x.kind == "cfu" for x in r.rounds)),
            Evidence("ev_less", less),
        ],
        "feedback": [
            lessons("ev_feedback", lambda r: any(r.notes.get(k, "").strip() for k in ("feedback_1", "feedback_2", "feedback_3"))),
        ],
    }
    return found


@dataclass(frozen=True)
class ItemView:
    """One kijkwijzer item as the screen and the A4 show it."""

    item: str
    score: int | None
    note: str
    aanpak: str
    evidence: list[Evidence]
    before: list[Evidence]  # the same evidence in the period before (to compare)
    score_before: int | None


@dataclass(frozen=True)
class KijkwijzerView:
    period: Period
    previous: Period
    focus: str | None
    items: list[ItemView]
    lessons: int
    lessons_before: int
    problems: tuple[str, ...] = ()  # what could not be read of the teacher's files


def period_key(period: Period) -> str:
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def kijkwijzer_view(
    period: Period,
    previous: Period,
    reviews: Sequence[LessonReview],
    reviews_before: Sequence[LessonReview],
    reflections: Reflections,
) -> KijkwijzerView:
    sheet: PeriodSheet = reflections.sheet(period_key(period))
    before_sheet = reflections.sheet(period_key(previous))
    now, then = evidence(reviews), evidence(reviews_before)
    items = []
    for item in ITEMS:
        entry = sheet.items.get(item)
        old = before_sheet.items.get(item)
        items.append(
            ItemView(
                item,
                entry.score if entry else None,
                entry.note if entry else "",
                entry.aanpak if entry else "",
                now.get(item, []),
                then.get(item, []),
                old.score if old else None,
            )
        )
    focus = sheet.focus if sheet.focus in ITEMS else None
    return KijkwijzerView(
        period, previous, focus, items, len(reviews), len(reviews_before), tuple(reflections.problems)
    )
