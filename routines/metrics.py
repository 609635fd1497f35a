"""Joint-angle metrics on world landmarks, shared by the ground truth and the drill rules.

Input is a float array shaped (..., 33, 3) in MediaPipe's landmark order, metres, in any
right-handed frame (the synthetic world is y up; MediaPipe's world landmarks are y down).
Every function is vectorised over the leading axes and returns NaN wherever an input it needs
is NaN. ``side`` is always the person's anatomical side.

Angles relative to the body are measured in the body's own frame (see :func:`body_frame`) so
they do not depend on where the camera stands; only :func:`trunk_lean_deg` needs the world's
up direction, which the caller passes (:data:`SYNTH_UP` or :data:`MEDIAPIPE_WORLD_UP`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.vision.landmarks import INDEX

FloatArray = NDArray[np.float64]
Side = Literal["left", "right"]

SYNTH_UP: tuple[float, float, float] = (0.0, 1.0, 0.0)
# MediaPipe's world landmarks use the image's axes (y down); -y is up only as far as the camera
# is level, so a tilted camera adds its pitch to the measured lean.
MEDIAPIPE_WORLD_UP: tuple[float, float, float] = (0.0, -1.0, 0.0)

_SIGN: dict[str, float] = {"left": 1.0, "right": -1.0}


def _point(lm: FloatArray, name: str) -> FloatArray:
    return lm[..., INDEX[name], :]


def _mid(lm: FloatArray, a: str, b: str) -> FloatArray:
    return 0.5 * (_point(lm, a) + _point(lm, b))


def _check(landmarks: ArrayLike) -> FloatArray:
    lm = np.asarray(landmarks, dtype=np.float64)
    if lm.ndim < 2 or lm.shape[-2:] != (33, 3):
        raise ValueError(f"landmarks must be shaped (..., 33, 3), got {lm.shape}")
    return lm


def _side(side: str) -> float:
    if side not in _SIGN:
        raise ValueError(f"side must be 'left' or 'right', got {side!r}")
    return _SIGN[side]


def angle_between_deg(u: FloatArray, v: FloatArray) -> FloatArray:
    """Unsigned angle between vectors (..., 3), 0..180 degrees; atan2 keeps it exact near 0/180."""
    cross = np.linalg.norm(np.cross(u, v), axis=-1)
    dot = np.sum(u * v, axis=-1)
    result: FloatArray = np.degrees(np.arctan2(cross, dot))
    return result


def _unit(v: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return result


def mid_hip(landmarks: ArrayLike) -> FloatArray:
    return _mid(_check(landmarks), "left_hip", "right_hip")


def mid_shoulder(landmarks: ArrayLike) -> FloatArray:
    return _mid(_check(landmarks), "left_shoulder", "right_shoulder")


def body_frame(landmarks: ArrayLike) -> FloatArray:
    """Per-frame body basis (..., 3, 3); rows are unit ``lateral, up, forward`` axes.

    lateral: right hip -> left hip (toward the person's left); up: mid-hip -> mid-shoulder made
    orthogonal to lateral; forward = lateral x up (where the chest faces). ``frame @ v``
    expresses a world vector in body coordinates (left, up, forward).
    """
    lateral, up = _orthonormal(*_hips_and_trunk(_check(landmarks)))
    return np.stack([lateral, up, np.cross(lateral, up)], axis=-2)


def trunk_frame(landmarks: ArrayLike) -> FloatArray:
    """Like :func:`body_frame`, but led by the trunk: ``up`` is mid-hip -> mid-shoulder and
    ``lateral`` the hip line made orthogonal to it. The hips are joints hidden inside the body,
    which a pose model places less surely than the trunk's whole length; this frame keeps a tilt
    of the hip line out of the body's planes (its turn to the camera still comes from it)."""
    hips, trunk = _hips_and_trunk(_check(landmarks))
    up, lateral = _orthonormal(trunk, hips)
    return np.stack([lateral, up, np.cross(lateral, up)], axis=-2)


def _hips_and_trunk(lm: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The hip line (right hip -> left hip) and the trunk (mid-hip -> mid-shoulder)."""
    hips = _point(lm, "left_hip") - _point(lm, "right_hip")
    return hips, _mid(lm, "left_shoulder", "right_shoulder") - _mid(lm, "left_hip", "right_hip")


def _orthonormal(lead: FloatArray, other: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``lead`` made unit, and ``other`` made orthogonal to it and unit (Gram-Schmidt)."""
    first = _unit(lead)
    return first, _unit(other - np.sum(other * first, axis=-1, keepdims=True) * first)


def to_body(landmarks: ArrayLike, vectors: FloatArray) -> FloatArray:
    """World vectors (..., 3) -> body coordinates (left, up, forward) of the same frames."""
    frame = body_frame(landmarks)
    result: FloatArray = np.einsum("...ij,...j->...i", frame, vectors)
    return result


def _thigh(lm: FloatArray, side: str) -> FloatArray:
    return _point(lm, f"{side}_knee") - _point(lm, f"{side}_hip")


def hip_flexion_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """Angle between the thigh (hip -> knee) and the trunk's downward axis (mid-shoulder ->
    mid-hip); 0 standing, 90 thigh level in front. Unsigned: a thigh swung back also reads > 0.
    """
    lm = _check(landmarks)
    _side(side)
    down = _mid(lm, "left_hip", "right_hip") - _mid(lm, "left_shoulder", "right_shoulder")
    return angle_between_deg(_thigh(lm, side), down)


def hip_flexion_signed_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """Thigh angle in the body's sagittal plane: + forward, - backward (extension), 0 in line
    with the trunk. The thigh is projected onto the (up, forward) plane of :func:`body_frame`.
    """
    lm = _check(landmarks)
    _side(side)
    thigh = to_body(lm, _thigh(lm, side))
    result: FloatArray = np.degrees(np.arctan2(thigh[..., 2], -thigh[..., 1]))
    return result


def hip_abduction_signed_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """Thigh angle in the body's frontal plane: + out to its own side, - across the midline.

    The thigh is projected onto the (lateral, up) plane of :func:`body_frame`; meaningful while
    the thigh is not far forward (the plane of the lateral swing).
    """
    lm = _check(landmarks)
    s = _side(side)
    thigh = to_body(lm, _thigh(lm, side))
    result: FloatArray = np.degrees(np.arctan2(s * thigh[..., 0], -thigh[..., 1]))
    return result


def knee_flexion_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """180 minus the hip-knee-ankle angle: 0 straight, larger as the heel nears the glute."""
    lm = _check(landmarks)
    _side(side)
    knee = _point(lm, f"{side}_knee")
    inner = angle_between_deg(_point(lm, f"{side}_hip") - knee, _point(lm, f"{side}_ankle") - knee)
    return 180.0 - inner


def ankle_dorsiflexion_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """90 minus the angle between the shank (ankle -> knee) and the foot (heel -> foot_index);
    about 0 standing, + toes pulled up, - toes pointed.
    """
    lm = _check(landmarks)
    _side(side)
    shank = _point(lm, f"{side}_knee") - _point(lm, f"{side}_ankle")
    foot = _point(lm, f"{side}_foot_index") - _point(lm, f"{side}_heel")
    return 90.0 - angle_between_deg(shank, foot)


def trunk_lean_deg(landmarks: ArrayLike, up: ArrayLike) -> FloatArray:
    """Angle of the trunk (mid-hip -> mid-shoulder) from the world's vertical, any direction.

    ``up`` is the world's up vector in the landmarks' frame: :data:`SYNTH_UP` (+y) for the
    synthetic world, :data:`MEDIAPIPE_WORLD_UP` (-y) for MediaPipe's world landmarks.
    """
    lm = _check(landmarks)
    trunk = _mid(lm, "left_shoulder", "right_shoulder") - _mid(lm, "left_hip", "right_hip")
    return angle_between_deg(trunk, np.broadcast_to(np.asarray(up, dtype=np.float64), trunk.shape))


def trunk_depth_tilt_deg(landmarks: ArrayLike, up: ArrayLike) -> FloatArray:
    """The trunk's tilt toward the camera (+) or away from it (-), from ``up`` (in the picture's
    plane, MediaPipe's frame: z away from the camera): its lean in the one direction the
    picture cannot show, so only the pose model's depth says it."""
    lm = _check(landmarks)
    trunk = _mid(lm, "left_shoulder", "right_shoulder") - _mid(lm, "left_hip", "right_hip")
    upright = trunk @ np.asarray(up, dtype=np.float64)
    return np.degrees(np.arctan2(-trunk[..., 2], upright))


def arm_elevation_deg(landmarks: ArrayLike, side: Side) -> FloatArray:
    """Angle between the arm (shoulder -> wrist) and the trunk's downward axis: 0 hanging,
    90 straight out in front or to the side, 180 overhead."""
    lm = _check(landmarks)
    _side(side)
    down = _mid(lm, "left_hip", "right_hip") - _mid(lm, "left_shoulder", "right_shoulder")
    arm = _point(lm, f"{side}_wrist") - _point(lm, f"{side}_shoulder")
    return angle_between_deg(arm, down)


def distance_m(landmarks: ArrayLike, a: str, b: str) -> FloatArray:
    """Distance between two named landmarks (metres in world landmarks)."""
    lm = _check(landmarks)
    result: FloatArray = np.linalg.norm(_point(lm, a) - _point(lm, b), axis=-1)
    return result


def segment_distance(point: ArrayLike, a: ArrayLike, b: ArrayLike) -> FloatArray:
    """Distance from ``point`` to the nearest point of the segment ``a``-``b`` (..., 3) (a hand
    on a shin or a foot may hold it anywhere along it)."""
    p, a_, b_ = (np.asarray(x, dtype=np.float64) for x in (point, a, b))
    ab = b_ - a_
    with np.errstate(invalid="ignore", divide="ignore"):
        u = np.sum((p - a_) * ab, axis=-1) / np.maximum(np.sum(ab * ab, axis=-1), 1e-12)
    nearest = a_ + np.clip(u, 0.0, 1.0)[..., None] * ab
    result: FloatArray = np.linalg.norm(p - nearest, axis=-1)
    return result


def midline_offset_m(landmarks: ArrayLike, name: str, side: Side) -> FloatArray:
    """How far a landmark lies across the body's midline, seen from ``side``'s leg.

    Signed along the body's lateral axis from mid-hip: 0 on the midline, negative on ``side``'s
    own half, positive once it has crossed to the opposite half (the figure four's ankle).
    """
    lm = _check(landmarks)
    s = _side(side)
    offset = to_body(lm, _point(lm, name) - _mid(lm, "left_hip", "right_hip"))
    result: FloatArray = -s * offset[..., 0]
    return result


@dataclass(frozen=True)
class SwingCycle:
    """One swing cycle of a signed-angle series: frames [start, stop), its extremes and range."""

    start: int
    stop: int
    i_max: int
    i_min: int
    range_deg: float


def swing_cycles(
    angle_deg: ArrayLike, *, band_fraction: float = 0.25, min_band_deg: float = 3.0
) -> list[SwingCycle]:
    """Split a per-frame signed-angle series (NaN allowed) into swing cycles.

    A cycle runs from one upward crossing of the series' midline to the next, so it holds one
    high extreme (out / forward) followed by one low extreme (across / back). Crossings use
    hysteresis: the midline is halfway between the 5th and 95th percentiles and the band is
    ``band_fraction`` of that spread either side (at least ``min_band_deg``). The last cycle
    counts once the series has come back up by a band from its low extreme.
    """
    x = np.asarray(angle_deg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"a swing series is 1-D, got shape {x.shape}")
    valid = np.flatnonzero(np.isfinite(x))
    if valid.size < 3:
        return []
    lo_p, hi_p = np.percentile(x[valid], [5.0, 95.0])
    mid = 0.5 * (lo_p + hi_p)
    band = max(band_fraction * (hi_p - lo_p), min_band_deg)
    high, low = mid + band, mid - band

    rises: list[int] = []
    state = "low" if x[valid[0]] < mid else "high"
    low_since_rise = np.inf  # running minimum since the series last went low
    recovered = False
    for i in valid:
        v = float(x[i])
        if state == "low" and v > high:
            rises.append(int(i))
            state, low_since_rise, recovered = "high", np.inf, False
        elif state == "high" and v < low:
            state = "low"
        if state == "low" and rises:
            low_since_rise = min(low_since_rise, v)
            recovered = recovered or v > low_since_rise + band
    bounds = [*rises]
    if rises and state == "low" and recovered:
        bounds.append(int(valid[-1]) + 1)
    cycles: list[SwingCycle] = []
    for start, stop in itertools.pairwise(bounds):
        seg = x[start:stop]
        i_max = start + int(np.nanargmax(seg))
        i_min = start + int(np.nanargmin(seg))
        cycles.append(SwingCycle(start, stop, i_max, i_min, float(x[i_max] - x[i_min])))
    return cycles


def swing_range_deg(angle_deg: ArrayLike, **kwargs: float) -> FloatArray:
    """Per-cycle ranges (max - min, degrees) of a signed swing-angle series; see
    :func:`swing_cycles` for how cycles are cut."""
    return np.array([c.range_deg for c in swing_cycles(angle_deg, **kwargs)], dtype=np.float64)
