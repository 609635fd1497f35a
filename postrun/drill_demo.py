"""The animated demonstration on the get-ready card: each drill done well by the motion
library's synthetic person, seen the way the runner will stand to the camera."""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from postrun.synth.camera import Camera
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Side
from postrun.synth.motions import DRILLS

FPS = 15.0
LOOP_S = 6.0
# Side-on for the forward swing (the leg moves toward the camera otherwise); the others from a
# slight diagonal so depth reads.
_AZIMUTH = {"forward_swing": 90.0}


@cache
def _frames(drill: str, side: Side | None) -> NDArray[np.float64]:
    kwargs = (
        {"side": side} if side is not None and drill in ("lateral_swing", "forward_swing") else {}
    )
    motion = DRILLS[drill](seed=0, fps=FPS, duration_s=LOOP_S, **kwargs)  # type: ignore[arg-type]
    world = forward_kinematics(motion.dofs, motion.body)
    camera = Camera(azimuth_deg=_AZIMUTH.get(drill, 20.0), distance_m=4.0)
    points: NDArray[np.float64] = camera.project(world)
    return points


def demo_points(drill: str, side: Side | None, t_s: float, mirrored: bool) -> NDArray[np.float64]:
    """(33, 2) image points of the demonstration at ``t_s`` (looping); ``mirrored`` like the
    preview, so the runner copies it as in a mirror."""
    frames = _frames(drill, side)
    points: NDArray[np.float64] = frames[int(t_s * FPS) % len(frames)].copy()
    if mirrored:
        points[:, 0] = -points[:, 0]
    return points
