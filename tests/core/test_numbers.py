"""The rule for typing a class number (lesson_tui/klas/numbers.py), without Textual."""

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.i18n import set_language, t
from lesson_tui.klas.numbers import ABSENT, ELSEWHERE, UNKNOWN, NumberEntry, Refusal, is_digit


def typed(entry: NumberEntry, digits: str, *, end: bool = False):
    steps = [entry.digit(d) for d in digits]
    if end:
        steps.append(entry.end())
    return steps


def test_the_walks_numbers_are_refused_never_another_pupil():
    # self-assessment, 15 absent: `1 5` is 15, not 5
    entry = NumberEntry(range(1, 25), accepted=[n for n in range(1, 25) if n != 15], absent=[15])
    one, five = typed(entry, "15")
    assert one.number == 1 and not one.done  # 1 until a longer number comes
    assert five == five.__class__(refusal=Refusal(15, ABSENT), done=True)
    # check round of 24: `2 9` is 29, not 9
    entry = NumberEntry(range(1, 25))
    assert typed(entry, "29")[-1].refusal == Refusal(29, UNKNOWN)
    assert not entry.pending  # the next digit starts a new number
    assert typed(entry, "9")[-1].number == 9


def test_complete_numbers_and_enter_ends_one_that_could_go_on():
    entry = NumberEntry(range(1, 29))
    assert typed(entry, "3")[-1].number == 3 and not entry.pending  # no 30 in a class of 28
    step = typed(entry, "1")[-1]
    assert step.number == 1 and entry.pending and not step.done
    assert entry.end().number == 1 and not entry.pending
    assert entry.end().number is None  # nothing typed: nothing chosen, nothing refused


def test_reasons_and_their_lines_in_both_languages():
    entry = NumberEntry(range(1, 11), accepted=[2, 3], absent=[4])
    assert entry.refusal(4) == Refusal(4, ABSENT)
    assert entry.refusal(5) == Refusal(5, ELSEWHERE)
    assert entry.refusal(11) == Refusal(11, UNKNOWN)
    assert typed(entry, "0")[-1].refusal == Refusal(0, UNKNOWN)
    assert Refusal(29, UNKNOWN).text() == "geen leerling 29"
    assert Refusal(15, ABSENT).text() == "15 is afwezig"
    set_language("en")
    try:
        assert Refusal(29, UNKNOWN).text() == "no pupil 29"
        assert Refusal(15, ABSENT).text() == "15 is absent"
        assert t("numbers.elsewhere", number=5) == "5 is not in this group"
    finally:
        set_language("nl")


def test_digits_that_name_nobody_yet_choose_nobody():
    # pupil 2 left the class, 20-24 are still there: "2" waits and names nobody
    entry = NumberEntry([1, 3, 20, 21, 22])
    step = entry.digit("2")
    assert step.number is None and entry.pending
    assert entry.end().refusal == Refusal(2, UNKNOWN)


def test_backspace_takes_back_one_digit():
    entry = NumberEntry(range(1, 130))
    typed(entry, "12")
    assert entry.typed == "12"
    assert entry.backspace().number == 1 and entry.typed == "1"
    assert entry.backspace().number is None and not entry.pending


def test_a_superscript_two_is_not_a_digit():
    assert is_digit("7") and not is_digit("²") and not is_digit("") and not is_digit(None)


classes = st.sets(st.integers(1, 130), min_size=1, max_size=40)


@st.composite
def screens(draw):
    numbers = draw(classes)
    accepted = draw(st.sets(st.sampled_from(sorted(numbers))))
    absent = draw(st.sets(st.sampled_from(sorted(numbers))))
    keys = draw(st.lists(st.sampled_from([*"0123456789", "end"]), max_size=30))
    return numbers, accepted - absent, absent, keys


@given(screens())
def test_a_typed_number_is_the_digits_typed_or_refused(screen):
    """Whatever is typed: a pupil chosen is the number of the digits typed since the last
    complete number, and one this screen takes; a complete number this screen does not
    take is refused with that same number; nothing else is ever chosen."""
    numbers, accepted, absent, keys = screen
    entry = NumberEntry(numbers, accepted=accepted, absent=absent)
    since = ""  # the digits of the number being typed, by the model
    for key in keys:
        if key == "end":
            step, digits, since = entry.end(), since, ""
            if not digits:
                assert step.number is None and step.refusal is None
                continue
        else:
            digits = since + key
            step = entry.digit(key)
            since = "" if step.done else digits
        assert entry.typed == since
        if step.number is not None:
            assert step.number == int(digits) and step.number in accepted
            assert step.refusal is None
        if step.done and step.number is None:
            assert step.refusal is not None and step.refusal.number == int(digits)
            if int(digits) not in numbers:
                assert step.refusal.reason == UNKNOWN
            elif int(digits) in absent:
                assert step.refusal.reason == ABSENT


@given(screens())
def test_every_pupil_the_screen_takes_is_reached_by_typing_their_number(screen):
    numbers, accepted, absent, _ = screen
    entry = NumberEntry(numbers, accepted=accepted, absent=absent)
    for number in numbers:
        steps = typed(entry, str(number), end=True)
        last = next(s for s in steps if s.done)
        if number in accepted:
            assert last.number == number
        else:
            assert last.number is None and last.refusal.number == number
        assert not entry.pending
