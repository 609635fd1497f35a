"""Drill-rule accuracy on synthetic landmark streams (thousands of reps, seconds to run).

    python -m bench.accuracy_synth [--seeds N] [--first-seed K] [--noise typical|clean|heavy]

Every drill in correct form and with each fault (half its reps), seen from the front, a
diagonal and the side; every distractor through every drill's rules. Prints count accuracy per
drill and view, fault precision/recall per drill, the mean absolute error of each metric against
the 3D rig's truth, and one PASS/FAIL line per floor of issue 4. Tune on one seed range and
check on another (``--first-seed``) so the rules are not fitted to the test.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench.scoring import METRICS, FaultTally, Tally, match
from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import Thresholds, load_thresholds
from postrun.synth.camera import Camera
from postrun.synth.landmarks import Noise, synthesize
from postrun.synth.motion import Motion
from postrun.synth.motions import DISTRACTORS, DRILLS, FAULTS

VIEWS = {"front": 0.0, "diagonal": 45.0, "side": 90.0}
NOISE = {
    "clean": Noise(),
    "typical": Noise.typical(),
    "heavy": Noise.heavy(),
}
# Issue 4's floors.
EXACT_FLOOR, WORST_FLOOR, FAULT_FLOOR = 0.95, 1, 0.9
MAE_FLOOR = {
    "hip_flexion_deg": 5.0,
    "knee_flexion_deg": 6.0,
    "ankle_dorsiflexion_deg": 8.0,
    "swing_range_deg": 6.0,
    "trunk_lean_deg": 4.0,
}


@dataclass
class Results:
    counts: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    faults: dict[str, FaultTally] = field(default_factory=lambda: defaultdict(FaultTally))
    clean_alarms: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    distractor_reps: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _events(drill: str, motion: Motion, azimuth: float, noise: Noise, seed: int,
            thresholds: Thresholds) -> list:  # type: ignore[type-arg]  # fmt: skip
    stream = synthesize(motion, Camera(azimuth_deg=azimuth), noise, seed=seed)
    side = motion.windows[0].side if motion.kind == "drill" else None
    return track_drill(drill, thresholds, stream.t_s, stream.mp_world, stream.visibility,
                       MEDIAPIPE_WORLD_UP, side)  # fmt: skip


def run(seeds: range, noise: Noise, thresholds: Thresholds) -> Results:
    out = Results()
    for drill in SPECS:
        judged = {f.id for f in SPECS[drill].faults}
        for fault_set in [(), *((f,) for f in FAULTS[drill])]:
            for view, azimuth in VIEWS.items():
                for seed in seeds:
                    motion = DRILLS[drill](seed=seed, faults=fault_set, fault_rate=0.5)
                    events = _events(drill, motion, azimuth, noise, seed, thresholds)
                    truth = motion.windows[0].reps
                    out.counts[(drill, view)].add_counts(events, truth)
                    pairs = match(events, truth)
                    out.counts[(drill, view)].add_metrics(pairs)
                    out.faults[drill].add(pairs, judged)
                    if not fault_set:
                        out.clean_alarms[drill] += sum(bool(e.faults) for e in events)
    for name in DISTRACTORS:
        for azimuth in VIEWS.values():
            for seed in seeds:
                motion = DISTRACTORS[name](seed=seed)
                for drill in SPECS:
                    events = _events(drill, motion, azimuth, noise, seed, thresholds)
                    out.distractor_reps[f"{name} as {drill}"] += len(events)
    return out


def _total(tallies: dict[tuple[str, str], Tally]) -> Tally:
    total = Tally()
    for t in tallies.values():
        total.windows += t.windows
        total.exact += t.exact
        total.worst = max(total.worst, t.worst)
        for k, v in t.errors.items():
            total.errors[k].extend(v)
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
        lines.append((mae <= limit, f"{name} MAE {mae:.1f} <= {limit:g}"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--noise", choices=sorted(NOISE), default="typical")
    args = parser.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    start = time.perf_counter()
    results = run(seeds, NOISE[args.noise], load_thresholds())
    elapsed = time.perf_counter() - start
    print(f"synthetic streams, noise={args.noise}, seeds {seeds.start}-{seeds.stop - 1}, "
          f"{elapsed:.1f} s")  # fmt: skip
    print_tables(results)
    print()
    for passed, line in floors(results):
        print(f"{'PASS' if passed else 'FAIL'}  {line}")


if __name__ == "__main__":
    main()
