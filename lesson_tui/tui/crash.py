"""What a crash shows: where it happened, never what was in memory.

Textual's crash report prints every frame's local variables, and the error's own message;
on the teacher's screen (perhaps projected) or the co-teacher's page those are the pupils'
names, the sporen with their reasons, the miniklas. Every app of ours takes this mixin: the
report keeps the files, lines and code, and the error's type, without locals or message."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.segment import Segments

from lesson_tui.base.i18n import t

if TYPE_CHECKING:
    from rich.traceback import Traceback


def private_traceback(error: BaseException) -> Traceback:
    # imported here, as Textual does: rich's traceback (with pygments and rich.pretty) is a
    # tenth of the app's imports, and only a crash needs it
    import rich
    from rich.traceback import Traceback

    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    for stack in trace.stacks:
        stack.exc_value = t("crash.message_hidden")
        stack.syntax_error = None
        stack.notes = []
        for frame in stack.frames:
            frame.locals = None
    return Traceback(trace, show_locals=False, width=None, suppress=[rich])


class PrivateCrash:
    """App mixin: Textual's crash report, without locals and without the error's message."""

    def _handle_exception(self, error: Exception) -> None:
        self._private_error = error
        super()._handle_exception(error)  # type: ignore[misc]

    def panic(self, *renderables) -> None:  # an error that renders itself: its type only
        error = getattr(self, "_private_error", None)
        if error is not None:
            self._private_error = None
            renderables = (private_traceback(error),)
        super().panic(*renderables)  # type: ignore[misc]

    def _fatal_error(self) -> None:
        error = getattr(self, "_private_error", None) or sys.exc_info()[1]
        self.bell()  # type: ignore[attr-defined]
        console = self.console  # type: ignore[attr-defined]
        if error is not None:
            self._exit_renderables.append(Segments(console.render(private_traceback(error), console.options)))  # type: ignore[attr-defined]
        self._close_messages_no_wait()  # type: ignore[attr-defined]
