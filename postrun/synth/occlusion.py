"""Self-occlusion: how hidden each landmark is behind the body's own parts, seen from the camera.

The body is a handful of capsules (torso, head, thighs, shanks, upper arms, forearms) around
the landmark skeleton. A landmark is hidden by a capsule of another part when its image point
falls inside the capsule's image outline and it lies behind the capsule's axis. This is what
makes the far leg and arm of a side-on person less visible, as in MediaPipe's output.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from postrun.synth.skeleton import Body
from postrun.vision.landmarks import COUNT, INDEX, NAMES

FloatArray = NDArray[np.float64]

# (from, to, radius as a fraction of height, part); "mid_*" are midpoints of a left/right pair.
_CAPSULES = (
    ("mid_hip", "mid_shoulder", 0.065, "torso"),
    ("mid_ear", "mid_ear", 0.055, "head"),
    *(
        (f"{s}_{a}", f"{s}_{b}", r, f"{s}_{part}")
        for s in ("left", "right")
        for a, b, r, part in (
            ("hip", "knee", 0.045, "leg"),
            ("knee", "ankle", 0.032, "leg"),
            ("shoulder", "elbow", 0.027, "arm"),
            ("elbow", "wrist", 0.022, "arm"),
        )
    ),
)

# Visibility lost when fully hidden (MediaPipe still reports a guess, with low confidence).
HIDDEN_LOSS = 0.7


def _part(name: str) -> str:
    """Which capsule part a landmark belongs to (it is never hidden by its own part)."""
    if NAMES.index(name) <= 10:
        return "face"
    side, _, joint = name.partition("_")
    if joint in ("elbow", "wrist", "pinky", "index", "thumb"):
        return f"{side}_arm"
    if joint in ("knee", "ankle", "heel", "foot_index"):
        return f"{side}_leg"
    return name  # hips and shoulders stand alone: the torso can hide the far one


@cache
def _own_part_mask() -> NDArray[np.bool_]:
    parts = [_part(n) for n in NAMES]
    return np.array([[p == cap[3] for cap in _CAPSULES] for p in parts])


def _endpoint(points: FloatArray, name: str) -> FloatArray:
    if name.startswith("mid_"):
        joint = name[4:]
        result: FloatArray = 0.5 * (
            points[:, INDEX[f"left_{joint}"]] + points[:, INDEX[f"right_{joint}"]]
        )
        return result
    return points[:, INDEX[name]]


def occlusion(px: FloatArray, depth: FloatArray, focal_px: float, body: Body) -> FloatArray:
    """Visibility lost (T, 33), 0..HIDDEN_LOSS, from image points (T, 33, 2) and depths (T, 33)."""
    if px.shape[1:] != (COUNT, 2) or depth.shape != px.shape[:2]:
        raise ValueError(
            f"expected (T, 33, 2) points and (T, 33) depths, got {px.shape}, {depth.shape}"
        )
    u, v = px[..., 0], px[..., 1]
    hidden = np.zeros(depth.shape)
    own = _own_part_mask()
    # One capsule at a time keeps every array (T, 33): several times faster than broadcasting.
    for k, (start, stop, ratio, _) in enumerate(_CAPSULES):
        a = [_endpoint(arr, start)[:, None] for arr in (u, v, depth)]
        b = [_endpoint(arr, stop)[:, None] for arr in (u, v, depth)]
        du, dv, dd = b[0] - a[0], b[1] - a[1], b[2] - a[2]
        with np.errstate(invalid="ignore", divide="ignore"):
            s = ((u - a[0]) * du + (v - a[1]) * dv) / np.maximum(du * du + dv * dv, 1e-9)
            s = np.clip(s, 0.0, 1.0)
            dist_px = np.hypot(u - a[0] - s * du, v - a[1] - s * dv)
            occ_depth = a[2] + s * dd
            radius_m = ratio * body.height_m
            radius_px = focal_px * radius_m / occ_depth
            inside = np.clip((radius_px - dist_px) / (0.3 * radius_px), 0.0, 1.0)
        behind = np.clip((depth - occ_depth - 0.5 * radius_m) / 0.05, 0.0, 1.0)
        loss = np.nan_to_num(inside * behind)
        loss[:, own[:, k]] = 0.0
        np.maximum(hidden, loss, out=hidden)
    result: FloatArray = HIDDEN_LOSS * hidden
    return result
