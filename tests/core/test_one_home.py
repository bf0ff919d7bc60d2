"""Rules that were written more than once, each with its one home now: a test per rule
that fails when that home is broken (and every caller with it)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from shared import GOOD, write

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import parse_number
from lesson_tui.lesson.writers import MAIN, is_main, round_counts
from lesson_tui.plan.lessonplan import LessonLibrary, Thresholds, draft_title, in_folder, load_lesson
from lesson_tui.rules import groups as groups_rule
from lesson_tui.rules.cfu import (
    ADVICE,
    CfuRound,
    advice,
    answer_now,
    exit_score,
    mark_counts,
    share_correct,
    think_seconds_left,
    think_text,
)
from lesson_tui.rules.groups import groups_on_open
from lesson_tui.rules.sporen import spoor_for_score
from lesson_tui.rules.thresholds import DEFAULT_BEHEERSING, DEFAULT_MINIKLAS_MAX, DEFAULT_ONDERSTEUNING
from lesson_tui.session.board import board_view
from lesson_tui.store import layout
from lesson_tui.store.settings import Settings, archive_dir, own_lessons_dir

# --- the share correct of a round ---------------------------------------------------------


def test_the_share_correct_weighs_half_and_leaves_out_afwezig():
    marks = {"a": "juist", "b": "half", "c": "fout", "d": "afwezig", "e": "juist"}
    assert share_correct(marks) == pytest.approx(2.5 / 4)
    assert share_correct(marks) == exit_score(list(marks.values())).share
    assert share_correct({"a": "afwezig"}) is None and share_correct({}) is None
    assert mark_counts(marks) == {"juist": 2, "half": 1, "fout": 1, "afwezig": 1}


# --- the think time and the "answer now" window --------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "left", "answer"),
    [(0, 5, False), (0.0005, 5, False), (1, 4, False), (4.0, 1, False), (4.9995, 1, False),
     (5, None, True), (7.999, None, True), (8, None, False), (60, None, False)],
)
def test_the_think_time_counts_whole_seconds_up_then_says_answer_now_for_three(elapsed, left, answer):
    assert think_seconds_left(elapsed) == left
    assert answer_now(elapsed) is answer
    expected = t("ui.cfu_think", seconds=left) if left else t("ui.cfu_answer") if answer else ""
    assert think_text(elapsed) == expected


@pytest.mark.parametrize("elapsed", [0, 0.5, 4.9995, 5, 7.999, 8])
def test_the_board_shows_the_same_think_time_as_the_teachers_screen(store, run, clock, elapsed):
    run.next_phase()
    run.open_round("Welke breuk is groter?")
    clock.advance(elapsed)
    assert board_view(run, clock.now()).think == think_text(elapsed)


# --- the main writer -----------------------------------------------------------------------


def test_only_writer_zero_is_the_main_teacher():
    assert MAIN == 0 and is_main(0) and not is_main(1) and not is_main(7)


def test_an_open_round_counts_only_when_the_main_teacher_opened_it():
    def round_(writer: int, **state) -> CfuRound:
        return CfuRound(1, 0, "?", "gesloten", ["a"], writer=writer, **state)

    assert round_counts(round_(MAIN)) and not round_counts(round_(1))
    assert round_counts(round_(1, closed=True))
    assert not round_counts(round_(MAIN, closed=True, discarded=True))


# --- the default thresholds ----------------------------------------------------------------


def test_the_plans_default_thresholds_are_the_rules(tmp_path):
    assert (DEFAULT_BEHEERSING, DEFAULT_ONDERSTEUNING, DEFAULT_MINIKLAS_MAX) == (0.8, 0.5, 6)  # docs/DOMAIN.md
    plain = Thresholds()
    loaded = load_lesson(write(tmp_path, GOOD)).drempels  # no [drempels]: the schema's defaults
    for drempels in (plain, loaded):
        assert (drempels.beheersing, drempels.ondersteuning, drempels.miniklas_max) == (
            DEFAULT_BEHEERSING, DEFAULT_ONDERSTEUNING, DEFAULT_MINIKLAS_MAX
        )
    assert groups_rule.WEAK_BELOW == DEFAULT_ONDERSTEUNING


# --- score to outcome ----------------------------------------------------------------------


@pytest.mark.parametrize("share", [None, 0.0, 0.49, 0.5, 0.79, 0.8, 1.0])
def test_a_rounds_advice_and_a_pupils_spoor_are_one_band(share):
    spoor = spoor_for_score(share, 0.8, 0.5)
    word = advice(share, 0.8, 0.5)
    assert word == (ADVICE[None] if share is None else ADVICE[spoor])
    assert spoor == (2 if share is None else 1 if share >= 0.8 else 3 if share < 0.5 else 2)


# --- keep the groups already made, or propose new ones -------------------------------------


def test_groups_made_earlier_are_kept_with_their_mode_and_size_for_who_is_here():
    start = groups_on_open([["a", "b", "c", "d"], ["e", "f", "g", "h"]], "niveau", 4, list("abcdefghi"), "gemengd", 2)
    assert (start.mode, start.size) == ("niveau", 4)
    assert start.groups == [["a", "b", "c", "d", "i"], ["e", "f", "g", "h"]] and start.joined == {"i": 0}


def test_without_groups_made_new_ones_are_proposed_as_asked():
    start = groups_on_open([], "", 0, ["a", "b"], "willekeurig", 3)
    assert (start.mode, start.size, start.groups, start.joined) == ("willekeurig", 3, None, {})


# --- what counts as a draft lesson ---------------------------------------------------------


def test_a_draft_is_a_broken_lesson_in_the_teachers_own_folder(tmp_path):
    own, elsewhere = tmp_path / "lessen", tmp_path / "collega"
    own.mkdir()
    elsewhere.mkdir()
    write(own, 'id = "half"\ntitel = "Mijn les"\n', "half.toml")
    write(elsewhere, 'id = "kapot"\ntitel = "Van een collega"\n', "kapot.toml")
    write(own, GOOD, "goed.toml")
    library = LessonLibrary.scan([own, elsewhere])
    assert [error.path.name for error in library.drafts(own)] == ["half.toml"]
    assert len(library.errors) == 2 and "test-les" in library.lessons
    assert draft_title(own / "half.toml") == "Mijn les" and draft_title(own / "weg.toml") == "weg"
    assert in_folder(own / "x.toml", own) and not in_folder(own / "sub" / "x.toml", own)


# --- a class number written in a field -----------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [("12", 12), (" 7 ", 7), ("", None), ("²", None), ("1a", None), ("-3", None), ("١٢", None)])
def test_a_class_number_is_ascii_digits_only(text, number):
    assert parse_number(text) == number


# --- the data folder's names ---------------------------------------------------------------


def test_the_data_folder_keeps_the_names_of_every_version():
    from pathlib import Path

    legacy = Path(__file__).parent.parent / "fixtures" / "legacy-data"
    names = {path.name for path in legacy.iterdir()}
    assert names <= {layout.INDEX, layout.CLASSES, layout.RUNS, layout.SETTINGS, layout.OWN_LESSONS, layout.ARCHIVE}
    assert (layout.INDEX, layout.CLASSES, layout.RUNS, layout.SETTINGS) == ("index.json", "classes", "runs", "instellingen.json")
    assert (layout.OWN_LESSONS, layout.ARCHIVE, layout.EXPORTS) == ("lessen", "archief", "exporten")


def test_the_store_and_the_settings_use_the_layout(store):
    root = store.root
    assert store.index_path == layout.pc_dir(root) / "index.json" == layout.index_path(root)  # this PC's
    assert store.classes_dir == root / "classes" and store.exports_dir == root / "exporten"
    assert Settings(root).path == root / "instellingen.json"
    assert own_lessons_dir(root) == root / "lessen" and archive_dir(root) == root / "archief"
    when = datetime(2026, 11, 23, tzinfo=UTC)
    assert layout.runs_year_dir(root, when) == root / "runs" / "2026"
    run = store.start_run(store.get_class("Demo 4A"), load_lesson(write(root, GOOD)), set())
    assert run.path.parent.parent == root / "runs" and layout.lock_path(root, run.path).exists()
    assert layout.lock_path(root, run.path).parent == layout.pc_dir(root) / "locks"


# --- who is still in the miniklas, and who left it -----------------------------------------


def test_who_left_the_miniklas_is_the_miniklas_minus_who_is_still_in_it(store, run):
    run.next_phase()
    first, second, third = run.pupil_ids[:3]
    for pid in (first, second, third):
        run.set_override(pid, 3)
    run.confirm_sporen({})
    run.toggle_miniklas_leave(second)
    assert run.miniklas == [first, second, third]
    assert run.still_in_miniklas == [first, third] and run.left_miniklas == [second]
    assert run.sporen_now()[second] == 2
    run.toggle_miniklas_leave(second)  # back again
    assert run.left_miniklas == [] and run.still_in_miniklas == [first, second, third]
