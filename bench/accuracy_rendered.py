"""Drill-rule accuracy on rendered clips through the real MediaPipe model (real pixels).

    python -m bench.accuracy_rendered [--seeds N] [--model full] [--views front,diagonal,side]

Needs the render extra (docs/rendering.md). Each drill in correct form and with each of its
faults (about half its reps), from each view, 10 s at 15 fps, a different body, room and camera
per clip; plus the distractors through every drill's rules. Clips and the model's landmarks
are cached in bench/out/clips (delete it after changing the motion library or the renderer).
Prints the same tables as the synthetic benchmark: exact counts, fault precision/recall, metric
errors against the rig's truth.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.scoring import METRICS, FaultTally, Tally, match
from postrun.models.registry import resolve_model
from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import load_thresholds
from postrun.synth.fixtures import FPS, SIZE, render
from postrun.synth.motion import Motion
from postrun.synth.motions import DISTRACTORS, FAULTS, generate
from postrun.synth.truth import read_truth
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.sources import open_source
from postrun.vision.tracking import PersonSelector

CACHE = Path(__file__).resolve().parent / "out" / "clips"
DURATION_S = 10.0


def clip(name: str, motion: Motion, view: str, seed: int) -> Path:
    """The rendered clip for this row, rendered once and cached."""
    from postrun.synth.render import random_camera

    video = CACHE / f"{name}.mp4"
    if not video.exists():
        camera = random_camera(np.random.default_rng(seed), view, width=SIZE[0], height=SIZE[1])
        render(motion, camera, seed, video, video.with_suffix(".json"))
    return video


def landmarks(video: Path, model: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(t_s, world, visibility, frames with a person) from the real model, raw (unsmoothed);
    cached beside the clip, so tuning the rules reruns in seconds, not minutes."""
    cache = video.with_name(f"{video.stem}.{model.stem}.landmarks.npz")
    if cache.exists() and cache.stat().st_mtime >= video.stat().st_mtime:
        with np.load(cache) as data:
            return data["t_s"], data["world"], data["visibility"], int(data["found"])
    result = _run_model(video, model)
    np.savez_compressed(cache, t_s=result[0], world=result[1], visibility=result[2],
                        found=result[3])  # fmt: skip
    return result


def _run_model(video: Path, model: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    times: list[float] = []
    worlds: list[np.ndarray] = []
    vis: list[np.ndarray] = []
    found = 0
    select = PersonSelector()
    with open_source(video) as source, MediaPipePoseEstimator(model) as estimator:
        for frame in source:
            pose = select(estimator.estimate(frame), frame.t_s)
            times.append(frame.t_s)
            if pose is None:
                worlds.append(np.full((33, 3), np.nan))
                vis.append(np.zeros(33))
            else:
                found += 1
                worlds.append(pose.world)
                vis.append(pose.visibility)
    return np.array(times), np.array(worlds), np.array(vis), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--model", default="full")
    parser.add_argument("--views", default="front,diagonal,side")
    args = parser.parse_args()
    model = resolve_model(args.model).path
    thresholds = load_thresholds()
    views = args.views.split(",")
    counts: dict[tuple[str, str], Tally] = defaultdict(Tally)
    faults = FaultTally()
    clean_alarms: dict[str, int] = defaultdict(int)
    detection: dict[str, list[float]] = defaultdict(list)
    start = time.perf_counter()
    for drill, spec in SPECS.items():
        judged = {f.id for f in spec.faults} | {"same_side_repeated"}
        for fault_set in [(), *((f,) for f in FAULTS[drill])]:
            for v, view in enumerate(views):
                for seed in range(args.seeds):
                    row_seed = 1000 + 97 * seed + 7 * v + len(fault_set)
                    motion = generate(drill, fps=FPS, duration_s=DURATION_S, seed=row_seed,
                                      faults=fault_set, fault_rate=0.5)  # fmt: skip
                    name = f"{drill}-{'-'.join(fault_set) or 'ok'}-{view}-{seed}"
                    video = clip(name, motion, view, row_seed)
                    truth = read_truth(video.with_suffix(".json")).windows[0]
                    t_s, world, vis, found = landmarks(video, model)
                    detection[view].append(found / len(t_s))
                    events: list[RepEvent] = track_drill(
                        drill, thresholds, t_s, world, vis, MEDIAPIPE_WORLD_UP, truth.side
                    )
                    counts[(drill, view)].add_counts(events, truth.reps)
                    pairs = match(events, truth.reps)
                    counts[(drill, view)].add_metrics(pairs)
                    faults.add(pairs, judged)
                    if not fault_set:
                        clean_alarms[drill] += sum(bool(e.faults) for e in events)
    distractor_reps: dict[str, int] = defaultdict(int)
    for name in DISTRACTORS:
        for v, view in enumerate(views):
            row_seed = 2000 + 7 * v
            motion = generate(name, fps=FPS, duration_s=DURATION_S, seed=row_seed)
            video = clip(f"{name}-{view}", motion, view, row_seed)
            t_s, world, vis, _ = landmarks(video, model)
            for drill in SPECS:
                events = track_drill(drill, thresholds, t_s, world, vis, MEDIAPIPE_WORLD_UP)
                distractor_reps[f"{name} as {drill}"] += len(events)
    print(f"rendered clips, model {args.model}, {args.seeds} seed(s), "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    print("person found: " + ", ".join(f"{v} {np.mean(d):.1%}" for v, d in detection.items()))
    print(f"{'drill':18} {'view':9} {'windows':>7} {'exact':>6} {'worst':>5} "
          + " ".join(f"{m.split('_deg')[0][:10]:>10}" for m in METRICS))  # fmt: skip
    for (drill, view), t in counts.items():
        print(f"{drill:18} {view:9} {t.windows:7d} {t.exact / t.windows:6.0%} {t.worst:5d} "
              + " ".join(f"{t.mae(m):>10}" for m in METRICS))  # fmt: skip
    print(f"\n{'fault':20} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7}")
    for f, tp, fp, fn, p, r in faults.rows():
        print(f"{f:20} {tp:5d} {fp:5d} {fn:5d} {p:9.2f} {r:7.2f}")
    print("\nfaults raised on correct-form clips: "
          + ", ".join(f"{d} {n}" for d, n in clean_alarms.items()))  # fmt: skip
    bad = {k: n for k, n in distractor_reps.items() if n}
    print(f"distractor reps: {sum(distractor_reps.values())}"
          + (": " + ", ".join(f"{k} {n}" for k, n in bad.items()) if bad else ""))  # fmt: skip


if __name__ == "__main__":
    main()
