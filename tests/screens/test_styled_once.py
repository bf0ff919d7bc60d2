"""A screen is styled once when it is pushed, and a line set to what it shows is not laid
out again (lesson_tui/tui/stylecache.py StyledOnce, lesson_tui/tui/widgets/plain.py)."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget
from tui_helpers import app_for

from lesson_tui.tui.screens.cfu import CfuScreen
from lesson_tui.tui.widgets.plain import Label, same_text


async def test_a_pushed_screen_styles_each_widget_once_and_a_resize_restyles(store, demo, library, clock, plan, monkeypatch):
    styled: Counter[int] = Counter()
    apply = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        if isinstance(node, Widget):
            styled[id(node)] += 1
        return apply(self, node, *args, **kwargs)

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Stylesheet, "apply", counting)
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CfuScreen)
        widgets = list(screen.walk_children(with_self=True))
        again = {w.id for w in widgets if styled[id(w)] > 1}
        # the tiles, the footer's keys, every box: styled as they mounted, once; only the
        # question list (it takes the focus) and the first tile (the cursor) change after
        assert len(widgets) > 30 and again == {"cfu-questions", "tile-1"}, [(w, styled[id(w)]) for w in widgets if styled[id(w)] > 1]
        assert screen.has_class("-wide", "-tall")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-narrow", "-short") and not screen.has_class("-wide")
        assert all(styled[id(w)] >= 2 for w in screen.query("PupilTile"))  # restyled for the new size


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("drie", id="line")


async def test_a_line_set_to_what_it_shows_is_not_redrawn(monkeypatch):
    app = OneLine()
    async with app.run_test(size=(30, 3)) as pilot:
        await pilot.pause()
        line = app.query_one("#line", Label)
        refreshes: list[bool] = []
        refresh = Label.refresh
        monkeypatch.setattr(Label, "refresh", lambda self, *a, layout=False, **k: (refreshes.append(layout), refresh(self, *a, layout=layout, **k))[1])
        line.update("drie")
        assert refreshes == []
        line.update("vier")
        assert refreshes == [True]
        line.update(Text("vier"))
        line.update(Text("vier", style="italic"))  # the same letters in another style: drawn
        assert refreshes == [True, True, True]
        await pilot.pause()
        assert str(line.render()) == "vier"


def test_same_text_compares_everything_a_text_draws():
    assert same_text("a", "a") and not same_text("a", "b")
    assert same_text(Text("a", style="bold"), Text("a", style="bold"))
    assert not same_text(Text("a"), Text("a", style="bold"))
    assert not same_text(Text("a"), Text("a", justify="right"))
    assert not same_text(Text.assemble(("a", "bold"), "b"), Text.assemble("a", ("b", "bold")))
    assert not same_text("a", Text("a"))  # another kind of content: drawn
    shown = Text("a")
    assert not same_text(shown, shown)  # the same object may have been changed in place
