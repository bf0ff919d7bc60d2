"""The kleine lesafsluiting: today's evidence turned into three sporen and a miniklas.

The rule, `suggest_sporen`, is pure and documented here, as docs/DOMAIN.md tells it:

* A pupil's score is the weighted share correct over today's CFU marks and beurtstokje
  answers: juist 1, half 0.5, fout 0; afwezig (and a beurtstokje "pas") does not count. The
  kleine lesafsluiting's own check round counts double.
* score >= beheersing -> spoor 1; score < ondersteuning -> spoor 3 (miniklas); else spoor 2.
  The plan sets both; its defaults (0.8 and 0.5, a miniklas of 6) are in `rules/thresholds.py`.
  No evidence at all -> spoor 2, flagged for the teacher to look at.
* Self-assessment can only add support: 3 ("ik heb nog uitleg nodig") -> spoor 3 as a
  voluntary miniklas member; 2 ("met een beetje hulp") -> at least spoor 2; 1 changes nothing.
* The teacher has the last word (an override), recorded as such.
* Only present pupils get a spoor; groups are made anew every lesson.
* Output = input: a pupil with no evidence today whose status on the lesson's goal is known
  from earlier lessons (`rules/mastery`, recorded when the lesson started) gets the spoor
  that status says (beheerst 1, bijna 2, nog niet 3), shown as such ("vorige les: nog
  niet"), never silently; self-assessment then adds support as always. Evidence today
  always wins over the prior.
* A herhaalles (a quick lesson on the same goal) invites the pupils not yet at beheerst to
  the miniklas: without evidence today an invited pupil gets spoor 3, named as invited;
  evidence today wins here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lesson_tui.rules.cfu import MARK_VALUE, band

KLEINE_AFSLUITING_WEIGHT = 2.0

# A pupil in spoor 3 this many lessons in a row (per vak) is flagged: a stigma guard
STREAK_WARNING = 3


class Refused(ValueError):
    """A sporen or FLEX action the rules do not allow; `key` is the message in the
    teacher's language (i18n key), `name` the pupil it is about."""

    def __init__(self, key: str, pupil_id: str) -> None:
        super().__init__(key)
        self.key = key
        self.pupil_id = pupil_id


@dataclass(frozen=True)
class Evidence:
    """What today showed of one pupil: weighted points out of a weighted total.

    Ordinary answers (weight 1) are counted in `right`, `half`, `answers`; answers that
    weigh more (the kleine lesafsluiting's round) are kept apart in `weighted`, so the
    evidence can be shown in numbers that add up to the score ("2/5 + afsluitvraag ✗ ×2")."""

    points: float = 0.0
    weight: float = 0.0
    right: int = 0
    half: int = 0
    answers: int = 0
    weighted: tuple[tuple[str, float], ...] = ()

    @property
    def score(self) -> float | None:
        return self.points / self.weight if self.weight else None

    def add(self, mark: str, weight: float = 1.0) -> Evidence:
        if mark not in MARK_VALUE:
            return self
        points, total = self.points + MARK_VALUE[mark] * weight, self.weight + weight
        # made directly, not by `dataclasses.replace`: a school year's runs add ~200,000 marks
        if weight != 1.0:
            return Evidence(points, total, self.right, self.half, self.answers, (*self.weighted, (mark, weight)))
        return Evidence(
            points,
            total,
            self.right + (mark == "juist"),
            self.half + (mark == "half"),
            self.answers + 1,
            self.weighted,
        )


@dataclass(frozen=True)
class Suggestion:
    pupil_id: str
    spoor: int
    evidence_spoor: int
    score: float | None
    self_assessment: int | None
    voluntary: bool
    flagged: bool
    prior: str | None = None  # the goal status the spoor came from (no evidence today)
    invited: bool = False  # invited to the miniklas by a herhaalles (and no evidence today)


def spoor_for_score(score: float | None, beheersing: float, ondersteuning: float) -> int:
    """No evidence at all is spoor 2 (flagged elsewhere for the teacher to look at)."""
    return band(score, beheersing, ondersteuning) or 2


# the spoor a goal status from earlier lessons suggests, for a pupil without evidence today
PRIOR_SPOOR = {"beheerst": 1, "bijna": 2, "nog_niet": 3}


def suggest(
    pupil_id: str,
    evidence: Evidence,
    self_assessment: int | None,
    beheersing: float,
    ondersteuning: float,
    prior: str | None = None,
    invited: bool = False,
) -> Suggestion:
    used_prior = prior if evidence.weight == 0 and prior in PRIOR_SPOOR else None
    invited = invited and evidence.weight == 0
    if invited:
        base = 3
    elif used_prior:
        base = PRIOR_SPOOR[used_prior]
    else:
        base = spoor_for_score(evidence.score, beheersing, ondersteuning)
    spoor, voluntary = base, False
    if self_assessment == 3 and base < 3:
        spoor, voluntary = 3, True
    elif self_assessment == 2:
        spoor = max(spoor, 2)
    flagged = evidence.weight == 0 and used_prior is None and not invited
    return Suggestion(pupil_id, spoor, base, evidence.score, self_assessment, voluntary, flagged, used_prior, invited)


def suggest_sporen(
    present: list[str],
    evidence: dict[str, Evidence],
    self_assessment: dict[str, int],
    beheersing: float,
    ondersteuning: float,
    priors: dict[str, str] | None = None,
    invited: frozenset[str] = frozenset(),
) -> dict[str, Suggestion]:
    """One suggestion per present pupil (see the module docstring for the rule); `priors`:
    pupil -> their status on the lesson's goal from earlier lessons; `invited`: who a
    herhaalles invited to the miniklas."""
    priors = priors or {}
    return {
        pid: suggest(
            pid, evidence.get(pid, Evidence()), self_assessment.get(pid), beheersing, ondersteuning, priors.get(pid),
            pid in invited,
        )
        for pid in present
    }


@dataclass(frozen=True)
class Decision:
    """The spoor a pupil ends up in: the suggestion, or the teacher's override."""

    pupil_id: str
    spoor: int
    suggestion: Suggestion
    override: int | None
    voluntary: bool

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override != self.suggestion.spoor


def decide(suggestion: Suggestion, override: int | None, voluntary_override: bool | None = None) -> Decision:
    """The teacher's override wins for the spoor. Vrijwillig means the pupil asked for the
    miniklas (self-assessment 3, or the teacher's `v` after the pupil asked): a teacher's
    move to spoor 3 is never recorded as the pupil's own choice."""
    spoor = override if override is not None else suggestion.spoor
    voluntary = suggestion.voluntary if voluntary_override is None else voluntary_override
    return Decision(suggestion.pupil_id, spoor, suggestion, override, voluntary and spoor == 3)


@dataclass(frozen=True)
class Placement:
    """One pupil's place in the confirmed split: the spoor, the reason the teacher saw,
    whether the teacher overrode the suggestion, whether the pupil asked for the miniklas,
    and the suggested spoor (None in a split that did not store it). Built once, where the
    run's events are folded; every reader of the split reads these attributes."""

    spoor: int
    reason: str = ""
    overridden: bool = False
    voluntary: bool = False
    suggested: int | None = None


def placement(decision: Decision, reason: str) -> Placement:
    """What the split keeps of a decision, with the reason shown when it was confirmed."""
    return Placement(decision.spoor, reason, decision.overridden, decision.voluntary, decision.suggestion.spoor)


def spoor_of_split(split: dict[str, Placement] | None) -> dict[str, int]:
    """Each placed pupil's spoor in a confirmed split (pupil -> 1, 2 or 3)."""
    return {pid: entry.spoor for pid, entry in (split or {}).items()}


def spoor3_streak(history: list[bool]) -> int:
    """How many of the most recent runs (newest last) in a row ended in spoor 3."""
    streak = 0
    for in_spoor3 in reversed(history):
        if not in_spoor3:
            break
        streak += 1
    return streak


def streak_warns(streak: int) -> bool:
    """Whether a run of lessons in spoor 3 is long enough to warn the teacher."""
    return streak >= STREAK_WARNING


def miniklas_too_big(count: int, limit: int) -> bool:
    """The miniklas has more pupils than the plan's miniklas_max: the teacher is warned."""
    return count > limit


def spoor_counts(spoor_of: dict[str, int]) -> dict[int, int]:
    """How many pupils are in each spoor (1, 2, 3), e.g. of `LessonRun.sporen_now()`."""
    values = list(spoor_of.values())
    return {n: values.count(n) for n in (1, 2, 3)}


def reason_text(decision: Decision, evidence: Evidence, *, full: bool = True, score: bool = True) -> str:
    """The suggestion's reason in words, e.g. '2/5 juist + afsluitvraag ✗ ×2 · 29 %'.

    Without `full`, today's evidence, plus why the spoor differs from what the evidence
    alone says (a self-assessment) so that no spoor is ever shown without its reason; the
    self-assessment and override have columns of their own there. Without `score`, no
    percentage (the sporen screen gives it a column of its own, so it is never cut off)."""
    from lesson_tui.base.i18n import t

    suggestion = decision.suggestion
    parts = []
    if suggestion.flagged:
        parts.append(t("sporen.no_evidence"))
    elif suggestion.invited:
        parts.append(t("sporen.invited"))
        if suggestion.prior is not None:
            parts.append(t("sporen.prior", status=t(f"goals.status_{suggestion.prior}")))
    elif suggestion.prior is not None:
        parts.append(t("sporen.prior", status=t(f"goals.status_{suggestion.prior}")))
    else:
        parts.append(evidence_text(evidence))
        if score:
            parts.append(score_text(decision))
    if not full:
        if decision.voluntary:
            parts.append(t("sporen.voluntary_short"))
        elif suggestion.spoor != suggestion.evidence_spoor and suggestion.self_assessment is not None:
            parts.append(t("sporen.self", value=suggestion.self_assessment))
        return " · ".join(parts)
    if suggestion.self_assessment in (2, 3):  # 1 ("ik kan het alleen") is everyone's start
        parts.append(t("sporen.self", value=suggestion.self_assessment))
    if decision.voluntary:
        parts.append(t("sporen.voluntary"))
    if decision.overridden:
        parts.append(t("sporen.overridden", spoor=suggestion.spoor))
    return " · ".join(parts)


def score_text(decision: Decision) -> str:
    """The share that decided the suggestion ("43 %"), or nothing without evidence."""
    suggestion = decision.suggestion
    return "" if suggestion.flagged or suggestion.prior is not None or suggestion.invited else f"{round((suggestion.score or 0) * 100)} %"


def evidence_text(evidence: Evidence) -> str:
    """Counts that agree with the score: ordinary answers as 'right/total', then each
    weighted answer with its weight ('2/5 juist + afsluitvraag ✗ ×2' is (2+0)/(5+2))."""
    from lesson_tui.base.i18n import t
    from lesson_tui.rules.cfu import SYMBOL

    if not evidence.answers and not evidence.weighted:
        return t("sporen.no_answers")
    parts = []
    if evidence.answers:
        half = t("sporen.halves", count=evidence.half) if evidence.half else ""
        parts.append(t("sporen.counts", right=evidence.right, total=evidence.answers, half=half))
    for mark, weight in evidence.weighted:
        parts.append(t("sporen.weighted", symbol=SYMBOL[mark], weight=f"{weight:g}"))
    return " + ".join(parts)
