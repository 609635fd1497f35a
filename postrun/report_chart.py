"""The inline SVG chart of a window's card: each rep's key measure over the window's time,
against the target, and the same in words for screen readers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from postrun.report_csv import reps_of
from postrun.report_drills import Measure
from postrun.report_format import SIDES, e, metric_values, num


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = hi - lo
    raw = span / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _tick_label(value: float, unit: str) -> str:
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-6 else f"{value:.2f}".rstrip("0")
    return f"{text}°" if unit == "°" else text


def chart_svg(
    chart_id: str,
    window: Mapping[str, Any],
    measure: Measure,
    title: str,
) -> str:
    """An inline SVG of each rep's key measure over time, with the target line and band."""
    width, height = 440, 220
    left_m, right_m, top_m, bottom_m = 50, 20, 12, 40
    plot_w, plot_h = width - left_m - right_m, height - top_m - bottom_m
    start = num(window.get("start_s")) or 0.0
    end = num(window.get("end_s")) or start
    reps = reps_of(window)
    points = []
    for rep in reps:
        t = num(rep.get("t_s"))
        metrics = rep.get("metrics")
        value = num(metrics.get(measure.metric)) if isinstance(metrics, Mapping) else None
        if t is not None and value is not None and measure.metric is not None:
            points.append((t - start, value, str(rep.get("side"))))
    duration = max([end - start, *(p[0] for p in points), 1.0])
    values = [p[1] for p in points]
    if measure.target is not None:
        values.append(measure.target)
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((hi - lo) * 0.15, abs(hi) * 0.05, 1.0 if measure.unit() == "°" else 0.05)
    lo, hi = lo - pad, hi + pad
    if measure.unit() == "°":
        lo = max(lo, min(0.0, *values) if values else 0.0)

    def x(t: float) -> float:
        return left_m + plot_w * min(max(t / duration, 0.0), 1.0)

    def y(v: float) -> float:
        return top_m + plot_h * (1.0 - (v - lo) / (hi - lo))

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<desc id="{chart_id}-desc">{e(chart_description(window, measure))}</desc>',
    ]
    bottom, top = top_m + plot_h, top_m
    if measure.target is not None:
        ty = y(measure.target)
        band_top, band_bottom = (top, ty) if measure.at_least else (ty, bottom)
        parts.append(
            f'<rect class="band" x="{left_m}" y="{band_top:.1f}" width="{plot_w}" '
            f'height="{max(0.0, band_bottom - band_top):.1f}"/>'
        )
    for tick in _ticks(lo, hi):
        ty = y(tick)
        parts.append(
            f'<line class="grid" x1="{left_m}" x2="{left_m + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text x="{left_m - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{e(_tick_label(tick, measure.unit()))}</text>"
        )
    for tick in _ticks(0.0, duration, 5):
        tx = x(tick)
        parts.append(
            f'<line class="axis" x1="{tx:.1f}" x2="{tx:.1f}" y1="{bottom}" y2="{bottom + 4}"/>'
        )
        parts.append(
            f'<text x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle">'
            f"{_tick_label(tick, '')} s</text>"
        )
    parts.append(
        f'<line class="axis" x1="{left_m}" x2="{left_m + plot_w}" y1="{bottom}" y2="{bottom}"/>'
    )
    parts.append(f'<line class="axis" x1="{left_m}" x2="{left_m}" y1="{top}" y2="{bottom}"/>')
    parts.append(
        f'<text x="{left_m + plot_w / 2:.1f}" y="{height - 3}" text-anchor="middle">'
        "time in the window</text>"
    )
    if measure.target is not None:
        ty = y(measure.target)
        parts.append(
            f'<line class="target" x1="{left_m}" x2="{left_m + plot_w}" '
            f'y1="{ty:.1f}" y2="{ty:.1f}"/>'
        )
    for side in SIDES:
        mine = sorted((p for p in points if p[2] == side), key=lambda p: p[0])
        if len(mine) > 1:
            line = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v, _ in mine)
            parts.append(f'<polyline class="trend-{side}" points="{line}"/>')
        for t, v, _ in mine:
            px, py = x(t), y(v)
            if side == "left":
                parts.append(f'<circle class="left" cx="{px:.1f}" cy="{py:.1f}" r="5"/>')
            else:
                parts.append(
                    f'<rect class="right" x="{px - 4.5:.1f}" y="{py - 4.5:.1f}" '
                    'width="9" height="9"/>'
                )
    parts.append("</svg>")
    return "".join(parts)


def chart_description(window: Mapping[str, Any], measure: Measure) -> str:
    """The chart in words: what a screen reader says instead of the picture."""
    reps = reps_of(window)
    start = num(window.get("start_s")) or 0.0
    lines = []
    for side in SIDES:
        mine = [
            (
                (num(r.get("t_s")) or start) - start,
                metric_values([r], measure.metric, side),
            )
            for r in reps
            if r.get("side") == side
        ]
        if not mine:
            continue
        items = ", ".join(f"{measure.fmt(v[0] if v else None)} at {t:.1f} s" for t, v in mine)
        lines.append(f"{side.capitalize()} leg: {items}.")
    target = "" if measure.target is None else f" Target {measure.target_text()}."
    if not lines:
        return f"No reps were recorded in this window.{target}"
    return f"{measure.label.capitalize()} per rep. " + " ".join(lines) + target
