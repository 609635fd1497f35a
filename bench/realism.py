"""Realism check: does MediaPipe see our rendered people, and where it should?

    python bench/realism.py [--motion drills|march|DRILL] [--clips 3] [--seconds 6] [--fps 15]
                            [--views front,diagonal,side,back,mirrored] [--model full] [--keep DIR]

For each view and clip, a body shape, appearance (clothes, skin, hair, light, room) and camera
(distance 2.3-3.2 m, lens height 0.8-1.3 m, vertical field of view 50-62 deg) are drawn from the
clip's seed; the motion is rendered with :mod:`postrun.synth.render`, written to mp4 and read
back (so compression is part of the test), and MediaPipe's PoseLandmarker (VIDEO mode, one
person) runs on every frame. Printed per clip and per view:

* ``found``: the fraction of frames in which a person is found;
* ``err px``: the median 2D distance, over found frames and the six hip, knee and ankle
  landmarks, between MediaPipe's landmark and the projected ground truth (anatomical sides; on a
  mirrored clip MediaPipe's sides are those of the mirror image, so they are swapped back);
* ``swap-free px``: the same, letting each frame pair left and right either way, which separates
  localisation from left/right confusion (common in side views);
* ``body px``: the person's median height in the image, to put the errors in scale.

Needs the render extra (docs/rendering.md). Views: front 0 deg, diagonal +-45, side +-90, back
180, mirrored (front, selfie-mirrored). Clips alternate the sign of the azimuth.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.render.views import VIEWS, random_camera
from postrun.vision.landmarks import INDEX as LM
from postrun.vision.landmarks import MIRROR, NAMES

FloatArray = NDArray[np.float64]

LEGS = [LM[f"{s}_{j}"] for s in ("left", "right") for j in ("hip", "knee", "ankle")]
SWAPPED = [MIRROR[i] for i in LEGS]
DRILL_CYCLE = (
    "knee_hug",
    "quad_pull",
    "figure_four",
    "straight_leg_kick",
    "lateral_swing",
    "forward_swing",
    "march",
)


def march(seconds: float, fps: float, seed: int) -> FloatArray:
    """Marching in place with high knees, arms swinging: built straight from the DOF array."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * fps)) / fps
    q = np.zeros((t.size, len(DOFS)))
    phase = 2 * np.pi * rng.uniform(0.6, 0.8) * t + rng.uniform(0, 2 * np.pi)
    height = rng.uniform(70.0, 95.0)
    for side, s in (("left", 1.0), ("right", -1.0)):
        lift = np.clip(s * np.sin(phase), 0.0, None) ** 1.5
        q[:, INDEX[f"{side}_hip_flexion_deg"]] = height * lift
        q[:, INDEX[f"{side}_knee_flexion_deg"]] = 5.0 + 95.0 * lift
        q[:, INDEX[f"{side}_ankle_dorsiflexion_deg"]] = -15.0 * lift
        q[:, INDEX[f"{side}_shoulder_flexion_deg"]] = -35.0 * s * np.sin(phase)
        q[:, INDEX[f"{side}_shoulder_abduction_deg"]] = 8.0
        q[:, INDEX[f"{side}_elbow_flexion_deg"]] = 75.0
    q[:, INDEX["trunk_lateral_deg"]] = 3.0 * np.sin(phase)
    return q


def motion_for(name: str, k: int, seconds: float, fps: float, seed: int) -> tuple[str, FloatArray]:
    if name == "drills":
        name = DRILL_CYCLE[k % len(DRILL_CYCLE)]
    if name == "march":
        return name, march(seconds, fps, seed)
    from postrun.synth.motions import generate

    return name, generate(name, seed=seed, fps=fps, duration_s=seconds).dofs


class Landmarker:
    """MediaPipe PoseLandmarker, VIDEO mode, one person: frame -> (33, 2) pixels or None."""

    def __init__(self, model: Path) -> None:
        from mediapipe.tasks.python.core.base_options import BaseOptions
        from mediapipe.tasks.python.vision import pose_landmarker as pl
        from mediapipe.tasks.python.vision.core.vision_task_running_mode import (
            VisionTaskRunningMode,
        )

        options = pl.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model)),
            running_mode=VisionTaskRunningMode.VIDEO,
            num_poses=1,
        )
        self._task = pl.PoseLandmarker.create_from_options(options)

    def run(self, frames: Iterator[NDArray[np.uint8]], fps: float) -> list[FloatArray | None]:
        import mediapipe as mp

        out: list[FloatArray | None] = []
        for i, bgr in enumerate(frames):
            image = mp.Image(
                image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            )
            result = self._task.detect_for_video(image, round(i * 1000.0 / fps))
            if not result.pose_landmarks:
                out.append(None)
                continue
            h, w = bgr.shape[:2]
            out.append(np.array([[p.x * w, p.y * h] for p in result.pose_landmarks[0]]))
        return out

    def close(self) -> None:
        self._task.close()


def read_video(path: Path) -> Iterator[NDArray[np.uint8]]:
    cap = cv2.VideoCapture(str(path))
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            yield np.asarray(frame, dtype=np.uint8)
    finally:
        cap.release()


@dataclass
class ClipResult:
    view: str
    motion: str
    frames: int
    found: int
    errors: list[FloatArray]  # per found frame: (6,) px, anatomical pairing
    swap_free: list[FloatArray]  # per found frame: (6,) px, best of either pairing
    body_px: float
    render_s: float

    @staticmethod
    def median(rows: list[FloatArray]) -> float:
        return float(np.nanmedian(np.concatenate(rows))) if rows else float("nan")


def evaluate(
    predicted: list[FloatArray | None], truth: FloatArray, mirrored: bool
) -> tuple[int, list[FloatArray], list[FloatArray]]:
    errors, swap_free = [], []
    found = 0
    for pred, gt in zip(predicted, truth, strict=True):
        if pred is None:
            continue
        found += 1
        ours = pred[SWAPPED] if mirrored else pred[LEGS]
        theirs = pred[LEGS] if mirrored else pred[SWAPPED]
        direct = np.linalg.norm(ours - gt[LEGS], axis=1)
        crossed = np.linalg.norm(theirs - gt[LEGS], axis=1)
        errors.append(direct)
        swap_free.append(direct if np.nanmean(direct) <= np.nanmean(crossed) else crossed)
    return found, errors, swap_free


def run_clip(
    view: str, k: int, args: argparse.Namespace, landmarker_model: Path, out_dir: Path
) -> ClipResult:
    from postrun.synth.render import random_appearance, random_body_shape, render_motion, write_clip

    seed = 1000 * list(VIEWS).index(view) + k + args.seed
    rng = np.random.default_rng(seed)
    camera = random_camera(rng, view, flip_side=k % 2 == 1)
    name, q = motion_for(args.motion, k + list(VIEWS).index(view), args.seconds, args.fps, seed)
    start = time.perf_counter()
    rendering = render_motion(q, args.fps, camera, random_appearance(rng), random_body_shape(rng))
    path = write_clip(out_dir / f"{view}_{k}_{name}.mp4", rendering, args.fps)
    render_s = time.perf_counter() - start
    landmarker = Landmarker(landmarker_model)
    try:
        predicted = landmarker.run(read_video(path), args.fps)
    finally:
        landmarker.close()
    truth = rendering.landmarks_image
    found, errors, swap_free = evaluate(predicted, truth, camera.mirrored)
    ys = truth[:, :, 1]
    body_px = float(np.median(np.nanmax(ys, axis=1) - np.nanmin(ys, axis=1)))
    return ClipResult(view, name, len(predicted), found, errors, swap_free, body_px, render_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--motion", default="drills", help="drills (a different one per clip), march, or a drill id"
    )
    parser.add_argument("--clips", type=int, default=3, help="clips per view")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--views", default=",".join(VIEWS))
    parser.add_argument("--model", default="full", help="lite, full, heavy or a .task path")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the rendered clips (and .npz truth) here")
    args = parser.parse_args(argv)

    from postrun.models.registry import ModelError, resolve_model
    from postrun.synth.render import available

    if not available():
        print("The render extra is not installed: see docs/rendering.md.", file=sys.stderr)
        return 2
    try:
        model = resolve_model(args.model).path
    except ModelError as exc:
        print(exc, file=sys.stderr)
        return 2
    views = [v.strip() for v in args.views.split(",") if v.strip()]
    unknown = [v for v in views if v not in VIEWS]
    if unknown:
        print(f"Unknown view {unknown[0]!r}: choose from {', '.join(VIEWS)}.", file=sys.stderr)
        return 2

    results: list[ClipResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        print(
            "| view | clip | motion | frames | found | err px | swap-free px | body px | render s |"
        )
        print("|---|---|---|---:|---:|---:|---:|---:|---:|")
        for view in views:
            for k in range(args.clips):
                r = run_clip(view, k, args, model, out_dir)
                results.append(r)
                print(
                    f"| {view} | {k} | {r.motion} | {r.frames} | {r.found / r.frames:.0%} | "
                    f"{r.median(r.errors):.1f} | {r.median(r.swap_free):.1f} | {r.body_px:.0f} | "
                    f"{r.render_s:.1f} |",
                    flush=True,
                )
    print()
    print("| view | clips | frames | found | err px | swap-free px | hip / knee / ankle px |")
    print("|---|---:|---:|---:|---:|---:|---|")
    ok = True
    for view in views:
        rows = [r for r in results if r.view == view]
        frames = sum(r.frames for r in rows)
        found = sum(r.found for r in rows)
        errs = [e for r in rows for e in r.errors]
        joint = np.array(errs).reshape(-1, 2, 3) if errs else np.full((1, 2, 3), np.nan)
        per_joint = " / ".join(f"{np.nanmedian(joint[:, :, j]):.1f}" for j in range(3))
        print(
            f"| {view} | {len(rows)} | {frames} | {found / frames:.1%} | "
            f"{ClipResult.median(errs):.1f} | "
            f"{ClipResult.median([e for r in rows for e in r.swap_free]):.1f} | {per_joint} |"
        )
        if view != "back" and found / frames < 0.95:
            ok = False
    print()
    print("detection >= 95 % on every view short of the back:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    assert len(NAMES) == 33
    sys.exit(main())
