"""Drill-rule accuracy on rendered clips through the real MediaPipe model (real pixels).

    python -m bench.accuracy_rendered [--seeds N] [--first-seed S] [--model full] [--views ...]
                                      [--drills ...] [--world-only]

Needs the render extra (docs/rendering.md). Each drill in correct form and with each of its
faults (about half its reps), from each view, 10 s at 15 fps, a different body, room, take and
camera per clip; plus the distractors through every drill's rules. Clips and the model's
landmarks are cached in bench/out/clips (delete it after changing the motion library or the
renderer; the rep truth is rewritten from the motion on every run). Prints the same tables and
floors as the synthetic benchmark (bench/tables.py): exact counts, fault precision/recall,
metric errors against the rig's truth; windows filmed from a view the drill refuses are scored
apart. Seeds 0-26 tuned the rules; later seeds check them. --world-only ignores the image
landmarks (the rules before 2026-11-24).
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.tables import Results, print_report, window_sides
from postrun.models.registry import resolve_model
from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import load_thresholds
from postrun.synth.fixtures import FPS, SIZE, refresh_truth, render
from postrun.synth.motion import Motion
from postrun.synth.motions import DISTRACTORS, FAULTS, generate
from postrun.synth.truth import read_truth
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.sources import open_source
from postrun.vision.tracking import PersonSelector

CACHE = Path(__file__).resolve().parent / "out" / "clips"
DURATION_S = 10.0
# Each view's camera (the renderer's view, and whether taken from the person's right instead
# of their left). A view's place in this order seeds its rows, so a run of some views renders
# the same clips as a run of all of them.
CAMERAS: dict[str, tuple[str, bool]] = {
    "front": ("front", False),
    "diagonal": ("diagonal", False),
    "side": ("side", False),
    "side_right": ("side", True),
}
VIEW_ORDER = {view: v for v, view in enumerate(CAMERAS)}


def clip(name: str, motion: Motion, view: str, seed: int) -> Path:
    """The rendered clip for this row, rendered once and cached."""
    from postrun.synth.render import random_camera

    video = CACHE / f"{name}.mp4"
    if not video.exists():
        base, flip = CAMERAS[view]
        camera = random_camera(
            np.random.default_rng(seed), base, width=SIZE[0], height=SIZE[1], flip_side=flip
        )
        render(motion, camera, seed, video, video.with_suffix(".json"))
    else:  # the rep truth follows the annotation code without a re-render
        refresh_truth(motion, video.with_suffix(".json"))
    return video


@dataclass(frozen=True)
class Landmarks:
    """The real model's raw (unsmoothed) output for one clip, one row per frame."""

    t_s: np.ndarray
    world: np.ndarray  # (T, 33, 3) metres, NaN where nobody was found
    image: np.ndarray  # (T, 33, 3) normalised x, y and relative depth
    visibility: np.ndarray  # (T, 33)
    found: int  # frames with a person


def landmarks(video: Path, model: Path) -> Landmarks:
    """The model's landmarks for ``video``, cached beside the clip so tuning the rules reruns in
    seconds, not minutes."""
    cache = video.with_name(f"{video.stem}.{model.stem}.landmarks.npz")
    if cache.exists() and cache.stat().st_mtime >= video.stat().st_mtime:
        with np.load(cache) as data:
            if "image" in data:
                return Landmarks(data["t_s"], data["world"], data["image"], data["visibility"],
                                 int(data["found"]))  # fmt: skip
    result = _run_model(video, model)
    np.savez_compressed(cache, **{k: getattr(result, k) for k in Landmarks.__dataclass_fields__})
    return result


def _run_model(video: Path, model: Path) -> Landmarks:
    times: list[float] = []
    worlds: list[np.ndarray] = []
    images: list[np.ndarray] = []
    vis: list[np.ndarray] = []
    select = PersonSelector()
    with open_source(video) as source, MediaPipePoseEstimator(model) as estimator:
        for frame in source:
            pose = select(estimator.estimate(frame), frame.t_s)
            times.append(frame.t_s)
            missing = np.full((33, 3), np.nan)
            worlds.append(missing if pose is None else pose.world)
            images.append(missing if pose is None else pose.image)
            vis.append(np.zeros(33) if pose is None else pose.visibility)
    found = sum(np.isfinite(w[0, 0]) for w in worlds)
    return Landmarks(np.array(times), np.array(worlds), np.array(images), np.array(vis), found)


def cache_options(parser: argparse.ArgumentParser, seeds: int) -> tuple[range, Path]:
    """``--seeds``, ``--first-seed`` and ``--model`` for a script that reads the cache; parses
    the command line and returns (the seeds, the model's path)."""
    parser.add_argument("--seeds", type=int, default=seeds)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--model", default="full")
    args = parser.parse_args()
    first: int = args.first_seed
    return range(first, first + args.seeds), resolve_model(args.model).path


def cached_truths(seeds: range) -> list[Path]:
    """The truth files (.json) of the cached clips of ``seeds``, drills and distractors alike
    (a clip's name ends in its seed, except a seed-0 distractor's)."""
    found = []
    for path in sorted(CACHE.glob("*.json")):
        last = path.stem.rsplit("-", 1)[-1]
        if (int(last) if last.isdigit() else 0) in seeds:
            found.append(path)
    return found


def witness(lms: Landmarks, world_only: bool = False) -> tuple[np.ndarray | None, float]:
    """The image landmarks and aspect for :func:`track_drill`; none with ``world_only`` (the
    model's world landmarks alone, as the rules read them before 2026-11-24)."""
    return (None, 1.0) if world_only else (lms.image, SIZE[0] / SIZE[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument(
        "--first-seed",
        type=int,
        default=0,
        help="seeds 0-26 tuned the rules; 27-52 checked them (50-52: the eleventh session)",
    )
    parser.add_argument("--model", default="full")
    parser.add_argument(
        "--views",
        default="front,diagonal,side",
        help=f"of {', '.join(CAMERAS)} (side_right: side-on from the person's right)",
    )
    parser.add_argument(
        "--drills",
        default=",".join(SPECS),
        help="only these drills (the distractors then go through their rules alone)",
    )
    parser.add_argument("--world-only", action="store_true", help="ignore the image landmarks")
    args = parser.parse_args()
    model = resolve_model(args.model).path
    thresholds = load_thresholds()
    views = args.views.split(",")
    if not set(views) <= set(CAMERAS):
        parser.error(f"unknown views in {args.views}; known: {', '.join(CAMERAS)}")
    asked = args.drills.split(",")
    if not set(asked) <= set(SPECS):
        parser.error(f"unknown drills in {args.drills}; known: {', '.join(SPECS)}")
    drills = {d: SPECS[d] for d in asked}
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    results = Results()
    detection: dict[str, list[float]] = defaultdict(list)
    start = time.perf_counter()
    for drill, spec in drills.items():
        judged = {f.id for f in spec.faults} | {"same_side_repeated"}
        for k, fault_set in enumerate([(), *((f,) for f in FAULTS[drill])]):
            for view, seed in itertools.product(views, seeds):
                # Each row its own motion, body, room and camera: fault clips must not share
                # the correct-form clip's take.
                row_seed = 1000 + 97 * seed + 7 * VIEW_ORDER[view] + 10007 * k
                motion = generate(drill, fps=FPS, duration_s=DURATION_S, seed=row_seed,
                                  faults=fault_set, fault_rate=0.5)  # fmt: skip
                name = f"{drill}-{'-'.join(fault_set) or 'ok'}-{view}-{seed}"
                video = clip(name, motion, view, row_seed)
                truth = read_truth(video.with_suffix(".json")).windows[0]
                lms = landmarks(video, model)
                detection[view].append(lms.found / len(lms.t_s))
                events: list[RepEvent] = track_drill(
                    drill, thresholds, lms.t_s, lms.world, lms.visibility,
                    MEDIAPIPE_WORLD_UP, truth.side, *witness(lms, args.world_only),
                )  # fmt: skip
                results.add_window(drill, view, events, truth.reps, judged,
                                   clean=not fault_set)  # fmt: skip
    for name in DISTRACTORS:
        for view, seed in itertools.product(views, seeds):
            row_seed = 2000 + 97 * seed + 7 * VIEW_ORDER[view]
            motion = generate(name, fps=FPS, duration_s=DURATION_S, seed=row_seed)
            video = clip(f"{name}-{view}" + (f"-{seed}" if seed else ""), motion, view, row_seed)
            lms = landmarks(video, model)
            for drill, side in ((d, s) for d in drills for s in window_sides(d)):
                events = track_drill(
                    drill, thresholds, lms.t_s, lms.world, lms.visibility,
                    MEDIAPIPE_WORLD_UP, side, *witness(lms, args.world_only),
                )  # fmt: skip
                results.distractor_reps[f"{name} as {drill}"] += len(events)
    print(f"rendered clips, model {args.model}, seeds {seeds.start}..{seeds.stop - 1}, "
          f"{'world landmarks only' if args.world_only else 'image + world landmarks'}, "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    print("person found: " + ", ".join(f"{v} {np.mean(d):.1%}" for v, d in detection.items()))
    print_report(results)


if __name__ == "__main__":
    main()
