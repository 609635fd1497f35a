"""Drill-rule accuracy on synthetic landmark streams (thousands of reps, seconds to run).

    python bench/accuracy_synth.py [--seeds N] [--noise typical|clean|heavy]

Every drill in correct form and with each fault (half its reps), seen from the front, a
diagonal and the side; every distractor through every drill's rules. Prints count accuracy,
fault precision/recall and the mean absolute error of each metric against the 3D rig's truth.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import load_thresholds
from postrun.synth.camera import Camera
from postrun.synth.landmarks import Noise, synthesize
from postrun.synth.motions import DISTRACTORS, DRILLS, FAULTS

from bench.scoring import METRICS, FaultTally, Tally, match

VIEWS = {"front": 0.0, "diagonal": 45.0, "side": 90.0}
NOISE = {
    "clean": Noise(),
    "typical": Noise.typical(),
    "heavy": Noise(jitter_px=3.0, drop_rate=0.03, low_visibility_rate=0.03, swap_rate_hz=0.15),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--noise", choices=sorted(NOISE), default="typical")
    args = parser.parse_args()
    thresholds = load_thresholds()
    noise = NOISE[args.noise]
    start = time.perf_counter()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    faults = FaultTally()
    clean_alarms: dict[str, int] = defaultdict(int)
    for drill in SPECS:
        judged = {f.id for f in SPECS[drill].faults}
        for fault_set in [(), *((f,) for f in FAULTS[drill])]:
            for view, azimuth in VIEWS.items():
                for seed in range(args.seeds):
                    motion = DRILLS[drill](seed=seed, faults=fault_set, fault_rate=0.5)
                    stream = synthesize(motion, Camera(azimuth_deg=azimuth), noise, seed=seed)
                    window = motion.windows[0]
                    events = track_drill(drill, thresholds, stream.t_s, stream.mp_world,
                                         stream.visibility, MEDIAPIPE_WORLD_UP, window.side)  # fmt: skip
                    tally = tallies[(drill, view)]
                    tally.add_counts(events, window.reps)
                    pairs = match(events, window.reps)
                    tally.add_metrics(pairs)
                    faults.add(pairs, judged)
                    if not fault_set:
                        clean_alarms[drill] += sum(bool(e.faults) for e in events)
    distractor_reps: dict[str, int] = defaultdict(int)
    for name in DISTRACTORS:
        for view, azimuth in VIEWS.items():
            for seed in range(args.seeds):
                motion = DISTRACTORS[name](seed=seed)
                stream = synthesize(motion, Camera(azimuth_deg=azimuth), noise, seed=seed)
                for drill in SPECS:
                    events = track_drill(drill, thresholds, stream.t_s, stream.mp_world,
                                         stream.visibility, MEDIAPIPE_WORLD_UP)  # fmt: skip
                    distractor_reps[f"{name} as {drill}"] += len(events)
    elapsed = time.perf_counter() - start

    print(f"synthetic streams, noise={args.noise}, {args.seeds} seeds, {elapsed:.1f} s")
    print(f"{'drill':18} {'view':9} {'windows':>7} {'exact':>6} {'worst':>5} "
          + " ".join(f"{m.split('_deg')[0][:10]:>10}" for m in METRICS))  # fmt: skip
    for (drill, view), t in tallies.items():
        print(f"{drill:18} {view:9} {t.windows:7d} {t.exact / t.windows:6.0%} {t.worst:5d} "
              + " ".join(f"{t.mae(m):>10}" for m in METRICS))  # fmt: skip
    total = Tally()
    for t in tallies.values():
        total.windows += t.windows
        total.exact += t.exact
        total.worst = max(total.worst, t.worst)
        for k, v in t.errors.items():
            total.errors[k].extend(v)
    print(f"{'all':18} {'':9} {total.windows:7d} {total.exact / total.windows:6.0%} "
          f"{total.worst:5d} " + " ".join(f"{total.mae(m):>10}" for m in METRICS))  # fmt: skip
    print(f"\n{'fault':20} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7}")
    for f, tp, fp, fn, p, r in faults.rows():
        print(f"{f:20} {tp:5d} {fp:5d} {fn:5d} {p:9.2f} {r:7.2f}")
    print("\nfaults raised on correct-form windows: "
          + ", ".join(f"{d} {n}" for d, n in clean_alarms.items()))  # fmt: skip
    bad = {k: v for k, v in distractor_reps.items() if v}
    print(f"distractor reps: {sum(distractor_reps.values())} in {len(distractor_reps)} pairs"
          + (": " + ", ".join(f"{k} {v}" for k, v in bad.items()) if bad else ""))  # fmt: skip


if __name__ == "__main__":
    main()
