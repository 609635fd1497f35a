"""MediaPipe's pull toward standing: its systematic, pose-dependent error, as a landmark model.

On rendered clips the real model reads every limb a little closer to standing than it is (docs/
benchmarks.md: a hugged hip about 8 degrees short, a full swing's far end 6-10 short, a small
swing about half its size, a held foot flatter, hands farther from the knee). One mechanism
reproduces that pattern: each limb segment is turned back toward its resting direction (thighs,
shanks and arms toward hanging, the foot toward level) by a fixed angle, or by half its angle
from rest if that is less, so a segment near rest is read nearer still. The children of a
segment turn with it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.vision.landmarks import INDEX

FloatArray = NDArray[np.float64]

# (from, to: the segment; the joint it turns about; the joints that turn; its rest direction)
_LIMBS: list[tuple[str, str, str, tuple[str, ...], str]] = []
for _s in ("left", "right"):
    _foot = (f"{_s}_heel", f"{_s}_foot_index")
    _hand = (f"{_s}_wrist", f"{_s}_pinky", f"{_s}_index", f"{_s}_thumb")
    _LIMBS += [
        (f"{_s}_hip", f"{_s}_knee", f"{_s}_hip", (f"{_s}_knee", f"{_s}_ankle", *_foot), "down"),
        (f"{_s}_knee", f"{_s}_ankle", f"{_s}_knee", (f"{_s}_ankle", *_foot), "down"),
        (f"{_s}_heel", f"{_s}_foot_index", f"{_s}_ankle", _foot, "level"),
        (f"{_s}_shoulder", f"{_s}_elbow", f"{_s}_shoulder", (f"{_s}_elbow", *_hand), "down"),
        (f"{_s}_elbow", f"{_s}_wrist", f"{_s}_elbow", _hand, "down"),
    ]


def _unit(v: FloatArray) -> FloatArray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    result: FloatArray = v / np.where(norm > 0, norm, 1.0)
    return result


def _rotate(v: FloatArray, axis: FloatArray, angle: FloatArray) -> FloatArray:
    """Rodrigues: ``v`` (T, 3) about unit ``axis`` (T, 3) by ``angle`` (T,) radians."""
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    dot = np.sum(axis * v, axis=-1, keepdims=True)
    result: FloatArray = v * cos + np.cross(axis, v) * sin + axis * dot * (1.0 - cos)
    return result


def pull_to_rest(landmarks: ArrayLike, up: ArrayLike, pull_deg: float) -> FloatArray:
    """``landmarks`` (T, 33, 3) with every limb segment turned toward rest by ``pull_deg``
    (at most half its angle from rest); ``up`` is the world's up vector."""
    out = np.array(landmarks, dtype=np.float64, copy=True)
    if pull_deg <= 0:
        return out
    up_vec = _unit(np.broadcast_to(np.asarray(up, dtype=np.float64), out[:, 0].shape))
    for start, end, pivot, turning, rest in _LIMBS:
        seg = out[:, INDEX[end]] - out[:, INDEX[start]]
        if rest == "down":
            target = -up_vec
        else:  # level: the segment's own heading, its pitch removed
            target = _unit(seg - np.sum(seg * up_vec, axis=-1, keepdims=True) * up_vec)
        normal = np.cross(seg, target)  # turning about it moves the segment toward the target
        away = np.arccos(np.clip(np.sum(_unit(seg) * target, axis=-1), -1.0, 1.0))
        turn = np.where(
            np.linalg.norm(normal, axis=-1) > 1e-12,
            np.minimum(np.radians(pull_deg), 0.5 * away),
            0.0,
        )
        axis, centre = _unit(normal), out[:, INDEX[pivot]]
        for joint in turning:
            j = INDEX[joint]
            out[:, j] = centre + _rotate(out[:, j] - centre, axis, turn)
    return out
