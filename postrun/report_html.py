"""The session report as a self-contained web page (report.html), and the session outputs.

:func:`render_html` turns a schema-v1 report (see postrun/data/report.schema.json) into one HTML
page with inline CSS and inline SVG charts: no scripts, no external assets, so it opens offline
on a phone or a laptop. Every string taken from the report is escaped.

:func:`write_session_outputs` writes report.html and reps.csv beside a session's report.json;
:func:`load_session_report` reads and checks a report.json (for ``postrun report``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from postrun.atomic import write_text
from postrun.report_csv import reps_of, windows_of
from postrun.report_page import CSS, RECOVERY_REMINDERS

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REPS_CSV = "reps.csv"
SIDES = ("left", "right")
UNITS = {"ankle_cross": "hip widths"}  # metrics that are not angles; angles end in _deg
OTHER_CUES = {"same_side_repeated": "Alternate legs"}
GOOD_TRACKING = 0.9
DASH = "\u2013"  # en dash
TIMES = "\u00d7"  # multiplication sign
FAIR_TRACKING = 0.7


class ReportError(Exception):
    """A report.json that cannot be read or used, or outputs that cannot be written; the message
    is one sentence that says what to do."""


def e(value: object) -> str:
    return escape(str(value), quote=True)


# --------------------------------------------------------------------------------------------
# What the page needs to know about a drill (from the registry; unknown drills still render)


@dataclass(frozen=True)
class Measure:
    """A drill's key measure (its gauge) and the target it is judged against."""

    metric: str | None
    label: str
    target: float | None
    at_least: bool  # True: the target is a minimum (">= target"), False: a maximum

    def unit(self) -> str:
        if self.metric is None:
            return ""
        return "°" if self.metric.endswith("_deg") else UNITS.get(self.metric, "")

    def fmt(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        unit = self.unit()
        if unit == "°":
            return f"{value:.0f}°"
        return f"{value:.2f}\u00a0{unit}".rstrip()

    def meets(self, value: float) -> bool:
        assert self.target is not None
        return value >= self.target if self.at_least else value <= self.target

    def target_text(self) -> str:
        if self.target is None:
            return "no target"
        return f"{'≥' if self.at_least else '≤'} {self.fmt(self.target)}"


@dataclass(frozen=True)
class DrillInfo:
    title: str
    measure: Measure
    cues: Mapping[str, str]  # fault id -> cue text
    priority: Mapping[str, int]  # fault id -> the drill's cue priority (lower first)


@lru_cache(maxsize=4)
def _thresholds(level: str) -> Mapping[str, Mapping[str, float]]:
    """The bundled thresholds at the report's level (a user's own file is not recorded)."""
    from postrun.routines.thresholds import LEVELS, load_thresholds

    try:
        return load_thresholds(next((lvl for lvl in LEVELS if lvl == level), "default")).drills
    except Exception:  # a broken thresholds file must not cost the runner their report
        return {}


def drill_info(drill: str, level: str) -> DrillInfo:
    from postrun.routines.drills import DRILLS

    spec = DRILLS.get(drill)
    if spec is None:
        return DrillInfo(drill, Measure(None, "key measure", None, True), dict(OTHER_CUES), {})
    target = _thresholds(level).get(drill, {}).get(spec.gauge.target_key)
    rule = next((f for f in spec.faults if f.threshold_key == spec.gauge.target_key), None)
    at_least = rule is None or rule.direction == "below"
    measure = Measure(spec.gauge.metric, spec.gauge.label, target, at_least)
    cues = {**OTHER_CUES, **{f.id: f.cue for f in spec.faults}}
    return DrillInfo(spec.title, measure, cues, {f.id: f.priority for f in spec.faults})


# --------------------------------------------------------------------------------------------
# Small helpers


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _fault_name(fault_id: str) -> str:
    return fault_id.replace("_", " ").capitalize()


def _date(created: Any) -> tuple[str, str]:
    """(machine-readable, human) forms of the report's ``created`` time."""
    if not isinstance(created, str) or not created:
        return "", "Date not recorded"
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return "", created
    return created, f"{when:%A} {when.day} {when:%B %Y}, {when:%H:%M}"


def _tracking(frames: int, pose_frames: int) -> tuple[float | None, str]:
    if frames <= 0:
        return None, "no frames"
    share = pose_frames / frames
    word = "good" if share >= GOOD_TRACKING else "fair" if share >= FAIR_TRACKING else "poor"
    return share, word


def _rep_counts(window: Mapping[str, Any]) -> dict[str, int]:
    reps = window.get("reps")
    counts = reps if isinstance(reps, Mapping) else {}
    return {s: int(counts.get(s, 0) or 0) for s in SIDES}


def _values(reps: Iterable[Mapping[str, Any]], metric: str | None, side: str) -> list[float]:
    if metric is None:
        return []
    out = []
    for rep in reps:
        metrics = rep.get("metrics")
        value = _num(metrics.get(metric)) if isinstance(metrics, Mapping) else None
        if rep.get("side") == side and value is not None:
            out.append(value)
    return out


# --------------------------------------------------------------------------------------------
# The chart: each rep's key measure over the window's time, against the target


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
    start = _num(window.get("start_s")) or 0.0
    end = _num(window.get("end_s")) or start
    reps = reps_of(window)
    points = []
    for rep in reps:
        t = _num(rep.get("t_s"))
        metrics = rep.get("metrics")
        value = _num(metrics.get(measure.metric)) if isinstance(metrics, Mapping) else None
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
    start = _num(window.get("start_s")) or 0.0
    lines = []
    for side in SIDES:
        mine = [
            (
                (_num(r.get("t_s")) or start) - start,
                _values([r], measure.metric, side),
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


# --------------------------------------------------------------------------------------------
# The page


def _on_target(values: Sequence[float], measure: Measure) -> str:
    if measure.target is None or not values:
        return DASH
    return f"{sum(measure.meets(v) for v in values)} of {len(values)}"


def _side_table(
    window: Mapping[str, Any], measure: Measure, paired: Mapping[str, int], win_id: str
) -> str:
    counts = _rep_counts(window)
    reps = reps_of(window)
    one_side = window.get("side") if window.get("side") in SIDES else None
    rows = []
    for side in SIDES:
        if one_side is not None and side != one_side:
            continue
        values = _values(reps, measure.metric, side)
        mean = _mean(values)
        rows.append(
            f'<tr><th scope="row">{side.capitalize()}</th><td class="num">{counts[side]}</td>'
            f'<td class="num">{e(measure.fmt(mean)) if mean is not None else DASH}</td>'
            f'<td class="num">{_on_target(values, measure)}</td></tr>'
        )
    note = ""
    if one_side is not None:
        other = "right" if one_side == "left" else "left"
        if other in paired:
            note = (
                f'<p class="note">{other.capitalize()} leg: see '
                f'<a href="#window-{paired[other]}">window {paired[other] + 1}</a>.</p>'
            )
        else:
            note = f'<p class="note">This window worked the {e(one_side)} leg only.</p>'
    caption = "Left and right" if one_side is None else f"{one_side.capitalize()} leg"
    return (
        f'<div class="scroll"><table aria-describedby="{win_id}-title">'
        f"<caption>{caption}</caption>"
        '<thead><tr><th scope="col">Side</th><th scope="col" class="num">Reps</th>'
        f'<th scope="col" class="num">Mean {e(measure.label)}</th>'
        '<th scope="col" class="num">On target</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def _faults_html(window: Mapping[str, Any], info: DrillInfo, rep_total: int) -> str:
    faults = window.get("faults")
    counts = {
        str(k): int(v)
        for k, v in (faults.items() if isinstance(faults, Mapping) else ())
        if isinstance(v, int) and not isinstance(v, bool) and v > 0
    }
    parts = ["<h4>Form</h4>"]
    if not counts:
        if rep_total:
            parts.append('<p class="good">No faults found: good form.</p>')
        else:
            parts.append('<p class="note">No reps, so no form checks.</p>')
    else:
        rows = "".join(
            f'<tr><td>{e(_fault_name(k))}</td><td class="num">{v} of {rep_total}</td>'
            f"<td>{e(info.cues.get(k, DASH))}</td></tr>"
            for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        parts.append(
            '<div class="scroll"><table><thead><tr><th scope="col">Fault</th>'
            '<th scope="col" class="num">Reps</th><th scope="col">Cue</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    cues = window.get("cues")
    shown: dict[str, int] = {}
    for cue in cues if isinstance(cues, list) else []:
        if isinstance(cue, Mapping) and isinstance(cue.get("text"), str):
            shown[cue["text"]] = shown.get(cue["text"], 0) + 1
    if shown:
        items = ", ".join(
            f"{e(text)}" + (f" ({TIMES}{n})" if n > 1 else "") for text, n in shown.items()
        )
        parts.append(f'<p class="note">Cues shown during the window: {items}.</p>')
    return "".join(parts)


def _rep_details(window: Mapping[str, Any], measure: Measure) -> str:
    reps = reps_of(window)
    if not reps:
        return ""
    start = _num(window.get("start_s")) or 0.0
    rows = []
    for number, rep in enumerate(reps, start=1):
        t = (_num(rep.get("t_s")) or start) - start
        metrics = rep.get("metrics")
        value = (
            _num(metrics.get(measure.metric))
            if isinstance(metrics, Mapping) and measure.metric
            else None
        )
        faults = rep.get("faults")
        names = ", ".join(_fault_name(str(f)) for f in faults) if isinstance(faults, list) else ""
        rows.append(
            f'<tr><td class="num">{number}</td><td class="num">{t:.1f} s</td>'
            f"<td>{e(str(rep.get('side', '')).capitalize())}</td>"
            f'<td class="num">{e(measure.fmt(value))}</td><td>{e(names) or DASH}</td></tr>'
        )
    return (
        "<details><summary>Rep by rep</summary>"
        '<div class="scroll"><table><thead><tr><th scope="col" class="num">Rep</th>'
        '<th scope="col" class="num">Time</th><th scope="col">Side</th>'
        f'<th scope="col" class="num">{e(measure.label.capitalize())}</th>'
        '<th scope="col">Faults</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def _card(
    window: Mapping[str, Any], position: int, info: DrillInfo, paired: Mapping[str, int]
) -> str:
    index = window.get("index")
    number = index if isinstance(index, int) and not isinstance(index, bool) else position
    win_id = f"window-{number}"
    counts = _rep_counts(window)
    rep_total = counts["left"] + counts["right"]
    side = window.get("side")
    start = _num(window.get("start_s")) or 0.0
    end = _num(window.get("end_s")) or start
    who = f"{str(side).capitalize()} leg" if side in SIDES else "Legs alternate"
    parts = [
        f'<article class="card" id="{win_id}" aria-labelledby="{win_id}-title">',
        f'<h3 id="{win_id}-title">{number + 1}. {e(info.title)}</h3>',
        f'<p class="meta">{e(who)} · {_clock(start)}{DASH}{_clock(end)} ({end - start:.0f} s)</p>',
    ]
    if side in SIDES:
        parts.append(f'<p class="reps"><strong>{counts[str(side)]}</strong> reps</p>')
    else:
        parts.append(
            f'<p class="reps"><strong>{counts["left"]}</strong> left · '
            f"<strong>{counts['right']}</strong> right</p>"
        )
    measure = info.measure
    measured = sum(len(_values(reps_of(window), measure.metric, s)) for s in SIDES)
    if rep_total == 0 and not reps_of(window):
        parts.append('<p class="note">No reps were recorded in this window.</p>')
    elif measured == 0:
        parts.append(
            f'<p class="note">The {e(measure.label)} of no rep could be measured '
            "(part of the body was out of view), so there is no chart.</p>"
        )
    else:
        title = f"{info.title}: {measure.label} per rep over time"
        parts.append("<figure>")
        parts.append(chart_svg(f"{win_id}-chart", window, measure, title))
        present = {str(r.get("side")) for r in reps_of(window)}
        keys = [(s, s.capitalize()) for s in SIDES if s in present]
        if measure.target is not None:
            keys.append(("band", f"Target {measure.target_text()} (shaded)"))
        spans = "".join(f'<span><span class="key {k}"></span>{e(t)}</span>' for k, t in keys)
        parts.append(f'<div class="legend" aria-hidden="true">{spans}</div>')
        missing = len(reps_of(window)) - measured
        caption = f"{measure.label.capitalize()} of each rep, target {measure.target_text()}."
        if missing:
            caption += f" {missing} rep{'s' if missing != 1 else ''} could not be measured."
        parts.append(f"<figcaption>{e(caption)}</figcaption></figure>")
    parts.append(_side_table(window, measure, paired, win_id))
    parts.append(_faults_html(window, info, rep_total))
    tracking = window.get("tracking")
    frames = pose_frames = 0
    if isinstance(tracking, Mapping):
        frames = int(_num(tracking.get("frames")) or 0)
        pose_frames = int(_num(tracking.get("pose_frames")) or 0)
    share, word = _tracking(frames, pose_frames)
    if share is None:
        parts.append('<p class="tracking note">Tracking: no frames recorded.</p>')
    else:
        hint = ""
        if word == "poor":
            hint = " The body was out of view for part of the window, so some reps may be missing."
        parts.append(
            f'<p class="tracking note{" poor" if word == "poor" else ""}">Tracking: body found in '
            f"{pose_frames} of {frames} frames ({share:.0%}, {word}).{hint}</p>"
        )
    parts.append(_rep_details(window, measure))
    parts.append("</article>")
    return "".join(parts)


def _balance(windows: Sequence[Mapping[str, Any]], infos: Sequence[DrillInfo]) -> str:
    """Left and right side by side for each drill, over all its windows."""
    order: dict[str, tuple[DrillInfo, list[Mapping[str, Any]]]] = {}
    for window, info in zip(windows, infos, strict=True):
        order.setdefault(str(window.get("drill")), (info, []))[1].append(window)
    rows = []
    for info, group in order.values():
        measure = info.measure
        cells = []
        for side in SIDES:
            count = sum(_rep_counts(w)[side] for w in group)
            values = [v for w in group for v in _values(reps_of(w), measure.metric, side)]
            mean = _mean(values)
            cells.append(
                f'<td class="num">{count}</td>'
                f'<td class="num">{e(measure.fmt(mean)) if mean is not None else DASH}</td>'
            )
        rows.append(
            f'<tr><th scope="row">{e(info.title)}<br><span class="note">{e(measure.label)}'
            f"</span></th>{''.join(cells)}</tr>"
        )
    if not rows:
        return ""
    return (
        '<section aria-labelledby="balance-title"><h2 id="balance-title">Left and right</h2>'
        '<div class="scroll"><table class="balance"><caption class="note">Reps and mean key '
        "measure per "
        "side, by drill</caption><thead>"
        '<tr><th scope="col" rowspan="2">Drill</th><th scope="colgroup" colspan="2">Left</th>'
        '<th scope="colgroup" colspan="2">Right</th></tr>'
        '<tr><th scope="col" class="num">Reps</th><th scope="col" class="num">Mean</th>'
        '<th scope="col" class="num">Reps</th><th scope="col" class="num">Mean</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _top_tip(windows: Sequence[Mapping[str, Any]], infos: Sequence[DrillInfo]) -> str:
    """The fault seen most often over the session, with its cue: the one thing to work on."""
    totals: dict[tuple[str, str], list[int]] = {}  # (fault, cue) -> [count, rank]
    for window, info in zip(windows, infos, strict=True):
        faults = window.get("faults")
        for fault, count in faults.items() if isinstance(faults, Mapping) else ():
            if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                key = (str(fault), info.cues.get(str(fault), ""))
                rank = info.priority.get(str(fault), 99)
                entry = totals.setdefault(key, [0, rank])
                entry[0] += count
                entry[1] = min(entry[1], rank)
    if not totals:
        return ""
    # the most reps; on a tie, the fault its drill cues first
    (fault, cue), (count, _) = max(totals.items(), key=lambda kv: (kv[1][0], -kv[1][1]))
    advice = f": next time, think <strong>{e(cue)}</strong>" if cue else ""
    return (
        f'<p class="tip">Most frequent fault: {e(_fault_name(fault).lower())} '
        f"({count} rep{'s' if count != 1 else ''}){advice}.</p>"
    )


def render_html(report: Mapping[str, Any]) -> str:
    """The whole report page as one self-contained HTML string."""
    windows = windows_of(report)
    level = str(report.get("level") or "default")
    infos = [drill_info(str(w.get("drill", "")), level) for w in windows]
    complete = report.get("complete") is True
    machine_date, human_date = _date(report.get("created"))
    totals = {s: sum(_rep_counts(w)[s] for w in windows) for s in SIDES}
    frames = pose_frames = 0
    for w in windows:
        tracking = w.get("tracking")
        if isinstance(tracking, Mapping):
            frames += int(_num(tracking.get("frames")) or 0)
            pose_frames += int(_num(tracking.get("pose_frames")) or 0)
    share, word = _tracking(frames, pose_frames)
    tracking_text = DASH if share is None else f"{share:.0%} <small>{word}</small>"

    # one-sided windows of the same drill point at each other (left leg <-> right leg)
    by_drill: dict[str, dict[str, int]] = {}
    for position, w in enumerate(windows):
        index = w.get("index")
        number = index if isinstance(index, int) and not isinstance(index, bool) else position
        if w.get("side") in SIDES:
            by_drill.setdefault(str(w.get("drill")), {}).setdefault(str(w.get("side")), number)

    status = (
        '<span class="badge ok">Complete</span>'
        if complete
        else '<span class="badge early">Ended early</span>'
    )
    date_html = (
        f'<time datetime="{e(machine_date)}">{e(human_date)}</time>'
        if machine_date
        else e(human_date)
    )
    head = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light">',
        f"<title>Post-run mobility report · {e(human_date)}</title>",
        f"<style>{CSS}</style></head><body>",
        '<header class="page-head"><div class="wrap">',
        f"<h1>Post-run mobility report {status}</h1>",
        f'<p class="date">{date_html}</p>',
        '<dl class="stats">',
        f"<div><dt>Total reps</dt><dd>{totals['left'] + totals['right']} "
        f"<small>{totals['left']} left · {totals['right']} right</small></dd></div>",
        f"<div><dt>Drill windows</dt><dd>{len(windows)}</dd></div>",
        f"<div><dt>Tracking quality</dt><dd>{tracking_text}</dd></div>",
        "</dl>",
        _top_tip(windows, infos),
    ]
    if not complete:
        head.append(
            '<p class="banner" role="note"><strong>This session ended early.</strong> '
            "It was stopped before the routine finished (quit, camera lost or an error); "
            "everything recorded up to that point is below.</p>"
        )
    head.append("</div></header>")
    body = ['<main class="wrap">', _balance(windows, infos)]
    body.append(
        '<section aria-labelledby="windows-title"><h2 id="windows-title">Drill windows</h2>'
    )
    if windows:
        body.append('<div class="cards">')
        for position, (window, info) in enumerate(zip(windows, infos, strict=True)):
            body.append(_card(window, position, info, by_drill.get(str(window.get("drill")), {})))
        body.append("</div>")
    else:
        body.append('<p class="note">No drill windows were recorded.</p>')
    body.append("</section>")
    body.append(
        '<section aria-labelledby="recovery-title"><h2 id="recovery-title">Recovery reminders'
        '</h2><ul class="reminders">'
        + "".join(f"<li><strong>{e(t)}</strong>{e(text)}</li>" for t, text in RECOVERY_REMINDERS)
        + "</ul></section></main>"
    )
    source = report.get("source")
    model = report.get("model")
    facts = [f"Made by {e(report.get('generator', 'postrun'))}"]
    if isinstance(source, Mapping):
        kind = source.get("kind", "")
        path = source.get("path")
        facts.append(f"source: {e(kind)}" + (f" {e(path)}" if path else ""))
    if isinstance(model, Mapping) and model.get("name"):
        facts.append(f"pose model: {e(model.get('name'))}")
    facts.append(f"threshold level: {e(level)}")
    body.append(f'<footer class="wrap">{" · ".join(facts)}.</footer></body></html>')
    return "\n".join(head + body) + "\n"


def write_html(report: Mapping[str, Any], path: Path) -> None:
    write_text(Path(path), render_html(report))


# --------------------------------------------------------------------------------------------
# Session outputs


def write_session_outputs(report: Mapping[str, Any], folder: Path) -> list[Path]:
    """Write report.html and reps.csv into ``folder`` (atomically); return their paths.

    Call after report.json is written. Raises :class:`ReportError` when they cannot be written.
    """
    from postrun.report_csv import write_reps_csv

    folder = Path(folder)
    html_path, csv_path = folder / REPORT_HTML, folder / REPS_CSV
    for path, write in ((html_path, write_html), (csv_path, write_reps_csv)):
        try:
            write(report, path)
        except OSError as err:
            reason = err.strerror or str(err)
            raise ReportError(
                f"Cannot write {path} ({reason}): make the folder writable or copy it elsewhere."
            ) from err
    return [html_path, csv_path]


REQUIRED = ("schema_version", "generator", "complete", "source", "model", "windows")
WINDOW_REQUIRED = (
    "index",
    "drill",
    "side",
    "start_s",
    "end_s",
    "reps",
    "rep_events",
    "faults",
    "cues",
    "tracking",
)


def _schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("postrun.data").joinpath("report.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def check_report(report: Any, where: str) -> None:
    """Raise :class:`ReportError` unless ``report`` is a usable schema-v1 report."""
    if not isinstance(report, dict):
        raise ReportError(f"{where} is not a postrun report (expected a JSON object).")
    version = report.get("schema_version")
    if version != 1:
        raise ReportError(
            f"{where} has schema version {version!r}; this postrun reads version 1 only."
        )
    try:
        import jsonschema
    except ImportError:
        missing = [k for k in REQUIRED if k not in report]
        if missing:
            raise ReportError(f"{where} lacks the field '{missing[0]}'.") from None
        if not isinstance(report["windows"], list):
            raise ReportError(f"{where}: 'windows' must be a list.") from None
        for number, window in enumerate(report["windows"]):
            if not isinstance(window, dict):
                raise ReportError(f"{where}: window {number} is not an object.") from None
            gaps = [k for k in WINDOW_REQUIRED if k not in window]
            if gaps:
                raise ReportError(f"{where}: window {number} lacks '{gaps[0]}'.") from None
        return
    schema = _schema()
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(report)
    )
    if error is not None:
        at = "/".join(str(p) for p in error.absolute_path) or "the top level"
        message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
        raise ReportError(f"{where} does not match the report schema at {at}: {message}.")


def load_session_report(folder: Path) -> dict[str, Any]:
    """Read and check ``folder/report.json``; raise :class:`ReportError` with one sentence."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"No session folder at {folder}.")
    path = folder / REPORT_JSON
    if not path.is_file():
        raise ReportError(f"No {REPORT_JSON} in {folder}: give a session folder postrun wrote.")
    try:
        report: Any = json.loads(path.read_text("utf-8"))
    except OSError as err:
        raise ReportError(f"Cannot read {path} ({err.strerror}).") from err
    except UnicodeDecodeError as err:
        raise ReportError(f"{path} is not UTF-8 text.") from err
    except json.JSONDecodeError as err:
        raise ReportError(
            f"{path} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
        ) from err
    check_report(report, str(path))
    assert isinstance(report, dict)
    return report
