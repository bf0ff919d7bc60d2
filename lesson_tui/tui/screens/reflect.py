"""The teacher looks back (#22): the lesson as it went, the attention per pupil over a week,
and the kijkwijzer. Teacher's screens: with klasveilig on they show nothing but a line that
says they are hidden, and they are never on the board.

Everything shown comes from the core (lesson_tui/review); these screens lay it out and
forward the teacher's keys (a score, a note, the focus) to the kijkwijzer's file.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input

from lesson_tui.base.i18n import t
from lesson_tui.export.document import ExportError, file_stem
from lesson_tui.export.output import write_text_export
from lesson_tui.export.reflect import kijkwijzer_for, render_kijkwijzer
from lesson_tui.export.render_reflect import (
    ATTENTION_HEAD,
    PHASE_HEAD,
    ROUND_HEAD,
    attention_lines,
    attention_rows,
    closing_lines,
    evidence_lines,
    focus_text,
    kijkwijzer_title,
    lesson_title,
    phase_rows,
    pick_lines,
    render_lessons_html,
    render_lessons_md,
    round_rows,
    split_lines,
)
from lesson_tui.review.attention import AttentionReport, period_attention
from lesson_tui.review.kijkwijzer import ITEMS, KijkwijzerView, item_text, item_title, period_key
from lesson_tui.review.lesson import LessonReview
from lesson_tui.review.period import Period, period_reviews, today, week_of
from lesson_tui.store.reflections import ReflectionError, Reflections
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static, plain


def _table(table: DataTable, head: tuple[str, ...], rows: list[list[str]], widths: dict[int, int] | None = None) -> None:
    """A table of texts; a column with a width wraps its longer cells onto more lines."""
    table.clear(columns=True)
    for index, key in enumerate(head):
        table.add_column(t(key), width=(widths or {}).get(index))
    for row in rows:
        table.add_row(*map(plain, row), height=None if widths else 1)


def _lines(lines: list[str]) -> Text:
    return Text("\n".join(f"• {line}" for line in lines))


class _Private(FollowsKlasveilig):
    """A teacher's screen: klasveilig hides its body and says so."""

    BODY = ""

    def show_privacy(self) -> None:
        private = self.app.klasveilig  # type: ignore[attr-defined]
        self.query_one(self.BODY).display = not private  # type: ignore[attr-defined]
        self.query_one(".reflect-hidden").display = private  # type: ignore[attr-defined]

    def _write(self, stem: str, texts: dict[str, str]) -> None:
        """Write the page as A4 (html) and markdown in the exports folder."""
        folder = self.app.store.exports_dir  # type: ignore[attr-defined]
        written = []
        try:
            for fmt, text in texts.items():
                target = folder / f"{stem}.{fmt}"
                write_text_export(text, fmt, target)
                written.append(str(target))
        except ExportError as error:  # says what and where
            self.notify(str(error), severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        self.notify(t("reflect.written", path=", ".join(written)), timeout=10)  # type: ignore[attr-defined]


class LessonPageScreen(_Private, KeyMapped, Screen[None]):
    """The lesson as it went: phases, check rounds, the split, beurtstokjes, the closing."""

    KEYMAP = "reflect_lesson"
    BODY = "#reflect-lesson-body"

    def __init__(self, review: LessonReview) -> None:
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        yield Label(f"{t('reflect.title_lesson')}: {lesson_title(self.review)}", id="reflect-title", classes="reflect-title")
        yield Label(t("reflect.hidden"), classes="reflect-hidden")
        with VerticalScroll(id="reflect-lesson-body"):
            yield Label(t("reflect.phases_title"), classes="section-title")
            yield DataTable(id="reflect-phases", zebra_stripes=True, cursor_type="none", show_cursor=False)
            yield Label("", id="reflect-overtime")
            yield Label(t("reflect.rounds_title"), classes="section-title")
            yield DataTable(id="reflect-rounds", zebra_stripes=True, cursor_type="none", show_cursor=False)
            yield Static("", id="reflect-rounds-note")
            yield Label(t("reflect.split_title"), classes="section-title")
            yield Static("", id="reflect-split")
            yield Label(t("reflect.picks_title"), classes="section-title")
            yield Static("", id="reflect-picks")
            yield Label(t("reflect.closing_title"), classes="section-title")
            yield Static("", id="reflect-closing")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        from lesson_tui.export.render_reflect import minutes
        from lesson_tui.rules.cfu import THINK_SECONDS

        review = self.review
        _table(self.query_one("#reflect-phases", DataTable), PHASE_HEAD, phase_rows(review))
        self.query_one("#reflect-overtime", Label).update(t("reflect.overtime_total", time=minutes(review.overtime_s)))
        rounds = self.query_one("#reflect-rounds", DataTable)
        _table(rounds, ROUND_HEAD, round_rows(review, short=True), widths={2: 22})
        rounds.display = bool(review.rounds)
        note = t("reflect.think_note", seconds=THINK_SECONDS) if review.rounds else t("reflect.no_rounds")
        self.query_one("#reflect-rounds-note", Static).update(note)
        self.query_one("#reflect-split", Static).update(_lines(split_lines(review)))
        self.query_one("#reflect-picks", Static).update(_lines(pick_lines(review)))
        notes = [f"{t(f'closing.{key}')} {text}" for key, text in review.notes.items()]
        self.query_one("#reflect-closing", Static).update(_lines(closing_lines(review) + notes))
        self.show_privacy()

    def action_export(self) -> None:
        review = self.review
        stem = file_stem("les", review.class_name, review.lesson_id, review.started_at.strftime("%Y-%m-%d-%H%M"))
        self._write(stem, {"html": render_lessons_html([review]), "md": render_lessons_md([review])})

    def action_back(self) -> None:
        self.dismiss(None)


class _Period:
    """A screen over a period (a week): `p` the week before, `n` the week after."""

    period: Period

    def _reload(self) -> None:
        raise NotImplementedError

    def action_previous_period(self) -> None:
        self.period = Period(self.period.start - timedelta(days=7), self.period.end - timedelta(days=7))
        self._reload()

    def action_next_period(self) -> None:
        self.period = Period(self.period.start + timedelta(days=7), self.period.end + timedelta(days=7))
        self._reload()


class AttentionScreen(_Private, _Period, KeyMapped, Screen[None]):
    """Attention per pupil over a week of one class, and the two signals with their rules."""

    KEYMAP = "attention"
    BODY = "#attention-body"

    def __init__(self, class_id: str, class_name: str, period: Period | None = None) -> None:
        super().__init__()
        self.class_id = class_id
        self.class_name = class_name
        self._start = period
        self.report: AttentionReport | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="attention-title", classes="reflect-title")
        yield Label(t("reflect.hidden"), classes="reflect-hidden")
        with VerticalScroll(id="attention-body"):
            yield Static("", id="attention-signals")
            yield DataTable(id="attention-pupils", zebra_stripes=True, cursor_type="row")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.period = self._start or week_of(today(self.app.store))
        self._reload()

    def _reload(self) -> None:
        period = self.period
        self.query_one("#attention-title", Label).update(
            t("reflect.attention_screen", klas=self.class_name, start=period.start.isoformat(), end=period.end.isoformat())
        )
        problems: list[str] = []
        reviews = period_reviews(self.app.store, period, self.class_id, problems)
        for problem in problems:  # a lesson that cannot be read is left out, and named
            self.notify(problem, severity="warning", timeout=10)
        report = self.report = period_attention(reviews)
        table = self.query_one("#attention-pupils", DataTable)
        _table(table, ATTENTION_HEAD, attention_rows(report) if reviews else [])
        signals = self.query_one("#attention-signals", Static)
        if not reviews:
            signals.update(t("reflect.attention_none"))
        else:
            text = Text(t("reflect.attention_title", lessons=report.lessons) + "\n", style="bold")
            text.append("\n".join(attention_lines(report)))
            signals.update(text)
        self.show_privacy()

    def action_export(self) -> None:
        if self.report is None:
            return
        from lesson_tui.export.render_reflect import attention_html, attention_markdown, html_page

        title = t("reflect.attention_screen", klas=self.class_name, start=self.period.start, end=self.period.end)
        stem = file_stem("aandacht", self.class_name, self.period.start.isoformat())
        self._write(
            stem,
            {
                "html": html_page(title, f"<h1>{title}</h1>" + attention_html(self.report)),
                "md": "\n".join([f"# {title}", "", *attention_markdown(self.report)]),
            },
        )

    def action_back(self) -> None:
        self.dismiss(None)


class KijkwijzerScreen(_Private, _Period, KeyMapped, Screen[None]):
    """The kijkwijzer: per item a score (1-5 typed), a note and "dit zal ik aanpakken"
    (enter), the focus (f), the evidence of the week's lessons and the week before."""

    KEYMAP = "kijkwijzer"
    BODY = "#kijk-body"

    def __init__(self, period: Period | None = None) -> None:
        super().__init__()
        self._start = period
        self.view: KijkwijzerView | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="kijk-title", classes="reflect-title")
        yield Label(t("reflect.hidden"), classes="reflect-hidden")
        with VerticalScroll(id="kijk-body"):
            yield Label("", id="kijk-focus")
            yield DataTable(id="kijk-items", zebra_stripes=True, cursor_type="row")
            yield Static("", id="kijk-detail")
            yield Label(t("kijkwijzer.note"), classes="section-title")
            yield Input("", placeholder=t("kijkwijzer.note"), id="kijk-note")
            yield Label(t("kijkwijzer.aanpak"), classes="section-title")
            yield Input("", placeholder=t("kijkwijzer.aanpak"), id="kijk-aanpak")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.period = self._start or week_of(today(self.app.store))
        table = self.query_one("#kijk-items", DataTable)
        for key in ("kijkwijzer.col_item", "kijkwijzer.col_score", "kijkwijzer.col_before"):
            table.add_column(t(key))
        self._reload()
        table.focus()

    # --- reading -------------------------------------------------------------------

    @property
    def reflections(self) -> Reflections:
        return Reflections(self.app.store.root, self.app.store.clock)

    def _reload(self) -> None:
        problems: list[str] = []
        view = self.view = kijkwijzer_for(self.app.store, self.period, None, problems)
        for problem in [*problems, *view.problems]:
            self.notify(problem, severity="warning", timeout=10)
        self.query_one("#kijk-title", Label).update(f"{kijkwijzer_title(view)} · {t('reflect.lessons', count=view.lessons)}")
        self.query_one("#kijk-focus", Label).update(focus_text(view))
        table = self.query_one("#kijk-items", DataTable)
        row = table.cursor_row
        table.clear()
        for item in view.items:
            star = " ★" if item.item == view.focus else ""
            score = "-" if item.score is None else str(item.score)
            before = "-" if item.score_before is None else str(item.score_before)
            table.add_row(plain(item_title(item.item) + star), plain(score), plain(before))
        table.move_cursor(row=min(row, len(view.items) - 1))
        self._show_item()
        self.show_privacy()

    @property
    def item(self) -> str:
        row = self.query_one("#kijk-items", DataTable).cursor_row
        return ITEMS[max(0, min(row, len(ITEMS) - 1))]

    def _show_item(self) -> None:
        if self.view is None:
            return
        item = next(i for i in self.view.items if i.item == self.item)
        text = Text(item_title(item.item) + "\n", style="bold")
        text.append(item_text(item.item) + "\n")
        text.append(t("kijkwijzer.score_hint") + "\n", style="italic")
        text.append("\n".join(f"• {line}" for line in evidence_lines(item)))
        self.query_one("#kijk-detail", Static).update(text)
        self.query_one("#kijk-note", Input).value = item.note
        self.query_one("#kijk-aanpak", Input).value = item.aanpak

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_item()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#kijk-note", Input).focus()

    # --- writing -------------------------------------------------------------------

    def _current(self):
        assert self.view is not None
        return next(i for i in self.view.items if i.item == self.item)

    def _save(self, score: int | None = None, *, keep_score: bool = True) -> None:
        current = self._current()
        note = self.query_one("#kijk-note", Input).value.strip()
        aanpak = self.query_one("#kijk-aanpak", Input).value.strip()
        value = current.score if keep_score else score
        if (value, note, aanpak) == (current.score, current.note, current.aanpak):
            return
        try:
            self.reflections.set_item(period_key(self.period), self.item, value, note, aanpak)
        except (ReflectionError, ValueError) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._reload()

    def on_key(self, event: events.Key) -> None:
        """A digit 1-5 on the items is the score ("Doe je dit al?"); 0 clears it."""
        if isinstance(self.focused, Input) or event.character not in tuple("012345"):
            return
        event.stop()
        number = int(event.character)
        self._save(number or None, keep_score=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()
        if event.input.id == "kijk-note":
            self.query_one("#kijk-aanpak", Input).focus()
        else:
            self.query_one("#kijk-items", DataTable).focus()

    def action_focus_item(self) -> None:
        if self.view is None:
            return
        chosen = None if self.view.focus == self.item else self.item
        try:
            self.reflections.set_focus(period_key(self.period), chosen)
        except ReflectionError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._reload()

    def action_export(self) -> None:
        if self.view is None:
            return
        stem = file_stem("kijkwijzer", self.period.start.isoformat())
        self._write(stem, {"html": render_kijkwijzer(self.view, "html"), "md": render_kijkwijzer(self.view, "md")})

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self._save()
            self.query_one("#kijk-items", DataTable).focus()
            return
        self.dismiss(None)
