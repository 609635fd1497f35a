"""The session report as a self-contained web page (report.html).

:func:`render_html` turns a schema-v1 report (see postrun/data/report.schema.json) into one HTML
page with inline CSS and inline SVG charts: no scripts, no external assets, so it opens offline
on a phone or a laptop. Every string taken from the report is escaped.

This module is the page's frame (head, header, sections, footer); the parts come from
report_overview (session-wide), report_cards (one per window, with report_chart's SVG) and
report_page (the stylesheet and the recovery reminders). postrun.report_files writes the page
beside report.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from postrun.atomic import write_text
from postrun.report_cards import window_card
from postrun.report_csv import windows_of
from postrun.report_drills import drill_info
from postrun.report_format import (
    DASH,
    SIDES,
    date_texts,
    e,
    num,
    rep_counts,
    threshold_settings,
    tracking_share,
)
from postrun.report_overview import balance_section, top_tip
from postrun.report_page import CSS, RECOVERY_REMINDERS


def render_html(report: Mapping[str, Any]) -> str:
    """The whole report page as one self-contained HTML string."""
    windows = windows_of(report)
    level = str(report.get("level") or "default")
    thresholds_file, overrides = threshold_settings(report)
    infos = [drill_info(str(w.get("drill", "")), level, overrides) for w in windows]
    complete = report.get("complete") is True
    machine_date, human_date = date_texts(report.get("created"))
    totals = {s: sum(rep_counts(w)[s] for w in windows) for s in SIDES}
    frames = pose_frames = 0
    for w in windows:
        tracking = w.get("tracking")
        if isinstance(tracking, Mapping):
            frames += int(num(tracking.get("frames")) or 0)
            pose_frames += int(num(tracking.get("pose_frames")) or 0)
    share, word = tracking_share(frames, pose_frames)
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
        top_tip(windows, infos),
    ]
    if not complete:
        head.append(
            '<p class="banner" role="note"><strong>This session ended early.</strong> '
            "It was stopped before the routine finished (quit, camera lost or an error); "
            "everything recorded up to that point is below.</p>"
        )
    head.append("</div></header>")
    body = ['<main class="wrap">', balance_section(windows, infos)]
    body.append(
        '<section aria-labelledby="windows-title"><h2 id="windows-title">Drill windows</h2>'
    )
    if windows:
        body.append('<div class="cards">')
        for position, (window, info) in enumerate(zip(windows, infos, strict=True)):
            body.append(
                window_card(window, position, info, by_drill.get(str(window.get("drill")), {}))
            )
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
    if thresholds_file is not None:
        facts.append(f"your thresholds: {e(thresholds_file)}")
    body.append(f'<footer class="wrap">{" · ".join(facts)}.</footer></body></html>')
    return "\n".join(head + body) + "\n"


def write_html(report: Mapping[str, Any], path: Path) -> None:
    write_text(Path(path), render_html(report))
