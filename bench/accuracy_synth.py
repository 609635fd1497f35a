"""Drill-rule accuracy on synthetic landmark streams (thousands of reps, seconds to run).

    python -m bench.accuracy_synth [--seeds N] [--first-seed K]
                                   [--noise typical|mediapipe|clean|heavy]

Every drill in correct form and with each fault (half its reps), seen from the front, a
diagonal and the side; every distractor through every drill's rules. Prints count accuracy per
drill and view, fault precision/recall per drill, the mean absolute error of each metric against
the 3D rig's truth, and one PASS/FAIL line per floor of issue 4. Tune on one seed range and
check on another (``--first-seed``) so the rules are not fitted to the test.
"""

from __future__ import annotations

import argparse
import itertools
import time

from bench.tables import VIEW_YAW_DEG, Results, print_report, window_sides
from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP, Side
from postrun.routines.thresholds import Thresholds, load_thresholds
from postrun.synth.camera import Camera
from postrun.synth.landmarks import Noise, synthesize
from postrun.synth.motion import Motion
from postrun.synth.motions import DISTRACTORS, DRILLS, FAULTS

NOISE = {
    "clean": Noise(),
    "typical": Noise.typical(),
    "mediapipe": Noise.mediapipe(),
    "heavy": Noise.heavy(),
}


def _events(drill: str, motion: Motion, azimuth: float, noise: Noise, seed: int,
            thresholds: Thresholds, side: Side | None = None) -> list[RepEvent]:  # fmt: skip
    camera = Camera(azimuth_deg=azimuth)
    stream = synthesize(motion, camera, noise, seed=seed)
    if motion.kind == "drill":
        side = motion.windows[0].side
    return track_drill(drill, thresholds, stream.t_s, stream.mp_world, stream.visibility,
                       MEDIAPIPE_WORLD_UP, side, stream.image,
                       camera.width / camera.height)  # fmt: skip


def run(seeds: range, noise: Noise, thresholds: Thresholds) -> Results:
    out = Results()
    for drill in SPECS:
        judged = {f.id for f in SPECS[drill].faults}
        for fault_set in [(), *((f,) for f in FAULTS[drill])]:
            for (view, azimuth), seed in itertools.product(VIEW_YAW_DEG.items(), seeds):
                motion = DRILLS[drill](seed=seed, faults=fault_set, fault_rate=0.5)
                events = _events(drill, motion, azimuth, noise, seed, thresholds)
                out.add_window(drill, view, events, motion.windows[0].reps, judged,
                               clean=not fault_set)  # fmt: skip
    for name in DISTRACTORS:
        for azimuth, seed in itertools.product(VIEW_YAW_DEG.values(), seeds):
            motion = DISTRACTORS[name](seed=seed)
            for drill in SPECS:
                for side in window_sides(drill):
                    events = _events(drill, motion, azimuth, noise, seed, thresholds, side)
                    out.distractor_reps[f"{name} as {drill}"] += len(events)
    return out


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
    print_report(results)


if __name__ == "__main__":
    main()
