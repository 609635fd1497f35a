"""Before the drills: is the whole body in view (setup), and this person's neutral stance
(calibration). Pure logic on :class:`~postrun.vision.types.Pose` and per-frame features.

Framing reads the image landmarks (what the camera sees); the stance reads the world landmarks
and the features. ``brightness`` is the frame's mean luma scaled to 0..1, measured by the
caller (a picture concern); None means unknown, which passes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from postrun.routines.features import SIDES
from postrun.routines.metrics import Side
from postrun.vision.landmarks import INDEX
from postrun.vision.types import Pose

_HEAD = ("nose", "left_eye", "right_eye")
_FEET = ("left_ankle", "right_ankle", "left_heel", "right_heel")
_TORSO = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")


@dataclass(frozen=True)
class FramingLimits:
    min_height: float = 0.45  # body height / image height: closer than this from far away...
    max_height: float = 0.90  # ...and no closer, so a raised knee or a swing stays in view
    margin: float = 0.01  # landmarks this close to the image edge count as cut off
    min_visibility: float = 0.5
    min_brightness: float = 0.15  # mean luma 0..1; below it the pose model starts guessing


@dataclass(frozen=True)
class Framing:
    ok: bool
    guidance: str  # what to do, or what is good
    body_height: float | None  # visible landmarks' height as a fraction of the image height


def present(pose: Pose | None) -> bool:
    """Whether anybody is in the picture at all (the pose model found a person)."""
    return pose is not None and bool(np.isfinite(pose.image[:, :2]).any())


def check_framing(
    pose: Pose | None, brightness: float | None = None, limits: FramingLimits | None = None
) -> Framing:
    """Whether the whole body is in view at a good size; if not, the one thing to change."""
    lim = limits or FramingLimits()
    if brightness is not None and brightness < lim.min_brightness:
        return Framing(False, "Too dark: turn on a light or face a window", None)
    if pose is None or not present(pose):
        return Framing(False, "Step into view, 2 to 3 metres from the camera", None)
    xy = pose.image[:, :2].astype(np.float64)
    seen = np.isfinite(xy).all(axis=1) & (pose.visibility >= lim.min_visibility)
    inside = seen & np.all((xy >= lim.margin) & (xy <= 1.0 - lim.margin), axis=1)

    def all_in(names: tuple[str, ...]) -> bool:
        return all(bool(inside[INDEX[n]]) for n in names)

    height = float(np.ptp(xy[seen, 1])) if seen.any() else None
    if not all_in(_TORSO):
        return Framing(False, "Move to the middle of the picture", height)
    if not all_in(_FEET):
        return Framing(False, "Step back so your feet are in view", height)
    if not any(bool(inside[INDEX[n]]) for n in _HEAD):
        return Framing(False, "Step back so your head is in view", height)
    if height is None or height > lim.max_height:
        return Framing(False, "Step back a little", height)
    if height < lim.min_height:
        return Framing(False, "Come a little closer", height)
    return Framing(True, "Good: hold still", height)


@dataclass(frozen=True)
class Calibration:
    """This person standing tall, measured over the calibration seconds.

    ``up``: the trunk's direction (mid-hip -> mid-shoulder) in the picture's plane of the world
    landmarks' frame, a unit vector; pass it as ``up`` to
    :func:`postrun.routines.features.compute_features` so a camera tilted sideways does not read
    as a leaning trunk. ``neutral_ankle_dorsiflexion_deg``: the standing
    ankle angle per side (None where the feet were never seen well enough).
    """

    body_height: float
    up: tuple[float, float, float]
    neutral_ankle_dorsiflexion_deg: Mapping[Side, float | None]
    standing_lean_deg: float | None  # the trunk lean the features showed while standing tall
    samples: int


# Hip and knee flexion above this: not standing tall. Generous on purpose: from the front,
# MediaPipe's world landmarks read a straight standing leg as 20-25 degrees bent (depth error;
# measured on rendered clips), so only clearly bent legs are refused.
STANDING_MAX_DEG = 35.0
STILL_MAX_MOVE = 0.05  # the hips moving more than this (fraction of image height): not still


class Calibrator:
    """Collects standing frames; restarts when the person moves or bends."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._heights: list[float] = []
        self._ups: list[np.ndarray] = []
        self._ankles: dict[Side, list[float]] = {s: [] for s in SIDES}
        self._leans: list[float] = []
        self._anchor: np.ndarray | None = None

    @property
    def samples(self) -> int:
        return len(self._heights)

    def add(self, pose: Pose, features: Mapping[str, float], height: float) -> str | None:
        """Add a frame; returns guidance (and restarts) when this frame is not a still stance."""
        for side in SIDES:
            for name in ("hip_flexion_deg", "knee_flexion_deg"):
                if features.get(f"{side}_{name}", 0.0) > STANDING_MAX_DEG:
                    self.reset()
                    return "Stand tall, legs straight"
        hips = pose.image[[INDEX["left_hip"], INDEX["right_hip"]], :2].astype(np.float64)
        centre = np.nanmean(hips, axis=0) if np.isfinite(hips).any() else None
        if centre is not None:
            if self._anchor is None:
                self._anchor = centre
            elif float(np.linalg.norm(centre - self._anchor)) > STILL_MAX_MOVE:
                self.reset()
                self._anchor = centre
                return "Stand still for a moment"
        self._heights.append(height)
        world = pose.world.astype(np.float64)
        trunk = 0.5 * (world[INDEX["left_shoulder"]] + world[INDEX["right_shoulder"]]) - 0.5 * (
            world[INDEX["left_hip"]] + world[INDEX["right_hip"]]
        )
        norm = float(np.linalg.norm(trunk))
        if math.isfinite(norm) and norm > 1e-6:
            self._ups.append(trunk / norm)
        for side in SIDES:
            value = features.get(f"{side}_ankle_dorsiflexion_deg", math.nan)
            if math.isfinite(value):
                self._ankles[side].append(value)
        lean = features.get("trunk_lean_deg", math.nan)
        if math.isfinite(lean):
            self._leans.append(lean)
        return None

    def result(self) -> Calibration:
        up = (0.0, -1.0, 0.0)  # MediaPipe's world landmarks: y down
        if self._ups:
            # Only the picture's plane (a camera on its side or tilted sideways): the model's
            # depth of a trunk standing tall is no reference (the rendered demo's read 17
            # degrees toward the camera, the same trunk upright in the swings), so a pitched
            # camera is not corrected.
            mean = np.mean(self._ups, axis=0)
            mean[2] = 0.0
            mean /= np.linalg.norm(mean)
            up = (float(mean[0]), float(mean[1]), float(mean[2]))
        ankles: dict[Side, float | None] = {
            s: float(np.median(v)) if (v := self._ankles[s]) else None for s in SIDES
        }
        return Calibration(
            body_height=float(np.median(self._heights)) if self._heights else math.nan,
            up=up,
            neutral_ankle_dorsiflexion_deg=ankles,
            standing_lean_deg=float(np.median(self._leans)) if self._leans else None,
            samples=len(self._heights),
        )
