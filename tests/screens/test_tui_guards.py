"""Teacher text is never markup; Textual's OptionList survives a clicker and a tiny window."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import OptionList
from tui_helpers import app_for, make_history

from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen

ROOT = Path(__file__).resolve().parents[2]


def _bracket_lessons(tmp_path: Path) -> Path:
    folder = tmp_path / "lessen"
    folder.mkdir()
    source = (ROOT / "lessons" / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    titled = source.replace('id = "breuken-vergelijken"', 'id = "breuken-herhaling"').replace(
        'titel = "Breuken vergelijken"', 'titel = "Breuken [herhaling] [/b]"'
    )
    (folder / "herhaling.toml").write_text(titled, encoding="utf-8")
    broken = (ROOT / "lessons" / "waterkringloop.toml").read_text(encoding="utf-8")
    broken = broken.replace('id = "waterkringloop"', 'id = "kapot"') + '\n"[/b]" = 1\n'
    (folder / "kapot.toml").write_text(broken, encoding="utf-8")
    return folder


def _all_text(screen) -> str:
    parts = []
    for widget in screen.query("*"):
        try:
            parts.append(str(widget.render()))
        except Exception:
            continue
    return "\n".join(parts)


async def test_square_brackets_in_teacher_text_are_shown_not_parsed(store, clock, tmp_path):
    library = LessonLibrary.scan([example_lessons_dir(), _bracket_lessons(tmp_path)])
    assert any("[/b]" in line for error in library.errors for line in error.lines())
    klas = store.import_class("4A [b]", parse_class_csv(b"naam\nNoah [B]\nAya\n")).school_class
    plan = library.lessons["breuken-herhaling"][1]
    app = app_for(store, library, clock, school_class=klas, plan=plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        header = str(app.screen.query_one("#lesson-header").render())
        assert "Breuken [herhaling] [/b]" in header and "4A [b]" in header
        await pilot.press("r")  # a pick shows the name with its brackets
        await pilot.press("escape", "c", "1", "f", "enter")
        await pilot.press("q")
    # the next start shows it in the resume list, and the broken file's key on home
    again = app_for(store, library, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        resume = again.screen.query_one("#resume-list", OptionList)
        assert "Breuken [herhaling] [/b]" in str(resume.get_option_at_index(0).prompt)
        text = _all_text(again.screen)
        assert "[/b]" in text


async def test_page_down_right_after_the_command_palette_opens():
    """What a presenter clicker sends: PageDown before the list is laid out."""

    class Tiny(App):
        def compose(self):
            yield OptionList(*[f"optie {n}" for n in range(30)], id="list")

        def on_mount(self):
            self.query_one(OptionList).display = False  # not laid out: no lines measured

    app = Tiny()
    async with app.run_test(size=(40, 10)) as pilot:
        options = app.query_one(OptionList)
        options.highlighted = 3
        options.action_page_down()  # KeyError in textual 8.2.8 without the guard
        assert options.highlighted == 29
        options.action_page_up()
        assert options.highlighted == 0
        await pilot.press("ctrl+p", "pagedown", "pageup")


async def test_history_and_home_at_20x5_do_not_crash(store, library, clock):
    make_history(store, library, clock, days=3)
    app = app_for(store, library, clock)
    async with app.run_test(size=(20, 5)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("down", "pagedown", "tab", "pagedown", "end", "home", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_second_app_reuses_the_parsed_stylesheet_unless_its_variables_differ(store, library, clock, monkeypatch):
    """The stylesheet is parsed once per process (tui/stylecache.py), not once per app; an
    app whose CSS variables differ (another theme) parses its own."""
    import textual.css.stylesheet as stylesheet_module

    from lesson_tui.tui import stylecache

    # an empty process-wide cache, as at start-up: other tests in this worker filled it
    monkeypatch.setattr(stylecache, "_RULES", {})
    parsed: list[str] = []
    real_parse = stylesheet_module.parse

    def counting_parse(scope, css, read_from, **kwargs):
        parsed.append(str(read_from[0]))
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting_parse)
    first = app_for(store, library, clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first_rules = len(first.stylesheet.rules)
    assert any(name.endswith("app.tcss") for name in parsed)
    parsed.clear()
    second = app_for(store, library, clock)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, HomeScreen)
        assert len(second.stylesheet.rules) == first_rules
    assert not any(name.endswith("app.tcss") for name in parsed)
    third = app_for(store, library, clock)
    themed = dict(third.stylesheet._variables, primary="#123456")
    third.stylesheet.set_variables(themed)
    third.stylesheet.read_all(third.css_path)
    third.stylesheet.parse()
    assert any(name.endswith("app.tcss") for name in parsed)


async def test_a_closed_app_leaves_none_of_its_drawn_lines_in_memory(store, demo, library, clock, plan):
    """Textual's cache of two background styles kept the render cache of the last 1,024
    widgets drawn (lesson_tui/tui/guards.py): once an app has closed, its widgets' render
    caches go with it (the test's own context may hold on to the last screen a moment)."""
    import gc

    from textual._styles_cache import StylesCache

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "enter", "3", "f")
        await pilot.pause()
        drawn = len([o for o in gc.get_objects() if isinstance(o, StylesCache)])
    del app, pilot
    gc.collect()
    left = len([o for o in gc.get_objects() if isinstance(o, StylesCache)])
    assert drawn > 20 and left <= 2, (drawn, left)
