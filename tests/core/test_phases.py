"""The phase kinds and question levels are one list each (`plan.phases`): the schema, the
plan's EDI check, the editor's template and the flow all follow it."""
from __future__ import annotations

import pytest
from shared import GOOD, write

from lesson_tui.base.i18n import t
from lesson_tui.plan.lessonedit import template_text
from lesson_tui.plan.lessonplan import LessonFileError, load_lesson, parse_lesson_text
from lesson_tui.plan.phases import DEFAULT_MINUTES, GUIDED, LEVELS, PHASES, REQUIRED, Level, PhaseKind


def problems_of(tmp_path, text: str) -> list[tuple[str, str]]:
    with pytest.raises(LessonFileError) as caught:
        load_lesson(write(tmp_path, text))
    return [(p.field, p.message) for p in caught.value.problems]


def test_the_kinds_are_the_edi_phases_in_lesson_order():
    assert PHASES == (
        "voorkennis", "lesdoel", "ik", "wij", "jullie", "kleine_afsluiting", "jij", "grote_afsluiting"
    )
    assert set(REQUIRED) | set(GUIDED) < set(PhaseKind)
    assert tuple(DEFAULT_MINUTES) == PHASES and sum(DEFAULT_MINUTES.values()) == 50


def test_the_schema_accepts_every_kind_and_names_exactly_these_for_another(tmp_path):
    head = GOOD[: GOOD.index("[[fase]]")]
    every = head + "".join(f'[[fase]]\nsoort = "{kind}"\nminuten = 5\n' for kind in PhaseKind)
    assert [phase.soort for phase in load_lesson(write(tmp_path, every, "every.toml")).fase] == list(PHASES)
    found = problems_of(tmp_path, GOOD.replace('soort = "wij"', 'soort = "samen"'))
    assert found[0] == ("fase[2].soort", t("lesson.choice_written", written="samen", choices=", ".join(PHASES)))


def test_the_schema_suggests_the_kind_meant(tmp_path):
    found = problems_of(tmp_path, GOOD.replace('soort = "kleine_afsluiting"', 'soort = "kleine afsluiting"'))
    assert found[0] == ("fase[3].soort", t(
        "lesson.choice_hint", written="kleine afsluiting", suggestion="kleine_afsluiting", choices=", ".join(PHASES)
    ))


@pytest.mark.parametrize("missing", ["ik", "kleine_afsluiting", "jij"])  # docs/DOMAIN.md, not REQUIRED itself
def test_the_plan_requires_the_required_kinds(tmp_path, missing):
    text = GOOD.replace(f'soort = "{missing}"', 'soort = "voorkennis"', 1)
    assert ("fase", t("lesson.phase_required", phase=missing)) in problems_of(tmp_path, text)


def test_a_plan_needs_one_guided_phase(tmp_path):
    assert ("fase", t("lesson.phase_guided")) in problems_of(tmp_path, GOOD.replace('soort = "wij"', 'soort = "lesdoel"'))


def test_the_editors_template_has_every_kind_with_its_minutes(tmp_path):
    data = parse_lesson_text(tmp_path / "x.toml", template_text("x", "X", "wiskunde"))
    assert [(p["soort"], p["minuten"]) for p in data["fase"]] == list(DEFAULT_MINUTES.items())


def test_the_levels_are_one_list_the_schema_follows(tmp_path):
    assert LEVELS == tuple(Level) == ("doevraag", "gesloten", "open", "denkvraag")
    text = GOOD.replace('minuten = 5\n[[fase]]\nsoort = "wij"', 'minuten = 5\n[[fase.cfu]]\nvraag = "?"\nniveau = "raad"\n[[fase]]\nsoort = "wij"', 1)
    found = problems_of(tmp_path, text)
    assert found == [("fase[1].cfu[1].niveau", t("lesson.choice_written", written="raad", choices=", ".join(LEVELS)))]
