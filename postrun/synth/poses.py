"""Small helpers for building DOF rows by name, and the poses every generator starts from."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Side
from postrun.synth.reach import reach
from postrun.synth.skeleton import Body
from postrun.vision.landmarks import INDEX as LM

FloatArray = NDArray[np.float64]


BOTH: tuple[Side, Side] = ("left", "right")


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


def put(pose: FloatArray, side: Side | None = None, **values: float) -> FloatArray:
    """Copy of ``pose`` with DOFs set by name; with ``side``, names are per-side
    (``hip_flexion_deg`` -> ``left_hip_flexion_deg``)."""
    q = np.array(pose, dtype=np.float64)
    for name, value in values.items():
        q[INDEX[f"{side}_{name}" if side else name]] = value
    return q


def get(pose: FloatArray, name: str, side: Side | None = None) -> float:
    return float(pose[INDEX[f"{side}_{name}" if side else name]])


def blend(
    a: FloatArray, b: FloatArray, w: float, names: tuple[str, ...] | None = None
) -> FloatArray:
    """``a`` moved a fraction ``w`` toward ``b`` (only the DOFs whose names contain one of
    ``names``, if given)."""
    q = np.array(a, dtype=np.float64)
    cols = [i for i, n in enumerate(DOFS) if names is None or any(s in n for s in names)]
    q[cols] = a[cols] + w * (b[cols] - a[cols])
    return q


LEG = ("hip_", "knee_", "ankle_")
ARM = ("shoulder_", "elbow_")


def stand_on(pose: FloatArray, side: Side, knee_flexion_deg: float) -> FloatArray:
    """The standing leg, knee a little bent, foot flat (dorsiflexion = knee - hip flexion)."""
    hip = get(pose, "hip_flexion_deg", side)
    return put(
        pose,
        side,
        knee_flexion_deg=knee_flexion_deg,
        ankle_dorsiflexion_deg=knee_flexion_deg - hip,
    )


def relaxed(rng: np.random.Generator, pose: FloatArray | None = None) -> FloatArray:
    """Standing with arms hanging loosely (a little forward, out and bent, as people stand)."""
    q = np.zeros(len(DOFS)) if pose is None else np.array(pose, dtype=np.float64)
    for side in BOTH:
        q = put(
            q,
            side,
            shoulder_flexion_deg=float(rng.uniform(0.0, 8.0)),
            shoulder_abduction_deg=float(rng.uniform(3.0, 8.0)),
            elbow_flexion_deg=float(rng.uniform(5.0, 20.0)),
            hip_flexion_deg=0.0,
            hip_abduction_deg=float(rng.uniform(0.0, 3.0)),
            hip_rotation_deg=float(rng.uniform(0.0, 8.0)),
        )
        q = stand_on(q, side, float(rng.uniform(0.0, 3.0)))
    return q


def heading(pose: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The pelvis's lateral (left), up and forward unit vectors in the world."""
    yaw = math.radians(get(pose, "root_yaw_deg"))
    lateral = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])
    forward = np.array([math.sin(yaw), 0.0, math.cos(yaw)])
    return lateral, np.array([0.0, 1.0, 0.0]), forward


def landmark(pose: FloatArray, body: Body, name: str) -> FloatArray:
    """World position of one landmark in a single pose."""
    result: FloatArray = forward_kinematics(pose, body)[LM[name]]
    return result


def hands_to(
    pose: FloatArray, body: Body, contacts: dict[Side, FloatArray], palm_m: float | None = None
) -> FloatArray:
    """Pose with each listed hand placed on its contact point."""
    q = pose
    for side, point in contacts.items():
        q = reach(q, body, side, point, palm_m=palm_m)
    return q
