"""The contrast of two colours as WCAG 2 defines it (relative luminance of sRGB).

    L = 0.2126 R + 0.7152 G + 0.0722 B   of the linearised channels
    ratio = (L_lighter + 0.05) / (L_darker + 0.05)        from 1:1 to 21:1

WCAG AA asks 4.5:1 for body text, AAA 7:1, and 3:1 for what is not text (a border, a
symbol's frame). `session/boardstyle.py` says which the board asks of each theme.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_hex(colour: str) -> tuple[int, int, int]:
    """'#D55E00' -> (213, 94, 0); ValueError for anything else."""
    found = _HEX.match(colour.strip())
    if found is None:
        raise ValueError(f"not a colour as #rrggbb: {colour!r}")
    value = found.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str | tuple[int, int, int], second: str | tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours (either order), 1.0 to 21.0."""
    a = relative_luminance(parse_hex(first) if isinstance(first, str) else first)
    b = relative_luminance(parse_hex(second) if isinstance(second, str) else second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
