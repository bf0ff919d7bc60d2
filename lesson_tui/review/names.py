"""How the look-back names pupils: the full name (what a coach or the zorgleerkracht reads),
or the on-screen name where two pupils of the class share a full name (as the exports do)."""

from __future__ import annotations

from collections.abc import Sequence

from lesson_tui.klas.pupils import Pupil, display_names


def review_names(pupils: Sequence[Pupil]) -> dict[str, str]:
    shown = display_names(list(pupils))
    counts: dict[str, int] = {}
    for pupil in pupils:
        counts[pupil.full_name.casefold()] = counts.get(pupil.full_name.casefold(), 0) + 1
    return {p.id: (p.full_name if counts[p.full_name.casefold()] == 1 else shown[p.id]) for p in pupils}
