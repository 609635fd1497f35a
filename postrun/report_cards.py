"""One card per drill window in report.html: reps, the chart, the left/right table, form, tracking
and the rep-by-rep details."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from postrun.report_chart import chart_svg
from postrun.report_csv import reps_of
from postrun.report_drills import DrillInfo, Measure
from postrun.report_format import (
    DASH,
    SIDES,
    TIMES,
    clock,
    e,
    fault_name,
    mean_of,
    metric_values,
    num,
    rep_counts,
    tracking_share,
)


def on_target(values: Sequence[float], measure: Measure) -> str:
    if measure.target is None or not values:
        return DASH
    return f"{sum(measure.meets(v) for v in values)} of {len(values)}"


def side_table(
    window: Mapping[str, Any], measure: Measure, paired: Mapping[str, int], win_id: str
) -> str:
    counts = rep_counts(window)
    reps = reps_of(window)
    one_side = window.get("side") if window.get("side") in SIDES else None
    rows = []
    for side in SIDES:
        if one_side is not None and side != one_side:
            continue
        values = metric_values(reps, measure.metric, side)
        mean = mean_of(values)
        rows.append(
            f'<tr><th scope="row">{side.capitalize()}</th><td class="num">{counts[side]}</td>'
            f'<td class="num">{e(measure.fmt(mean)) if mean is not None else DASH}</td>'
            f'<td class="num">{on_target(values, measure)}</td></tr>'
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


def faults_html(window: Mapping[str, Any], info: DrillInfo, rep_total: int) -> str:
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
            f'<tr><td>{e(fault_name(k))}</td><td class="num">{v} of {rep_total}</td>'
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


def rep_details(window: Mapping[str, Any], measure: Measure) -> str:
    reps = reps_of(window)
    if not reps:
        return ""
    start = num(window.get("start_s")) or 0.0
    rows = []
    for number, rep in enumerate(reps, start=1):
        t = (num(rep.get("t_s")) or start) - start
        metrics = rep.get("metrics")
        value = (
            num(metrics.get(measure.metric))
            if isinstance(metrics, Mapping) and measure.metric
            else None
        )
        faults = rep.get("faults")
        names = ", ".join(fault_name(str(f)) for f in faults) if isinstance(faults, list) else ""
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


def window_card(
    window: Mapping[str, Any], position: int, info: DrillInfo, paired: Mapping[str, int]
) -> str:
    index = window.get("index")
    number = index if isinstance(index, int) and not isinstance(index, bool) else position
    win_id = f"window-{number}"
    counts = rep_counts(window)
    rep_total = counts["left"] + counts["right"]
    side = window.get("side")
    start = num(window.get("start_s")) or 0.0
    end = num(window.get("end_s")) or start
    who = f"{str(side).capitalize()} leg" if side in SIDES else "Legs alternate"
    parts = [
        f'<article class="card" id="{win_id}" aria-labelledby="{win_id}-title">',
        f'<h3 id="{win_id}-title">{number + 1}. {e(info.title)}</h3>',
        f'<p class="meta">{e(who)} · {clock(start)}{DASH}{clock(end)} ({end - start:.0f} s)</p>',
    ]
    if side in SIDES:
        parts.append(f'<p class="reps"><strong>{counts[str(side)]}</strong> reps</p>')
    else:
        parts.append(
            f'<p class="reps"><strong>{counts["left"]}</strong> left · '
            f"<strong>{counts['right']}</strong> right</p>"
        )
    measure = info.measure
    measured = sum(len(metric_values(reps_of(window), measure.metric, s)) for s in SIDES)
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
    parts.append(side_table(window, measure, paired, win_id))
    parts.append(faults_html(window, info, rep_total))
    tracking = window.get("tracking")
    frames = pose_frames = 0
    if isinstance(tracking, Mapping):
        frames = int(num(tracking.get("frames")) or 0)
        pose_frames = int(num(tracking.get("pose_frames")) or 0)
    share, word = tracking_share(frames, pose_frames)
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
    parts.append(rep_details(window, measure))
    parts.append("</article>")
    return "".join(parts)
