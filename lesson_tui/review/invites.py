"""Who is invited for pre-teaching after a lesson ("output = input"): the one rule, used by
"voor de volgende les" (session/history.py) and counted per pupil over a period (attention)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lesson_tui.base.i18n import LANGUAGES, catalogue, decimal, t
from lesson_tui.klas.pupils import Pupil
from lesson_tui.rules.cfu import ExitScore
from lesson_tui.rules.sporen import Placement


@dataclass
class Invite:
    pupil_id: str
    name: str
    reasons: list[str]


def invites_after(
    pupils: Sequence[Pupil],
    split: Mapping[str, Placement],
    exit_ticket: Mapping[str, ExitScore],
    staying: set[str],
    left: set[str],
    self_assessment: Mapping[str, int],
    limit: float,
) -> list[Invite]:
    """Pupils to invite after a lesson with a split: still in the miniklas at the end, an
    exit ticket below `limit` (the lesson's ondersteuning threshold), or a self-assessment
    of 3.

    A pupil who left the miniklas because they got it is invited only for a low exit ticket:
    leaving came after the spoor and the self-assessment that put them there. A self-assessment
    that the miniklas reason already names is not said twice."""
    invites: list[Invite] = []
    for pupil in pupils:
        reasons = []
        entry = split.get(pupil.id)
        reason = entry.reason if entry is not None else ""
        if pupil.id in staying:
            reasons.append(t("history.reason_miniklas", reason=reason) if reason else t("history.in_miniklas"))
        score = exit_ticket.get(pupil.id)
        if score is not None and score.share < limit:
            reasons.append(t("history.reason_exit", right=decimal(score.right), total=score.total))
        said = pupil.id in staying and _names_self_assessment(reason)
        if self_assessment.get(pupil.id) == 3 and pupil.id not in left and not said:
            reasons.append(t("history.reason_self"))
        if reasons:
            invites.append(Invite(pupil.id, pupil.full_name, reasons))
    return invites


def _names_self_assessment(reason: str) -> bool:
    """The stored miniklas reason already says "zelfinschatting 3" (in the language the
    split was made in)."""
    return any(catalogue(lang)["sporen.self"].format(value=3) in reason for lang in LANGUAGES)
