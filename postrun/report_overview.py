"""The session-wide parts of report.html: left and right per drill, and the one fault to work on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from postrun.report_csv import reps_of
from postrun.report_drills import DrillInfo
from postrun.report_format import DASH, SIDES, e, fault_name, mean_of, metric_values, rep_counts


def balance_section(windows: Sequence[Mapping[str, Any]], infos: Sequence[DrillInfo]) -> str:
    """Left and right side by side for each drill, over all its windows."""
    order: dict[str, tuple[DrillInfo, list[Mapping[str, Any]]]] = {}
    for window, info in zip(windows, infos, strict=True):
        order.setdefault(str(window.get("drill")), (info, []))[1].append(window)
    rows = []
    for info, group in order.values():
        measure = info.measure
        cells = []
        for side in SIDES:
            count = sum(rep_counts(w)[side] for w in group)
            values = [v for w in group for v in metric_values(reps_of(w), measure.metric, side)]
            mean = mean_of(values)
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


def top_tip(windows: Sequence[Mapping[str, Any]], infos: Sequence[DrillInfo]) -> str:
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
        f'<p class="tip">Most frequent fault: {e(fault_name(fault).lower())} '
        f"({count} rep{'s' if count != 1 else ''}){advice}.</p>"
    )
