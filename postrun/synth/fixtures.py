"""The committed test clips, a short guided session and the bundled demo, rendered from the
motion library.

    python -m postrun.synth.fixtures [--only NAME ...] [--truth-only]   (needs the render extra)

Every clip is reproducible from its row below (motion, faults, view, seed). Each gets its
ground truth beside it (``NAME.json`` + ``NAME.npz``, see docs/ground-truth.md) with the
rendered mesh's own joints as the per-frame 3D truth; ``--truth-only`` rewrites the rep truth
of clips already rendered (after a change to how reps are annotated). The demo is the whole
post-run routine, retimed so the person follows the guided session's screen, written to
postrun/data/demo.mp4.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from postrun.routines.routine import load_routine
from postrun.routines.session import SessionTiming
from postrun.synth import motions
from postrun.synth.camera import Camera
from postrun.synth.motion import Motion
from postrun.synth.schedule import follow_schedule
from postrun.synth.truth import clip_truth, read_truth, write_truth

ROOT = Path(__file__).resolve().parents[2]
CLIPS_DIR = ROOT / "tests" / "fixtures" / "clips"
DEMO_VIDEO = ROOT / "postrun" / "data" / "demo.mp4"
FPS = 15.0
SIZE = (360, 480)  # portrait, like a laptop webcam's centre crop of a standing person


@dataclass(frozen=True)
class ClipSpec:
    name: str
    motion: str  # a drill or distractor id
    view: str  # front, diagonal, side, back, mirrored
    seed: int
    faults: tuple[str, ...] = ()
    duration_s: float = 10.0


CLIPS: tuple[ClipSpec, ...] = (
    ClipSpec("knee_hug", "knee_hug", "front", 11),
    ClipSpec("knee_hug-toes_not_up", "knee_hug", "mirrored", 12, ("toes_not_up",)),
    ClipSpec("quad_pull", "quad_pull", "diagonal", 13),
    ClipSpec("quad_pull-heel_not_to_glute", "quad_pull", "front", 14, ("heel_not_to_glute",)),
    ClipSpec("figure_four", "figure_four", "front", 15),
    ClipSpec(
        "figure_four-ankle_not_crossed", "figure_four", "diagonal", 16, ("ankle_not_crossed",)
    ),
    ClipSpec("straight_leg_kick", "straight_leg_kick", "side", 17),
    ClipSpec("straight_leg_kick-knee_bent", "straight_leg_kick", "diagonal", 18, ("knee_bent",)),
    ClipSpec("lateral_swing", "lateral_swing", "front", 19),
    ClipSpec("lateral_swing-swing_too_small", "lateral_swing", "front", 20, ("swing_too_small",)),
    ClipSpec("forward_swing", "forward_swing", "side", 21),
    ClipSpec("forward_swing-trunk_leaning", "forward_swing", "side", 22, ("trunk_leaning",)),
    ClipSpec("standing", "standing", "front", 23, duration_s=8.0),
    ClipSpec("marching", "marching", "diagonal", 24, duration_s=8.0),
    ClipSpec("squats", "squats", "front", 25, duration_s=8.0),
)


def _camera(view: str, rng: np.random.Generator) -> Camera:
    from postrun.synth.render import random_camera

    return random_camera(rng, view, width=SIZE[0], height=SIZE[1])


def render(motion: Motion, camera: Camera, seed: int, video: Path, truth: Path) -> None:
    """Render ``motion`` to ``video`` and its truth (mesh joints) to ``truth`` (.json)."""
    from postrun.synth.render import (
        random_appearance,
        random_body_shape,
        render_motion,
        write_clip,
    )

    rng = np.random.default_rng(seed)
    clip = render_motion(motion.dofs, motion.fps, camera, random_appearance(rng),
                         random_body_shape(rng))  # fmt: skip
    write_clip(video, iter(clip), motion.fps)
    joints = np.asarray(clip.landmarks_world, dtype=np.float64)
    write_truth(truth, dataclasses.replace(clip_truth(motion, camera), joints=joints))


def refresh_truth(motion: Motion, truth: Path) -> None:
    """Rewrite the rep truth of a clip already rendered from ``motion`` (after a change to how
    reps are annotated, not to the motion), keeping the rendered joints."""
    old = read_truth(truth)
    if not np.allclose(old.t_s, motion.t_s):
        raise ValueError(f"{truth} was rendered from another motion: render it again")
    write_truth(truth, dataclasses.replace(old, windows=motion.windows))


MINI_ROUTINE = ROOT / "tests" / "fixtures" / "mini-session.toml"


def session_motion(routine_name: str, seed: int) -> Motion:
    """A routine done in step with the session's screen (setup, calibration, cards)."""
    routine = load_routine(routine_name)
    timing = SessionTiming()
    starts = routine.active_starts(timing.setup_hold_s + timing.calibrate_s)
    last = routine.windows[-1]
    end = starts[-1] + last.duration_s + last.summary_s + 2.0
    windows = [(w.drill, w.side) for w in routine.windows]
    window_s = routine.windows[0].duration_s  # the motion library plays equal windows
    motion = motions.routine(fps=FPS, seed=seed, window_s=window_s, windows=windows)
    return follow_schedule(motion, starts, end)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="clip names (and/or 'demo') to render")
    parser.add_argument(
        "--truth-only", action="store_true", help="rewrite the rep truth only, do not render"
    )
    args = parser.parse_args()

    def make(motion: Motion, camera: Camera, seed: int, video: Path, truth: Path) -> None:
        if args.truth_only:
            refresh_truth(motion, truth)
        else:
            render(motion, camera, seed, video, truth)

    wanted = set(args.only or [c.name for c in CLIPS] + ["mini-session", "demo"])
    for spec in CLIPS:
        if spec.name not in wanted:
            continue
        start = time.perf_counter()
        motion = motions.generate(spec.motion, fps=FPS, duration_s=spec.duration_s,
                                  seed=spec.seed, faults=spec.faults,
                                  **({"fault_rate": 0.6} if spec.faults else {}))  # fmt: skip
        camera = _camera(spec.view, np.random.default_rng(spec.seed))
        make(motion, camera, spec.seed, CLIPS_DIR / f"{spec.name}.mp4",
             CLIPS_DIR / f"{spec.name}.json")  # fmt: skip
        print(f"{spec.name}: {motion.frames} frames in {time.perf_counter() - start:.0f} s")
    if "mini-session" in wanted:
        start = time.perf_counter()
        motion = session_motion(str(MINI_ROUTINE), seed=5)
        camera = _camera("front", np.random.default_rng(5))
        make(motion, camera, 5, CLIPS_DIR / "mini-session.mp4", CLIPS_DIR / "mini-session.json")
        print(f"mini-session: {motion.frames} frames in {time.perf_counter() - start:.0f} s")
    if "demo" in wanted:
        start = time.perf_counter()
        motion = session_motion("post-run", seed=7)
        camera = Camera(azimuth_deg=10.0, distance_m=2.9, height_m=1.0, target_height_m=0.92,
                        width=SIZE[0], height=SIZE[1])  # fmt: skip
        make(motion, camera, 7, DEMO_VIDEO, CLIPS_DIR / "demo.json")
        print(f"demo: {motion.frames} frames in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
