"""Per-frame body features from world landmarks: the numbers every drill rule reads.

Angles come from :mod:`postrun.routines.metrics` (the body's own frame, so the camera's position
does not matter). Hand and foot positions are expressed as ratios of the thigh's length so they
do not depend on body size or on MediaPipe's metric scale. A feature whose landmarks the camera
cannot see (visibility below the gate) is NaN: not judged, rather than judged wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.routines import metrics as m
from postrun.vision.landmarks import INDEX

FloatArray = NDArray[np.float64]
SIDES: tuple[m.Side, m.Side] = ("left", "right")
OTHER: dict[m.Side, m.Side] = {"left": "right", "right": "left"}

# The trunk is rigid: one shoulder and one hip in view place it (side-on, the far ones are hidden).
_TRUNK: tuple[str | tuple[str, ...], ...] = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
)
Needs = tuple[str | tuple[str, ...], ...]  # all of these; a tuple inside means any one of it


def _leg(side: str) -> tuple[str, ...]:
    return (f"{side}_hip", f"{side}_knee", f"{side}_ankle")


def _foot(side: str) -> tuple[str, ...]:
    return (*_leg(side), f"{side}_heel", f"{side}_foot_index")


def _point(lm: FloatArray, name: str) -> FloatArray:
    return lm[..., INDEX[name], :]


def _thigh_length(lm: FloatArray) -> FloatArray:
    lengths = [
        np.linalg.norm(_point(lm, f"{s}_knee") - _point(lm, f"{s}_hip"), axis=-1) for s in SIDES
    ]
    stacked = np.stack(lengths)
    count = np.isfinite(stacked).sum(axis=0)
    total = np.nansum(stacked, axis=0)
    result: FloatArray = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return result


def _reach(lm: FloatArray, wrist: str, target: FloatArray) -> FloatArray:
    result: FloatArray = np.linalg.norm(_point(lm, wrist) - target, axis=-1) / _thigh_length(lm)
    return result


def _side_features(
    side: str,
) -> dict[str, tuple[Callable[[FloatArray], FloatArray], Needs]]:
    """name -> (function of the landmarks, landmarks it needs to see)."""
    other = OTHER[side]
    knee, ankle = f"{side}_knee", f"{side}_ankle"

    def hands_to_knee(lm: FloatArray) -> FloatArray:
        # Both hands at the front of the knee: the farther hand decides.
        target = _point(lm, knee)
        return np.fmax(_reach(lm, "left_wrist", target), _reach(lm, "right_wrist", target))

    def mid_shin(lm: FloatArray) -> FloatArray:
        return 0.5 * (_point(lm, knee) + _point(lm, ankle))

    both_wrists = ("left_wrist", "right_wrist")
    return {
        "hip_flexion_deg": (lambda lm: m.hip_flexion_deg(lm, side), (*_TRUNK, knee)),
        "hip_flexion_signed_deg": (lambda lm: m.hip_flexion_signed_deg(lm, side), (*_TRUNK, knee)),
        "hip_abduction_signed_deg": (
            lambda lm: m.hip_abduction_signed_deg(lm, side),
            (*_TRUNK, knee),
        ),
        "knee_flexion_deg": (lambda lm: m.knee_flexion_deg(lm, side), _leg(side)),
        "ankle_dorsiflexion_deg": (lambda lm: m.ankle_dorsiflexion_deg(lm, side), _foot(side)),
        "hands_to_knee": (hands_to_knee, (*_leg(side), *both_wrists)),
        "same_hand_to_foot": (
            lambda lm: _reach(lm, f"{side}_wrist", _point(lm, ankle)),
            (*_leg(side), f"{side}_wrist"),
        ),
        "figure_four_hands": (
            # Same hand at the knee and the other around the shin: the farther one decides.
            lambda lm: np.fmax(
                _reach(lm, f"{side}_wrist", _point(lm, knee)),
                _reach(lm, f"{other}_wrist", mid_shin(lm)),
            ),
            (*_leg(side), *both_wrists),
        ),
        "ankle_cross": (
            # How far the ankle has crossed the midline, in hip widths (figure four).
            lambda lm: (
                m.midline_offset_m(lm, ankle, side) / m.distance_m(lm, "left_hip", "right_hip")
            ),
            (*_TRUNK, ankle),
        ),
        "arm_elevation_deg": (
            lambda lm: m.arm_elevation_deg(lm, side),
            (*_TRUNK, f"{side}_wrist"),
        ),
    }


SIDE_FEATURES: tuple[str, ...] = tuple(_side_features("left"))


def feature_names() -> tuple[str, ...]:
    return (*(f"{s}_{n}" for s in SIDES for n in SIDE_FEATURES), "trunk_lean_deg")


def compute_features(
    world: ArrayLike,
    visibility: ArrayLike,
    up: ArrayLike,
    min_visibility: float = 0.5,
) -> dict[str, FloatArray]:
    """Features for frames of world landmarks (..., 33, 3) with visibility (..., 33)."""
    lm = np.asarray(world, dtype=np.float64)
    vis = np.asarray(visibility, dtype=np.float64)
    seen = {name: vis[..., i] >= min_visibility for name, i in INDEX.items()}

    def visible(need: str | tuple[str, ...]) -> NDArray[np.bool_]:
        if isinstance(need, str):
            return seen[need]
        result: NDArray[np.bool_] = np.logical_or.reduce([seen[n] for n in need])
        return result

    def gated(values: FloatArray, needs: Needs) -> FloatArray:
        ok = np.logical_and.reduce([visible(n) for n in needs])
        return np.where(ok, values, np.nan)

    out: dict[str, FloatArray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for side in SIDES:
            for name, (fn, needs) in _side_features(side).items():
                out[f"{side}_{name}"] = gated(fn(lm), needs)
        out["trunk_lean_deg"] = gated(m.trunk_lean_deg(lm, up), _TRUNK)
    return out
