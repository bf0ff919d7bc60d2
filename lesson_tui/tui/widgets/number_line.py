"""One line under every screen that takes class numbers: the number being typed, or why
a number was refused ("geen leerling 29", "15 is afwezig").

It holds the screen's `NumberEntry` (the rule, in lesson_tui/klas/numbers.py) and takes the
keys of typing a number: digits, and while digits wait for more, `backspace` and `enter`
(which ends a number that could go on). Every other key stays the screen's.
"""

from __future__ import annotations

from rich.text import Text

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import NumberEntry, Step, is_digit
from lesson_tui.tui.widgets.plain import Label


class NumberLine(Label):
    def __init__(self, entry: NumberEntry, *, private: bool = False, id: str | None = None) -> None:
        super().__init__("", id=id, classes="number-line")
        self.entry = entry
        # klasveilig on a marking screen: the digits are dots, so the class cannot read
        # who is about to be marked (the teacher knows what was typed)
        self.private = private
        self.step: Step | None = None  # the last key's result, while it is shown

    def on_mount(self) -> None:
        if self.private and hasattr(self.app, "klasveilig"):  # the teacher's app: follow it
            self.watch(self.app, "klasveilig", lambda _: self.show(self.step), init=False)

    def take(self, event) -> Step | None:
        """The step a key made, or None when it is not a key of typing a number."""
        character = event.character
        if is_digit(character):
            step = self.entry.digit(character)
        elif self.entry.pending and event.key == "backspace":
            step = self.entry.backspace()
        elif self.entry.pending and event.key == "enter":
            step = self.entry.end()
        else:
            return None
        event.stop()
        event.prevent_default()
        self.show(step)
        return step

    def end(self) -> Step:
        """A letter after the digits: what was typed is the whole number."""
        step = self.entry.end()
        self.show(step if step.refusal else None)
        return step

    def clear(self) -> None:
        self.entry.clear()
        self.show(None)

    def show(self, step: Step | None) -> None:
        self.step = step
        hidden = self.private and getattr(self.app, "klasveilig", False)

        def digits(text: str) -> str:
            return "•" * len(text) if hidden else text

        refused = step is not None and step.refusal is not None
        if self.entry.pending:
            text = t("numbers.typing", typed=digits(self.entry.typed))
        elif refused:
            text = step.refusal.text()
        elif step is not None and step.number is not None and step.done:
            text = t("numbers.chosen", number=digits(str(step.number)))
        else:
            text = ""
        self.set_class(refused, "-refused")
        self.update(Text(text))
