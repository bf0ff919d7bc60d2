"""The lesson editor, walked as a teacher walks it: new from the template, a copy of an
example, phases and questions, a draft, edit as text, a file changed on disk, then teaching
the lesson that was made, with no file opened by hand."""
from __future__ import annotations


def test_the_library_filter_ignores_capitals_and_accents():
    from lesson_tui.plan.lessonplan import lesson_matches

    assert lesson_matches("De kringloop van het water", "wereldoriëntatie", "KRING water")
    assert lesson_matches("Café-les", "taal", "cafe")
    assert lesson_matches("Breuken", "wiskunde", "wisk")
    assert not lesson_matches("Breuken", "wiskunde", "water")
    assert not lesson_matches("Breuken", "wiskunde", "", vak_filter="taal")
    assert lesson_matches("Breuken", "Wiskunde", "", vak_filter="wiskunde")
