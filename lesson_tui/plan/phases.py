"""The EDI phase kinds and the question levels: the one list of each that the schema, the
plan, the editor, the flow and the check of a co-teacher's file use.

A lesson's phases come in this order (docs/DOMAIN.md): voorkennis activeren, lesdoel, IK (the
teacher models), WIJ (together), JULLIE (in duos or groups), the kleine lesafsluiting (the
check that makes the split), JIJ (on their own, with the miniklas) and the grote
lesafsluiting. A `PhaseKind` is a `str`, so a plan's `soort` compares equal to it and the
stored lesson files keep their words.
"""

from __future__ import annotations

from enum import StrEnum


class PhaseKind(StrEnum):
    VOORKENNIS = "voorkennis"
    LESDOEL = "lesdoel"
    IK = "ik"
    WIJ = "wij"
    JULLIE = "jullie"
    KLEINE_AFSLUITING = "kleine_afsluiting"
    JIJ = "jij"
    GROTE_AFSLUITING = "grote_afsluiting"


# Every kind, in the order a lesson gives them
PHASES: tuple[str, ...] = tuple(PhaseKind)

# A lesson must have these ...
REQUIRED: tuple[PhaseKind, ...] = (PhaseKind.IK, PhaseKind.KLEINE_AFSLUITING, PhaseKind.JIJ)
# ... and at least one guided phase of these
GUIDED: tuple[PhaseKind, ...] = (PhaseKind.WIJ, PhaseKind.JULLIE)

# Once the split is confirmed, the teacher's lesson screen shows it in one line (how many
# pupils in each spoor) in these phases: JIJ, where the sporen work, and the grote
# lesafsluiting, where the teacher looks back on the lesson
SPLIT_LINE_PHASES: tuple[PhaseKind, ...] = (PhaseKind.JIJ, PhaseKind.GROTE_AFSLUITING)


def shows_split_line(soort: str) -> bool:
    """Whether the lesson screen shows the split's line in a phase of this kind."""
    return soort in SPLIT_LINE_PHASES


# Default minutes per phase (a 50-minute lesson): the editor's template and the quick lesson
DEFAULT_MINUTES: dict[PhaseKind, float] = {
    PhaseKind.VOORKENNIS: 4,
    PhaseKind.LESDOEL: 2,
    PhaseKind.IK: 8,
    PhaseKind.WIJ: 8,
    PhaseKind.JULLIE: 6,
    PhaseKind.KLEINE_AFSLUITING: 3,
    PhaseKind.JIJ: 15,
    PhaseKind.GROTE_AFSLUITING: 4,
}


class Level(StrEnum):
    """How a check question asks (niveau): from doing to reasoning."""

    DOEVRAAG = "doevraag"
    GESLOTEN = "gesloten"
    OPEN = "open"
    DENKVRAAG = "denkvraag"


LEVELS: tuple[str, ...] = tuple(Level)
