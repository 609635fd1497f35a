"""Scoring detected reps against ground truth: counts, faults, metric errors (shared by the
synthetic-stream and rendered-clip benchmarks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from postrun.routines.drills.tracker import RepEvent
from postrun.synth.motion import RepTruth

MATCH_S = 0.6  # a detected peak this close to a true one, same side, is that rep
METRICS = (
    "hip_flexion_deg",
    "knee_flexion_deg",
    "ankle_dorsiflexion_deg",
    "swing_range_deg",
    "trunk_lean_deg",
)


def _distance(event: RepEvent, rep: RepTruth) -> float | None:
    """How far the detected peak is from the true one; None if it cannot be that rep. A peak
    inside the true rep's span is that rep even when a long hold puts it far from the true
    peak (the top of a held knee hug is flat to a degree or two)."""
    if rep.side != event.side:
        return None
    dt = abs(rep.t_peak_s - event.t_s)
    inside = rep.t_start_s <= event.t_s <= rep.t_end_s
    return dt if dt <= MATCH_S or inside else None


def match(
    events: Sequence[RepEvent], truth: Sequence[RepTruth]
) -> list[tuple[RepEvent | None, RepTruth | None]]:
    """Greedy one-to-one pairing by time, same side; unpaired items pair with None."""
    pairs: list[tuple[RepEvent | None, RepTruth | None]] = []
    free = list(truth)
    for event in events:
        near = [(d, r) for r in free if (d := _distance(event, r)) is not None]
        best = min(near, key=lambda item: item[0], default=None)
        if best is not None:
            free.remove(best[1])
        pairs.append((event, best[1] if best else None))
    pairs.extend((None, r) for r in free)
    return pairs


@dataclass
class Tally:
    windows: int = 0
    exact: int = 0
    worst: int = 0
    errors: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # Reps whose truth has the metric but whose report does not: measured from a view that
    # cannot show it, so reported as not measured (DrillSpec's METRIC_VIEWS), or never seen.
    unmeasured: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add_counts(self, events: Sequence[RepEvent], truth: Sequence[RepTruth]) -> int:
        off = sum(
            abs(sum(e.side == s for e in events) - sum(r.side == s for r in truth))
            for s in ("left", "right")
        )
        self.windows += 1
        self.exact += off == 0
        self.worst = max(self.worst, off)
        return off

    def add_metrics(self, pairs: Iterable[tuple[RepEvent | None, RepTruth | None]]) -> None:
        for event, true in pairs:
            if event is None or true is None:
                continue
            for name in METRICS:
                got, want = event.metrics.get(name), true.metrics.get(name)
                if got is not None and want is not None and np.isfinite(got):
                    self.errors[name].append(abs(got - want))
                elif want is not None and name in event.metrics:
                    self.unmeasured[name] += 1

    def mae(self, name: str) -> str:
        values = self.errors.get(name, [])
        return f"{np.mean(values):5.1f}" if values else "    -"


@dataclass
class FaultTally:
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(
        self, pairs: Iterable[tuple[RepEvent | None, RepTruth | None]], judged: set[str]
    ) -> None:
        """``judged``: the faults this window's drill can raise (others are not scored)."""
        for event, true in pairs:
            said = set(event.faults) & judged if event else set()
            real = set(true.faults) & judged if true else set()
            for f in said & real:
                self.tp[f] += 1
            for f in said - real:
                self.fp[f] += 1
            for f in real - said:
                self.fn[f] += 1

    def rows(self) -> list[tuple[str, int, int, int, float, float]]:
        out = []
        for f in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            tp, fp, fn = self.tp[f], self.fp[f], self.fn[f]
            precision = tp / (tp + fp) if tp + fp else float("nan")
            recall = tp / (tp + fn) if tp + fn else float("nan")
            out.append((f, tp, fp, fn, precision, recall))
        return out
