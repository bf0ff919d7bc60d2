"""Check for understanding: the marks of a round and what they mean for the lesson."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

MARKS = ("juist", "half", "fout", "afwezig")
# Think time after a question (docs/DOMAIN.md: 3-5 s, longer for language learners); the
# board counts it down from the moment the round was opened ...
THINK_SECONDS = 5
# ... then says "answer now" this long
ANSWER_SHOWN_SECONDS = 3
# What one mark is worth as evidence of understanding; afwezig counts for nothing.
MARK_VALUE = {"juist": 1.0, "half": 0.5, "fout": 0.0}
SYMBOL = {"juist": "✓", "half": "½", "fout": "✗", "afwezig": "–", "pas": "…"}


@dataclass
class CfuRound:
    round_id: int
    phase_index: int
    vraag: str
    niveau: str
    present: list[str]
    kind: str = "cfu"  # cfu | exit (exit ticket) | miniklas (quick check in the miniklas)
    marks: dict[str, str] = field(default_factory=dict)
    history: list[tuple[int, str, str]] = field(default_factory=list)  # (writer, pupil, mark)
    closed: bool = False
    opened_at: datetime | None = None  # when the question was asked: the think time starts
    writer: int = 0  # the device that opened it (0: the teacher's app)
    discarded: bool = False  # thrown away by a teacher: it never counts
    lead: bool = False  # opened by a PC that took the lesson over (it is the teacher's)

    def asked_marks(self, pupil_ids: list[str]) -> dict[str, str]:
        """The marks of the pupils in the round: a miniklas check asked only the miniklas,
        so nobody else is in it (not even as afwezig)."""
        if self.kind != "miniklas":
            return self.final_marks(pupil_ids)
        return {pid: self.mark_of(pid) for pid in pupil_ids if pid in self.present or pid in self.marks}

    def mark_of(self, pupil_id: str) -> str:
        """All present pupils count as juist until marked otherwise."""
        if pupil_id in self.marks:
            return self.marks[pupil_id]
        return "juist" if pupil_id in self.present else "afwezig"

    def final_marks(self, pupil_ids: list[str]) -> dict[str, str]:
        return {pid: self.mark_of(pid) for pid in pupil_ids}

    def set_mark(self, pupil_id: str, value: str, writer: int = 0) -> None:
        """A mark by `writer` (0: the teacher's app); the later mark wins."""
        self.history.append((writer, pupil_id, value))
        self.marks[pupil_id] = value

    def can_undo(self, writer: int = 0) -> bool:
        return any(entry[0] == writer for entry in self.history)

    def undo(self, writer: int = 0) -> str | None:
        """Take back `writer`'s own last mark, never another teacher's: the pupil's mark is
        again the last one still standing (or none)."""
        for index in range(len(self.history) - 1, -1, -1):
            if self.history[index][0] == writer:
                _, pupil_id, _ = self.history.pop(index)
                standing = [value for _, pupil, value in self.history if pupil == pupil_id]
                if standing:
                    self.marks[pupil_id] = standing[-1]
                else:
                    self.marks.pop(pupil_id, None)
                return pupil_id
        return None


def share_correct(marks: dict[str, str]) -> float | None:
    """Weighted share correct over the pupils that answered (juist 1, half 0.5, fout 0):
    the same rule as a pupil's exit ticket (`exit_score`), over a round's pupils."""
    score = exit_score(list(marks.values()))
    return None if score is None else score.share


def mark_counts(marks: dict[str, str]) -> dict[str, int]:
    """How many pupils have each mark (juist, half, fout, afwezig), in that order."""
    values = list(marks.values())
    return {mark: values.count(mark) for mark in MARKS}


def think_seconds_left(elapsed_s: float) -> int | None:
    """The think time still to count down, in whole seconds rounded up (4.2 s left shows
    5, never 0); None once it is over."""
    left = THINK_SECONDS - elapsed_s
    return math.ceil(left) if left > 0 else None


def answer_now(elapsed_s: float) -> bool:
    """The "answer now" window right after the think time."""
    return THINK_SECONDS <= elapsed_s < THINK_SECONDS + ANSWER_SHOWN_SECONDS


def think_text(elapsed_s: float) -> str:
    """What the teacher's screen and the board say `elapsed_s` after the question: the
    think time counting down, then "answer now", then nothing."""
    from lesson_tui.base.i18n import t

    seconds = think_seconds_left(elapsed_s)
    if seconds is not None:
        return t("ui.cfu_think", seconds=seconds)
    return t("ui.cfu_answer") if answer_now(elapsed_s) else ""


def band(share: float | None, beheersing: float, ondersteuning: float) -> int | None:
    """The one rule from a share correct to the lesson's thresholds: 1 (at or above
    beheersing), 3 (below ondersteuning), else 2; None without a share. The spoor and the
    round's advice are both this band, so they can never disagree."""
    if share is None:
        return None
    if share >= beheersing:
        return 1
    if share < ondersteuning:
        return 3
    return 2


# The co-teacher's one-button marking: each tap moves a pupil one step, starting at fout
TAP_CYCLE = {None: "fout", "juist": "fout", "fout": "half", "half": "juist"}


def next_tap_mark(current: str | None) -> str:
    """The mark after one more tap on a pupil's button (fout, half, juist, fout, ...)."""
    return TAP_CYCLE.get(current, "fout")


ADVICE = {None: "geen", 1: "verder", 2: "oefenen", 3: "herinstructie"}


def advice(share: float | None, beheersing: float, ondersteuning: float) -> str:
    """The lesson's thresholds in one word: 'verder', 'oefenen' or 'herinstructie'."""
    return ADVICE[band(share, beheersing, ondersteuning)]


@dataclass(frozen=True)
class ExitScore:
    """A pupil's exit ticket: points (a half counts 0.5) out of the questions answered."""

    right: float
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total


def exit_score(marks: list[str]) -> ExitScore | None:
    """The one exit-ticket rule: juist 1, half 0.5, fout 0; afwezig (not there for that
    question) is not a wrong answer and does not count. None when nothing was answered."""
    answered = [MARK_VALUE[m] for m in marks if m in MARK_VALUE]
    if not answered:
        return None
    return ExitScore(sum(answered), len(answered))
