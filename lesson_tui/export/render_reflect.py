"""The look-back in Markdown and as an A4 page to print (HTML with print CSS): the lesson
as it went, a period's lessons, the attention per pupil and the kijkwijzer. Everything is
read from the review's data (lesson_tui/review); this module only lays it out."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from lesson_tui.base.i18n import decimal, language, t
from lesson_tui.export.render_md import md_text
from lesson_tui.review.attention import ATTENTION_GAP, MIN_LESSONS, AttentionReport, period_attention
from lesson_tui.review.kijkwijzer import ItemView, KijkwijzerView, item_text, item_title
from lesson_tui.review.lesson import LessonReview
from lesson_tui.review.names import review_names
from lesson_tui.rules.cfu import THINK_SECONDS
from lesson_tui.rules.sporen import STREAK_WARNING

PRINT_STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #000; background: #fff; }
h1 { font-size: 16pt; margin: 0 0 3pt; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; }
.meta { margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { border: 0.75pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.over { font-weight: bold; }
.lesson { break-after: page; }
.lesson:last-child { break-after: auto; }
.attention { break-after: page; }
section, table, tr { break-inside: avoid; }
.note { white-space: pre-wrap; }
@media print { a { color: #000; text-decoration: none; } }
"""


def minutes(seconds: int) -> str:
    """Seconds as a teacher reads a timer: '5:00', '12:30'."""
    sign = "-" if seconds < 0 else ""
    whole = abs(int(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def phase_rows(review: LessonReview) -> list[list[str]]:
    rows = []
    for p in review.phases:
        planned = minutes(p.planned_s) + (f" (+{minutes(p.adjusted_s)})" if p.adjusted_s > 0 else "")
        if p.adjusted_s < 0:
            planned = minutes(p.planned_s) + f" ({minutes(p.adjusted_s)})"
        actual = minutes(p.actual_s) if p.done else t("reflect.skipped")
        over = f"+{minutes(p.overtime_s)}" if p.overtime_s else ""
        rows.append([t(f"phase.{p.soort}"), planned, actual, over])
    return rows


def round_rows(review: LessonReview, short: bool = False) -> list[list[str]]:
    """One row per check round; `short` (a screen of 80 columns) names the phase briefly."""
    rows = []
    for r in review.rounds:
        think = "-" if r.think_s is None else f"{round(r.think_s)} s" + (" !" if r.think_short else "")
        level = t(f"level.{r.niveau}") if r.niveau else "-"
        if r.kind != "cfu":
            level = t(f"reflect.kind_{r.kind}")
        phase = (t(f"phase_short.{r.soort}") if short else t(f"phase.{r.soort}")) if r.soort else "-"
        rows.append(
            [phase, level, r.vraag, f"{r.covered}/{r.present}", f"{r.counts.get('fout', 0)}/{r.counts.get('half', 0)}", think]
        )
    return rows


def split_lines(review: LessonReview) -> list[str]:
    split = review.split
    if split is None:
        return [t("reflect.no_split")]
    names = review_names(review.pupils)
    lines = [
        t("reflect.split_sizes", one=split.sizes[1], two=split.sizes[2], three=split.sizes[3]),
        t("reflect.changes", count=len(split.changes))
        + (
            ": " + ", ".join(
                t("reflect.change", name=names[c.pupil_id], suggested=c.suggested or "-", spoor=c.spoor)
                for c in split.changes
            )
            if split.changes
            else ""
        ),
        t("reflect.miniklas_size", size=len(split.miniklas), max=split.miniklas_max)
        + (" " + t("reflect.too_big") if split.too_big else ""),
        t("reflect.miniklas_ran", time=minutes(split.miniklas_s)),
    ]
    if split.voluntary:
        lines.append(t("reflect.voluntary", names=", ".join(names[pid] for pid in split.voluntary)))
    for item in split.leavings:
        key = "reflect.came_back" if item.back else "reflect.left"
        lines.append(t(key, name=names[item.pupil_id], time=item.at.strftime("%H:%M")))
    if split.miniklas:
        still = ", ".join(names[pid] for pid in split.still_in) or "-"
        lines.append(t("reflect.still_in", names=still))
    return lines


def pick_lines(review: LessonReview) -> list[str]:
    names = review_names(review.pupils)
    picks = review.picks
    if not picks.total:
        return [t("reflect.no_picks")]
    asked = ", ".join(f"{names[pid]}" + (f" ({n}x)" if n > 1 else "") for pid, n in picks.asked.items())
    lines = [t("reflect.picks", count=picks.total, asked=asked)]
    if picks.whole_class:
        lines.append(t("reflect.whole_class"))
    else:
        lines.append(t("reflect.not_asked", count=len(picks.not_asked), names=", ".join(names[p] for p in picks.not_asked)))
    return lines


def closing_lines(review: LessonReview) -> list[str]:
    names = review_names(review.pupils)
    lines = []
    if review.helped:
        lines.append(t("reflect.helped", names=", ".join(f"{names[pid]} {at.strftime('%H:%M')}" for pid, at in review.helped)))
    if review.has_exit_ticket:
        scores = review.exit_ticket
        full = sum(1 for s in scores.values() if s.right == s.total)
        lines.append(t("reflect.exit", full=full, count=len(scores)))
        low = [f"{names[pid]} {decimal(s.right)}/{s.total}" for pid, s in scores.items() if s.right < s.total]
        if low:
            lines.append(t("reflect.exit_not_full", names=", ".join(low)))
    else:
        lines.append(t("reflect.no_exit"))
    return lines


def lesson_title(review: LessonReview) -> str:
    return f"{review.titel} · {review.class_name} · {review.started_at.strftime('%Y-%m-%d %H:%M')}"


PHASE_HEAD = ("reflect.col_phase", "reflect.col_planned", "reflect.col_actual", "reflect.col_over")
ROUND_HEAD = (
    "reflect.col_phase", "reflect.col_level", "reflect.col_question", "reflect.col_covered", "reflect.col_wrong",
    "reflect.col_think",
)


# --- Markdown -------------------------------------------------------------------------


def _md_table(head: Sequence[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md_text(t(h)) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in rows]
    return lines


def lesson_markdown(review: LessonReview, level: int = 1) -> list[str]:
    h = "#" * level
    lines = [f"{h} {md_text(lesson_title(review))}", "", f"**{md_text(t('ui.lesdoel'))}:** {md_text(review.lesdoel)}", ""]
    lines += [f"{h}# {md_text(t('reflect.phases_title'))}", "", *_md_table(PHASE_HEAD, phase_rows(review))]
    lines += ["", md_text(t("reflect.overtime_total", time=minutes(review.overtime_s))), ""]
    lines += [f"{h}# {md_text(t('reflect.rounds_title'))}", ""]
    if review.rounds:
        lines += _md_table(ROUND_HEAD, round_rows(review))
        lines += ["", md_text(t("reflect.think_note", seconds=THINK_SECONDS))]
    else:
        lines.append(md_text(t("reflect.no_rounds")))
    lines += ["", f"{h}# {md_text(t('reflect.split_title'))}", ""] + [f"- {md_text(x)}" for x in split_lines(review)]
    lines += ["", f"{h}# {md_text(t('reflect.picks_title'))}", ""] + [f"- {md_text(x)}" for x in pick_lines(review)]
    lines += ["", f"{h}# {md_text(t('reflect.closing_title'))}", ""] + [f"- {md_text(x)}" for x in closing_lines(review)]
    for key, text in review.notes.items():
        lines.append(f"- **{md_text(t(f'closing.{key}'))}** {md_text(text)}")
    return [*lines, ""]


ATTENTION_HEAD = (
    "reflect.col_pupil", "reflect.col_lessons", "reflect.col_asked", "reflect.col_checked", "reflect.col_helped",
    "reflect.col_miniklas", "reflect.col_invited",
)


def attention_rows(report: AttentionReport) -> list[list[str]]:
    return [
        [
            report.names[pid], str(p.lessons), str(p.asked), str(p.checked), str(p.helped),
            f"{p.miniklas_s // 60}" + (f" ({p.in_miniklas}/{p.split_lessons})" if p.split_lessons else ""),
            str(p.invited),
        ]
        for pid, p in report.pupils.items()
    ]


def attention_lines(report: AttentionReport) -> list[str]:
    """The two signals, and the rules they follow, in the teacher's words."""
    names = report.names
    less = ", ".join(names[pid] for pid in report.less) or t("reflect.nobody")
    always = ", ".join(
        f"{names[pid]} ({', '.join(report.pupils[pid].vakken)})" for pid in report.always_miniklas
    ) or t("reflect.nobody")
    return [
        t("reflect.less_than_class", names=less),
        t("reflect.less_rule", lessons=MIN_LESSONS, gap=ATTENTION_GAP),
        t("reflect.always_miniklas", names=always),
        t("reflect.always_rule", count=STREAK_WARNING),
    ]


def attention_markdown(report: AttentionReport, level: int = 2) -> list[str]:
    h = "#" * level
    lines = [f"{h} {md_text(t('reflect.attention_title', lessons=report.lessons))}", ""]
    lines += [*_md_table(ATTENTION_HEAD, attention_rows(report)), ""]
    return lines + [f"- {md_text(x)}" for x in attention_lines(report)] + [""]


def attention_html(report: AttentionReport, level: int = 2) -> str:
    return (
        f'<section class="attention"><h{level}>{escape(t("reflect.attention_title", lessons=report.lessons))}</h{level}>'
        + _html_table(ATTENTION_HEAD, attention_rows(report), numeric=(1, 2, 3, 4, 5, 6))
        + _html_list(attention_lines(report))
        + "</section>"
    )


def render_lessons_md(reviews: Sequence[LessonReview], title: str | None = None) -> str:
    lines: list[str] = []
    if title:
        lines += [f"# {md_text(title)}", ""]
        lines += attention_markdown(period_attention(reviews))
    for review in reviews:
        lines += lesson_markdown(review, 2 if title else 1)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML (A4) -------------------------------------------------------------------------


def _html_table(head: Sequence[str], rows: list[list[str]], numeric: Sequence[int] = ()) -> str:
    cells = "".join(f'<th{" class=n" if i in numeric else ""}>{escape(t(h))}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{escape(c)}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _html_list(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def lesson_html(review: LessonReview, level: int = 1) -> str:
    h1, h2 = f"h{level}", f"h{level + 1}"
    parts = [
        '<section class="lesson">',
        f"<{h1}>{escape(lesson_title(review))}</{h1}>",
        f'<p class="meta"><strong>{escape(t("ui.lesdoel"))}:</strong> {escape(review.lesdoel)}</p>',
        f"<{h2}>{escape(t('reflect.phases_title'))}</{h2}>",
        _html_table(PHASE_HEAD, phase_rows(review), numeric=(1, 2, 3)),
        f"<p>{escape(t('reflect.overtime_total', time=minutes(review.overtime_s)))}</p>",
        f"<{h2}>{escape(t('reflect.rounds_title'))}</{h2}>",
    ]
    if review.rounds:
        parts.append(_html_table(ROUND_HEAD, round_rows(review), numeric=(3, 4, 5)))
        parts.append(f"<p>{escape(t('reflect.think_note', seconds=THINK_SECONDS))}</p>")
    else:
        parts.append(f"<p>{escape(t('reflect.no_rounds'))}</p>")
    parts += [f"<{h2}>{escape(t('reflect.split_title'))}</{h2}>", _html_list(split_lines(review))]
    parts += [f"<{h2}>{escape(t('reflect.picks_title'))}</{h2}>", _html_list(pick_lines(review))]
    parts += [f"<{h2}>{escape(t('reflect.closing_title'))}</{h2}>", _html_list(closing_lines(review))]
    if review.notes:
        parts.append(
            "<dl>"
            + "".join(
                f"<dt><strong>{escape(t(f'closing.{key}'))}</strong></dt><dd class=note>{escape(text)}</dd>"
                for key, text in review.notes.items()
            )
            + "</dl>"
        )
    parts.append("</section>")
    return "".join(parts)


def html_page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{PRINT_STYLE}</style></head><body>{body}</body></html>\n"
    )


def render_lessons_html(reviews: Sequence[LessonReview], title: str | None = None) -> str:
    if not reviews:
        return html_page(title or "", f"<h1>{escape(title or '')}</h1>")
    head = f"<h1>{escape(title)}</h1>" + attention_html(period_attention(reviews)) if title else ""
    body = head + "".join(lesson_html(review, 2 if title else 1) for review in reviews)
    return html_page(title or lesson_title(reviews[0]), body)


# --- the kijkwijzer --------------------------------------------------------------------


def _score_text(score: int | None) -> str:
    return "-" if score is None else str(score)


def kijkwijzer_title(view: KijkwijzerView) -> str:
    return f"{t('kijkwijzer.title')} · {view.period.start.isoformat()} – {view.period.end.isoformat()}"


def evidence_lines(item: ItemView) -> list[str]:
    if not item.evidence:
        return [t("kijkwijzer.no_evidence")]
    before = {e.key: e for e in item.before}
    lines = []
    for found in item.evidence:
        old = before.get(found.key)
        lines.append(found.text + (f" ({t('kijkwijzer.before')}: {old.text})" if old is not None else ""))
    return lines


def focus_text(view: KijkwijzerView) -> str:
    chosen = item_title(view.focus) if view.focus else t("kijkwijzer.no_focus")
    return f"{t('kijkwijzer.focus')}: {chosen}"


def kijkwijzer_markdown(view: KijkwijzerView) -> str:
    lines = [f"# {md_text(kijkwijzer_title(view))}", "", f"**{md_text(focus_text(view))}**", "",
             md_text(f"{t('kijkwijzer.score_question')} {t('kijkwijzer.score_scale')}"), ""]
    for item in view.items:
        mark = " ★" if item.item == view.focus else ""
        lines += [f"## {md_text(item_title(item.item))}{mark}", "", md_text(item_text(item.item)), ""]
        score = f"{t('kijkwijzer.score_question')} **{_score_text(item.score)}**"
        if item.score_before is not None:
            score += f" ({md_text(t('kijkwijzer.before'))}: {item.score_before})"
        lines += [score, ""] + [f"- {md_text(x)}" for x in evidence_lines(item)] + [""]
        if item.note:
            lines += [f"**{md_text(t('kijkwijzer.note'))}:** {md_text(item.note)}", ""]
        if item.aanpak:
            lines += [f"**{md_text(t('kijkwijzer.aanpak'))}:** {md_text(item.aanpak)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


KIJK_STYLE = """
.item { border: 0.75pt solid #000; padding: 4pt 6pt; margin: 0 0 6pt; break-inside: avoid; }
.item h2 { margin: 0 0 2pt; font-size: 11.5pt; }
.item .uitleg { font-size: 9.5pt; margin: 0 0 3pt; }
.item .score { font-weight: bold; }
.item.focus { border-width: 2pt; }
.item ul { margin: 2pt 0; }
.write { border-bottom: 0.5pt dotted #000; min-height: 14pt; }
"""


def kijkwijzer_html(view: KijkwijzerView) -> str:
    parts = [f"<h1>{escape(kijkwijzer_title(view))}</h1>", f'<p class="meta"><strong>{escape(focus_text(view))}</strong> · '
             f"{escape(t('kijkwijzer.score_question'))} {escape(t('kijkwijzer.score_scale'))}</p>"]
    for item in view.items:
        focus = " focus" if item.item == view.focus else ""
        # no score yet: the five to circle with a pen
        shown = _score_text(item.score) if item.score is not None else "  ".join(f"○ {n}" for n in range(1, 6))
        score = f"{t('kijkwijzer.score_question')} {shown}"
        if item.score_before is not None:
            score += f" ({t('kijkwijzer.before')}: {item.score_before})"
        parts.append(
            f'<section class="item{focus}"><h2>{escape(item_title(item.item))}</h2>'
            f'<p class="uitleg">{escape(item_text(item.item))}</p><p class="score">{escape(score)}</p>'
            + _html_list(evidence_lines(item))
            + f"<p><strong>{escape(t('kijkwijzer.note'))}:</strong></p><p class='write note'>{escape(item.note)}</p>"
            + f"<p><strong>{escape(t('kijkwijzer.aanpak'))}:</strong></p><p class='write note'>{escape(item.aanpak)}</p>"
            + "</section>"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8"><title>{escape(kijkwijzer_title(view))}</title>'
        f"<style>{PRINT_STYLE}{KIJK_STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    )
