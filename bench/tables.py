"""The accuracy tables and issue 4's floors, printed alike by the synthetic-stream and the
rendered-clip benchmarks."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.scoring import METRICS, FaultTally, Tally, match
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.metrics import Side
from postrun.synth.motion import RepTruth

VIEW_YAW_DEG = {"front": 0.0, "diagonal": 45.0, "side": 90.0}  # the views' nominal yaw
# Issue 4's floors.
EXACT_FLOOR, WORST_FLOOR, FAULT_FLOOR = 0.95, 1, 0.9
MAE_FLOOR = {
    "hip_flexion_deg": 5.0,
    "knee_flexion_deg": 6.0,
    "ankle_dorsiflexion_deg": 8.0,
    "swing_range_deg": 6.0,
    "trunk_lean_deg": 4.0,
}


def window_sides(drill: str) -> tuple[Side | None, ...]:
    """The sides a window of ``drill`` can be asked for: a one-leg drill (the swings) always
    names its leg in a session, so a distractor is run through it once per leg."""
    return (None,) if SPECS[drill].alternating else ("left", "right")


def shows_plane(drill: str, view: str) -> bool:
    """Whether ``view`` shows the drill's plane; from other views the runner is told to turn
    and nothing should be counted, so those windows are scored apart (``Results.off_view``)."""
    lo, hi = SPECS[drill].yaw_range_deg
    return lo <= nominal_yaw(view) <= hi


def nominal_yaw(view: str) -> float:
    """The view's yaw from facing the camera; unsigned, so ``side_right`` (side-on from the
    person's right) is side-on too."""
    return VIEW_YAW_DEG[view.removesuffix("_right")]


@dataclass
class Results:
    counts: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    faults: dict[str, FaultTally] = field(default_factory=lambda: defaultdict(FaultTally))
    clean_alarms: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    distractor_reps: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    off_view: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    off_view_reps: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    def add_window(self, drill: str, view: str, events: Sequence[RepEvent],
                   truth: Sequence[RepTruth], judged: set[str], clean: bool) -> None:  # fmt: skip
        """One window of ``drill`` filmed from ``view``: its counts, metrics and faults (only
        those of ``judged`` that the drill judges from this view)."""
        if not shows_plane(drill, view):
            self.off_view[(drill, view)] += 1
            self.off_view_reps[(drill, view)] += len(events)
            return
        pairs = match(events, truth)
        self.counts[(drill, view)].add_counts(events, truth)
        self.counts[(drill, view)].add_metrics(pairs)
        yaw = nominal_yaw(view)
        seen = {f.id for f in SPECS[drill].faults if f.judged_from(yaw)}
        self.faults[drill].add(pairs, judged & (seen | {"same_side_repeated"}))
        if clean:
            self.clean_alarms[drill] += sum(bool(e.faults) for e in events)


def _total(tallies: dict[tuple[str, str], Tally]) -> Tally:
    total = Tally()
    for t in tallies.values():
        total.windows += t.windows
        total.exact += t.exact
        total.worst = max(total.worst, t.worst)
        for k, v in t.errors.items():
            total.errors[k].extend(v)
        for k, n in t.unmeasured.items():
            total.unmeasured[k] += n
    return total


def print_tables(r: Results) -> None:
    print(f"{'drill':18} {'view':9} {'windows':>7} {'exact':>6} {'worst':>5} "
          + " ".join(f"{m.split('_deg')[0][:10]:>10}" for m in METRICS))  # fmt: skip
    for (drill, view), t in r.counts.items():
        print(f"{drill:18} {view:9} {t.windows:7d} {t.exact / t.windows:6.0%} {t.worst:5d} "
              + " ".join(f"{t.mae(m):>10}" for m in METRICS))  # fmt: skip
    total = _total(r.counts)
    print(f"{'all':18} {'':9} {total.windows:7d} {total.exact / total.windows:6.0%} "
          f"{total.worst:5d} " + " ".join(f"{total.mae(m):>10}" for m in METRICS))  # fmt: skip
    print(
        f"\n{'drill':18} {'fault':20} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7}"
    )
    for drill, tally in r.faults.items():
        for f, tp, fp, fn, p, rec in tally.rows():
            print(f"{drill:18} {f:20} {tp:5d} {fp:5d} {fn:5d} {p:9.2f} {rec:7.2f}")
    for (drill, view), n in r.off_view.items():
        print(f"off view: {drill} seen from the {view}: {n} windows, the runner is told to turn; "
              f"{r.off_view_reps[(drill, view)]} reps counted")  # fmt: skip
    print("\nfaults raised on correct-form windows: "
          + ", ".join(f"{d} {n}" for d, n in r.clean_alarms.items()))  # fmt: skip
    bad = {k: v for k, v in r.distractor_reps.items() if v}
    print(f"distractor reps: {sum(r.distractor_reps.values())} in {len(r.distractor_reps)} pairs"
          + (": " + ", ".join(f"{k} {v}" for k, v in bad.items()) if bad else ""))  # fmt: skip


def floors(r: Results) -> list[tuple[bool, str]]:
    """(passed, line) per floor of issue 4."""
    lines = []
    low = [f"{d}/{v} {t.exact / t.windows:.0%}" for (d, v), t in r.counts.items()
           if t.exact / t.windows < EXACT_FLOOR]  # fmt: skip
    lines.append((not low, f"rep count exact >= {EXACT_FLOOR:.0%} per drill and view"
                  + (f": {', '.join(low)}" if low else "")))  # fmt: skip
    worst = max(t.worst for t in r.counts.values())
    lines.append((worst <= WORST_FLOOR, f"rep count never off by more than one (worst {worst})"))
    reps = sum(r.distractor_reps.values())
    lines.append((reps == 0, f"zero reps on every distractor ({reps})"))
    weak = [f"{d}/{f} P{p:.2f} R{rec:.2f}" for d, t in r.faults.items()
            for f, _, _, _, p, rec in t.rows()
            if not (p >= FAULT_FLOOR and rec >= FAULT_FLOOR)]  # fmt: skip
    lines.append((not weak, f"every fault precision and recall >= {FAULT_FLOOR}"
                  + (f": {', '.join(weak)}" if weak else "")))  # fmt: skip
    alarms = sum(r.clean_alarms.values())
    lines.append((alarms == 0, f"no fault on correct-form windows ({alarms})"))
    total = _total(r.counts)
    for name, limit in MAE_FLOOR.items():
        values = total.errors.get(name, [])
        mae = sum(values) / len(values) if values else math.nan
        missing = total.unmeasured.get(name, 0)
        shown = len(values) + missing
        measured = f" (measured in {len(values)} of {shown} reps)" if missing else ""
        lines.append((mae <= limit, f"{name} MAE {mae:.1f} <= {limit:g}{measured}"))
    return lines


def print_report(r: Results) -> None:
    """The tables, then one PASS/FAIL line per floor."""
    print_tables(r)
    print()
    for passed, line in floors(r):
        print(f"{'PASS' if passed else 'FAIL'}  {line}")
