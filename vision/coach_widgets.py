"""Drawing primitives for the coach overlay: Hershey text that fits, shaded panels, a countdown
ring, a progress bar and a gauge. Everything draws in place on a BGR canvas; no state."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2

from postrun.vision.overlay import FIX, GOOD, WATCH, Color
from postrun.vision.types import ImageArray

SANS = cv2.FONT_HERSHEY_SIMPLEX
BOLD = cv2.FONT_HERSHEY_DUPLEX
WHITE: Color = (255, 255, 255)
BLACK: Color = (0, 0, 0)
GREY: Color = (170, 170, 170)

_DEGREE = "\u00b0"
_ASCII = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u00d7": "x", "\u2026": "..."}
)


@dataclass(frozen=True)
class Gauge:
    """The drill's key measure against its target, e.g. knee height 96 deg against 85 deg.

    The bar spans ``lo``..``hi`` (``hi`` defaults to 1.5 x the target) so it does not rescale as
    the value moves; the target is a tick; the fill is green once the target is met."""

    value: float | None
    target: float | None = None
    label: str = ""
    unit: str = ""
    higher_is_better: bool = True
    lo: float = 0.0
    hi: float | None = None

    def met(self) -> bool | None:
        if self.value is None or self.target is None or not math.isfinite(self.value):
            return None
        if self.higher_is_better:
            return self.value >= self.target
        return self.value <= self.target


def clean(text: str) -> str:
    """Text Hershey fonts can draw: common typography to ASCII; the degree sign is kept (drawn
    as a small ring), anything else non-ASCII becomes '?'."""
    text = text.translate(_ASCII)
    return "".join(c if c.isascii() or c == _DEGREE else "?" for c in text)


def thickness(scale: float, font: int) -> int:
    return max(1, round(scale * (2.2 if font == BOLD else 1.8)))


def text_size(text: str, scale: float, font: int = SANS) -> tuple[int, int]:
    """(width, cap height) in pixels, the degree sign included."""
    thick = thickness(scale, font)
    parts = clean(text).split(_DEGREE)
    width = sum(cv2.getTextSize(p, font, scale, thick)[0][0] for p in parts if p)
    height = cv2.getTextSize("0", font, scale, thick)[0][1]
    return width + (len(parts) - 1) * _degree_advance(height), height


def _degree_advance(cap: int) -> int:
    return max(3, round(cap * 0.45))


def put(
    canvas: ImageArray,
    text: str,
    org: tuple[int, int],
    scale: float,
    color: Color = WHITE,
    font: int = SANS,
    outline: bool = True,
) -> None:
    """Text at ``org`` (left end of the baseline), with a drop shadow so it reads on video."""
    thick = thickness(scale, font)
    cap = cv2.getTextSize("0", font, scale, thick)[0][1]
    x, y = org
    d = max(1, round(thick * 0.7))  # drop shadow: a thicker outline would change the advance
    parts = clean(text).split(_DEGREE)
    for k, part in enumerate(parts):
        if part:
            if outline:
                cv2.putText(canvas, part, (x + d, y + d), font, scale, BLACK, thick, cv2.LINE_AA)
            cv2.putText(canvas, part, (x, y), font, scale, color, thick, cv2.LINE_AA)
            x += cv2.getTextSize(part, font, scale, thick)[0][0]
        if k < len(parts) - 1:
            r = max(1, round(cap * 0.17))
            centre = (x + r + thick, y - cap + r + thick // 2)
            if outline:
                shadow = (centre[0] + d, centre[1] + d)
                cv2.circle(canvas, shadow, r, BLACK, thick, cv2.LINE_AA)
            cv2.circle(canvas, centre, r, color, thick, cv2.LINE_AA)
            x += _degree_advance(cap)


def fit_scale(text: str, max_width: float, scale: float, min_scale: float, font: int) -> float:
    """The largest scale <= ``scale`` at which ``text`` fits ``max_width`` (not below min)."""
    width = text_size(text, scale, font)[0]
    if width <= max_width or width == 0:
        return scale
    return max(min_scale, scale * max_width / width)


def wrap(text: str, max_width: float, scale: float, font: int = SANS) -> list[str]:
    """Greedy word wrap to ``max_width`` pixels; a word longer than a line stays whole."""
    lines: list[str] = []
    current = ""
    for word in clean(text).split():
        trial = f"{current} {word}".strip()
        if current and text_size(trial, scale, font)[0] > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def clip_rect(
    canvas: ImageArray, x0: float, y0: float, x1: float, y1: float
) -> tuple[int, int, int, int] | None:
    h, w = canvas.shape[:2]
    a, b = max(0, round(x0)), max(0, round(y0))
    c, d = min(w, round(x1)), min(h, round(y1))
    return (a, b, c, d) if c > a and d > b else None


def shade(
    canvas: ImageArray,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    alpha: float = 0.6,
    level: int = 20,
) -> None:
    """Darken a rectangle towards grey ``level`` (semi-transparent panel); cheap, ROI only."""
    rect = clip_rect(canvas, x0, y0, x1, y1)
    if rect is None:
        return
    a, b, c, d = rect
    roi = canvas[b:d, a:c]
    canvas[b:d, a:c] = cv2.convertScaleAbs(roi, alpha=1.0 - alpha, beta=alpha * level)


def box(canvas: ImageArray, x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
    rect = clip_rect(canvas, x0, y0, x1, y1)
    if rect is not None:
        cv2.rectangle(canvas, rect[:2], (rect[2] - 1, rect[3] - 1), color, -1)


def bar(
    canvas: ImageArray,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    fraction: float,
    color: Color,
) -> None:
    """A horizontal progress bar: a dark track filled to ``fraction`` (0..1) from the left."""
    box(canvas, x0, y0, x1, y1, (60, 60, 60))
    f = min(1.0, max(0.0, fraction)) if math.isfinite(fraction) else 0.0
    if f > 0:
        box(canvas, x0, y0, x0 + f * (x1 - x0), y1, color)


def ring(
    canvas: ImageArray,
    centre: tuple[int, int],
    radius: int,
    remaining: float,
    label: str,
) -> None:
    """A countdown ring: the arc still to go (``remaining`` 0..1) with ``label`` in the middle."""
    if radius < 4:
        return
    width = max(2, round(radius * 0.16))
    cv2.circle(canvas, centre, radius, (25, 25, 25), -1, cv2.LINE_AA)
    cv2.circle(canvas, centre, radius - width // 2, (70, 70, 70), width, cv2.LINE_AA)
    rem = min(1.0, max(0.0, remaining)) if math.isfinite(remaining) else 0.0
    color = GOOD if rem > 0.25 else WATCH
    if rem > 0:
        r = radius - width // 2
        cv2.ellipse(canvas, centre, (r, r), -90, 0, 360 * rem, color, width, cv2.LINE_AA)
    if label:
        scale = fit_scale(label, 1.3 * radius, radius / 27, 0.3, BOLD)
        tw, th = text_size(label, scale, BOLD)
        put(canvas, label, (centre[0] - tw // 2, centre[1] + th // 2), scale, WHITE, BOLD)


def draw_gauge(canvas: ImageArray, gauge: Gauge, x0: int, y0: int, width: int, u: float) -> int:
    """The gauge with its caption above; returns the height used (0 if nothing drawn)."""
    if width < 20:
        return 0
    scale = 0.62 * u
    text = f"{gauge.label}  {_fmt(gauge.value)}{gauge.unit}".strip()
    if gauge.target is not None:
        text += f" / {_fmt(gauge.target)}{gauge.unit}"
    scale = fit_scale(text, width, scale, 0.3, SANS)
    tw, th = text_size(text, scale, SANS)
    met = gauge.met()
    color = GOOD if met else (WATCH if met is False else GREY)
    put(canvas, text, (x0 + (width - tw) // 2, y0 + th), scale, WHITE)
    by0 = y0 + th + round(6 * u)
    by1 = by0 + max(4, round(12 * u))
    hi = gauge.hi
    if hi is None:
        hi = 1.5 * gauge.target if gauge.target is not None and gauge.target > gauge.lo else 1.0
    span = hi - gauge.lo if hi > gauge.lo else 1.0
    value = gauge.value if gauge.value is not None and math.isfinite(gauge.value) else gauge.lo
    box(canvas, x0 - 2, by0 - 2, x0 + width + 2, by1 + 2, BLACK)
    bar(canvas, x0, by0, x0 + width, by1, (value - gauge.lo) / span, color)
    if gauge.target is not None and math.isfinite(gauge.target):
        tx = x0 + round(width * min(1.0, max(0.0, (gauge.target - gauge.lo) / span)))
        tick = max(2, round(3 * u))
        box(canvas, tx - tick // 2 - 1, by0 - tick * 2, tx + tick // 2 + 1, by1 + tick * 2, BLACK)
        box(canvas, tx - tick // 2, by0 - tick * 2 + 1, tx + tick // 2, by1 + tick * 2 - 1, WHITE)
    return by1 + round(4 * u) - y0


def _fmt(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "--"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"


FORM_COLORS: dict[str, Color] = {"good": GOOD, "watch": WATCH, "fix": FIX}
