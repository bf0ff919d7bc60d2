"""The look-back printed as a teacher prints it: the HTML opened in a browser (Debian's
chromium through playwright, as tests/screens/test_coteach_browser.py does) and printed to
PDF with the page's own size: A4 pages, one lesson a page, nothing cut at the right edge."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from builders import scripted_lesson

from lesson_tui.cli.main import main
from lesson_tui.review.kijkwijzer import period_key
from lesson_tui.review.period import Period
from lesson_tui.store.reflections import Reflections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

A4_POINTS = (595, 842)  # 210 x 297 mm


async def _print(html_path, pdf_path):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], timeout=60000)
        try:
            page = await browser.new_page()
            await page.goto(html_path.as_uri())
            overflow = await page.evaluate(
                "(() => { const w = document.documentElement.clientWidth;"
                " return [...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right > w + 1).length; })()"
            )
            await page.emulate_media(media="print")
            await page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=False)
        finally:
            await browser.close()
    data = pdf_path.read_bytes()
    boxes = [tuple(round(float(v)) for v in m.groups()) for m in re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)]
    return overflow, boxes


async def test_a_week_prints_on_a4_one_lesson_a_page(store, plan, clock, tmp_path):
    for _ in range(3):
        scripted_lesson(store, plan, clock)
        clock.advance(86400)
    html = tmp_path / "week.html"
    assert main(["--data-dir", str(store.root), "reflect", "--from", "2026-11-23", "--to", "2026-11-29",
                 "--format", "html", "--output", str(html)]) == 0
    overflow, boxes = await _print(html, tmp_path / "week.pdf")
    assert overflow == 0
    assert boxes and all(box == A4_POINTS for box in boxes)
    # the attention page, then each lesson on its own page (a long one may take two)
    print("week pages", len(boxes))
    assert 4 <= len(boxes) <= 7


async def test_the_kijkwijzer_prints_on_a4(store, plan, clock, tmp_path):
    scripted_lesson(store, plan, clock)
    week = Period(date(2026, 11, 23), date(2026, 11, 29))
    Reflections(store.root, clock).set_item(period_key(week), "edi_5", 4, "splitsing lukt", "zelfinschatting vaker")
    html = tmp_path / "kijkwijzer.html"
    assert main(["--data-dir", str(store.root), "reflect", "--kijkwijzer", "--from", "2026-11-23", "--to", "2026-11-29",
                 "--format", "html", "--output", str(html)]) == 0
    overflow, boxes = await _print(html, tmp_path / "kijkwijzer.pdf")
    assert overflow == 0 and boxes and all(box == A4_POINTS for box in boxes)
    print("kijkwijzer pages", len(boxes))
    assert 2 <= len(boxes) <= 5  # twelve items with room to write
