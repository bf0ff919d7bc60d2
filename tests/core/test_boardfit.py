"""How the board's words fit: names never broken, criteria one per line at 64x20, big letters
only where they fit."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.session.boardfit import (
    ACCENTS,
    BIG_ROWS,
    FONT,
    MARK,
    accent_half_row,
    accent_pixels,
    big_layout,
    big_lines,
    big_rows_needed,
    big_width,
    block_text,
    cells,
    criteria_lines,
    fit_line,
    half_block_rows,
    name_lines,
    pack,
    pixel_rows,
)

first = st.sampled_from(["Noah", "Aya", "Bo", "Chloë", "Elif", "Mohamed", "Zeynep", "Jules", "Anne-Sophie", "Đặng", "李娜"])
names = st.lists(st.builds(lambda f, s: f + s, first, st.sampled_from(["", " V.", " D.", " El Amrani"])), max_size=30)
words = st.text(alphabet="abcdefghij:,. <>=?", min_size=1, max_size=12).map(str.strip).filter(bool)
criterion = st.lists(words, min_size=1, max_size=14).map(" ".join)

BOARD_64 = 64 - 4  # the goal's cells at 64 columns: the board's and the goal's padding


@given(st.lists(st.integers(1, 30), max_size=40), st.integers(1, 80), st.integers(0, 6))
def test_pack_keeps_every_item_whole_in_order_within_the_width(widths, width, gap):
    lines = pack(widths, width, gap)
    assert [i for line in lines for i in line] == list(range(len(widths)))
    for number, line in enumerate(lines):
        used = sum(widths[i] for i in line) + gap * (len(line) - 1)
        assert used <= width or len(line) == 1  # only an item wider than a line overflows it
        if number:  # greedy: the first item of a line did not fit on the line before
            before = lines[number - 1]
            assert sum(widths[i] for i in before) + gap * len(before) + widths[line[0]] > width


@given(names, st.integers(8, 70))
def test_a_name_is_never_broken_over_two_lines(found, width):
    lines = name_lines(found, width)
    assert all(cells(line) <= width for line in lines)
    for name in found:
        if cells(name) <= width:  # each name whole on one line
            assert any(name in line for line in lines), (name, lines)
        else:  # too wide for a line alone: cut with … on its own line, never wrapped
            assert fit_line(name, width) in lines


def test_noah_v_stays_together():
    lines = name_lines(["Amira", "Aya", "Elif", "Noah V."], 15)
    assert "Noah V." in "\n".join(lines) and lines == ["Amira  Aya", "Elif  Noah V."]


@given(st.lists(criterion, min_size=1, max_size=5), st.integers(20, 120))
def test_each_criterion_starts_its_own_line_and_keeps_its_words(criteria, width):
    lines = criteria_lines(criteria, width)
    starts = [line for line in lines if line.startswith(MARK)]
    assert len(starts) == len(criteria)  # one ☐ per criterion, never two on a line
    assert all(cells(line) <= width for line in lines)
    # the words, read back line by line, are the criteria's own
    text = " ".join(line.removeprefix(MARK).strip() for line in lines)
    assert text.split() == " ".join(criteria).split() or any(cells(w) > width - 2 for c in criteria for w in c.split())


@given(st.lists(criterion, min_size=1, max_size=8), st.integers(20, 120), st.integers(1, 12))
def test_the_criteria_fit_the_rows_they_have(criteria, width, rows):
    lines = criteria_lines(criteria, width, rows)
    assert len(lines) <= rows
    assert all(cells(line) <= width for line in lines)
    marked = sum(line.startswith(MARK) for line in lines)
    assert marked == len(criteria) or (marked == rows - 1 and not lines[-1].startswith(MARK))


def test_the_example_criteria_at_64x20_one_per_line():
    criteria = (
        "Ik kijk eerst naar de noemer: is die gelijk?",
        "Ik vergelijk de tellers: hoe groter de teller, hoe groter de breuk.",
        "Ik zet het juiste teken: <, > of =.",
    )
    lines = criteria_lines(criteria, BOARD_64, rows=12)
    assert lines == [
        "☐ Ik kijk eerst naar de noemer: is die gelijk?",
        "☐ Ik vergelijk de tellers: hoe groter de teller, hoe groter",
        "  de breuk.",
        "☐ Ik zet het juiste teken: <, > of =.",
    ]
    # four rows for three: each on one line, cut where it must
    short = criteria_lines(criteria, BOARD_64, rows=3)
    assert len(short) == 3 and short[1].endswith("…") and all(line.startswith(MARK) for line in short)
    assert criteria_lines(criteria, BOARD_64, rows=2) == [lines[0], "+ nog 2 criteria"]


def test_big_letters_are_three_rows_and_as_wide_as_said():
    rows = half_block_rows("NOAH V.")
    assert len(rows) == BIG_ROWS and len({len(r) for r in rows}) == 1
    assert len(rows[0]) == big_width("Noah V.") == 5 * 3 + 2 + 1 + 6  # five letters, a space, a dot, a column between each
    assert big_width("李娜") is None


def test_a_name_in_big_letters_is_spelled_as_it_is():
    """'Zoë' is 'ZOË', never 'ZOE': the trema is drawn above the E, as wide as the E; a name
    with a mark the font lacks (Ç's cedilla) stays plain, and with it the whole column."""
    assert block_text("Zoë", exact=True) == "ZOË" and block_text("Zoe", exact=True) == "ZOE"
    assert big_width("Zoë") == big_width("ZOE") == big_width("Zoe") and big_width("Chloë") == big_width("Chloe")
    assert big_layout(["Noah V.", "Zoë"], 200, 20) is not None
    assert big_width("François") is None and big_width("Ç") is None and big_width("Ğ") is None
    assert big_layout(["Noah V.", "François"], 200, 20) is None
    assert big_width("Zoë\u0301") is None and big_width("\u0308Zoe") is None  # two marks on a letter, a mark on none
    assert block_text("Zoë") == "ZOE"  # the clock and titles may still write it so


def test_an_accent_glyph_has_its_accent_pixels():
    # over its own letter: Z, O, then the E's columns 8-10 (a blank column between letters)
    assert accent_pixels("ZOË") == "000" + "0" + "000" + "0" + "101"
    assert accent_pixels("ZOE") == "0" * 11 and pixel_rows("ZOË") == pixel_rows("ZOE")
    assert accent_pixels("INÈS")[8:11] == "100" and accent_pixels("É") == "001" and accent_pixels("Ô") == "111"
    # drawn in the top half of the row above the letters: a blank half row between mark and letter
    assert accent_half_row("ZOË") == " " * 8 + "▀ ▀"
    assert half_block_rows("ZOË") == half_block_rows("ZOE")
    assert all(len(pattern) == len(FONT["E"][0]) for pattern in ACCENTS.values())


def test_the_marks_of_a_line_are_drawn_over_it():
    layout = big_layout(["Zoë", "Noah"], 15, 20)
    assert layout == [["Zoë"], ["Noah"]]
    drawn = big_lines(layout)
    assert drawn[0] == accent_half_row("ZOË") and drawn[1:4] == half_block_rows("ZOË")
    assert drawn[4] == "" and drawn[5:] == half_block_rows("NOAH")  # no marks: the row between stays blank
    below = big_lines([["Noah"], ["Zoë"]])
    assert below[:3] == half_block_rows("NOAH") and below[3] == accent_half_row("ZOË")  # in the row between
    # the first line's marks need a row of their own: 3 rows hold "Noah", not "Zoë"
    assert big_layout(["Noah"], 20, 3) is not None and big_layout(["Zoë"], 20, 3) is None
    assert big_layout(["Zoë"], 20, 4) == [["Zoë"]]


accented = st.text(alphabet="abcdeilnouyzABEILNOUZ .-'" + "ëïöüäÿéáóúíèàòùêâôûîñãõçøß\u0308\u0301\u0327", min_size=1, max_size=14)


@given(accented)
def test_the_big_text_of_a_name_reads_back_as_the_name(name):
    """Drawn exactly or not at all: the letters and marks a name is drawn with are the
    name in capitals, mark for mark; what the font cannot draw so is None (plain)."""
    shown = block_text(name, exact=True)
    upper = unicodedata.normalize("NFC", name.upper())
    if shown is None:
        return
    assert shown == upper
    glyphs = {rows: letter for letter, rows in FONT.items()}
    marks = {pixels: mark for mark, pixels in ACCENTS.items()}
    rows, accents = pixel_rows(shown), accent_pixels(shown)
    read, column = "", 0
    while column < len(rows[0]):  # read the pixels back, letter by letter
        size = 3 if column + 3 <= len(rows[0]) and tuple(r[column:column + 3] for r in rows) in glyphs else 2
        if tuple(r[column:column + size] for r in rows) not in glyphs:
            size = 1
        letter = glyphs[tuple(r[column:column + size] for r in rows)]
        accent = accents[column:column + size]
        read += letter + (marks[accent] if "1" in accent else "")
        column += size + 1
    assert unicodedata.normalize("NFC", read) == upper


@given(names.filter(bool), st.integers(10, 200), st.integers(1, 60))
def test_big_names_only_when_all_fit_and_each_whole(found, width, rows):
    layout = big_layout(found, width, rows)
    if layout is None:
        return
    assert [n for line in layout for n in line] == found
    drawn = big_lines(layout)
    on_top = any(block_text(n, exact=True) != block_text(n) for n in layout[0])  # the first line has marks
    assert len(drawn) == big_rows_needed(len(layout), on_top) <= rows
    assert all(len(row) <= width for row in drawn)


def test_big_names_fall_back_when_they_do_not_fit():
    assert big_layout(["Mohamed", "Aya"], 200, 3) == [["Mohamed", "Aya"]]
    assert big_layout(["Mohamed", "Aya"], 30, 3) is None  # two lines need 7 rows
    assert big_layout(["Mohamed", "Aya"], 30, 7) == [["Mohamed"], ["Aya"]]
    assert big_layout(["Mohamed"], 20, 30) is None  # wider than the column
    assert big_layout(["李娜", "Aya"], 200, 30) is None  # a letter the font lacks: all plain


def test_cells_counts_wide_and_combining_letters():
    assert cells("Noah") == 4 and cells("李娜") == 4 and cells("e\u0301") == 1
    assert fit_line("Anne-Sophie El Amrani", 10) == "Anne-Soph…" and cells(fit_line("李娜李娜", 5)) <= 5
