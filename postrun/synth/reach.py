"""Arm placement: solve shoulder and elbow DOFs so a hand reaches a point (two-link IK).

Drill poses are defined by where the hands must be (on the knee, on the foot, on a wall), so the
motion library asks this module for the arm angles instead of guessing them.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import INDEX
from postrun.synth.kinematics import pose_rig
from postrun.synth.skeleton import Body

FloatArray = NDArray[np.float64]

_SIGN = {"left": 1.0, "right": -1.0}


def reach(
    pose: FloatArray,
    body: Body,
    side: str,
    contact: FloatArray,
    *,
    palm_m: float | None = None,
) -> FloatArray:
    """Copy of ``pose`` (one DOF row) with ``side``'s arm set so its hand touches ``contact``.

    The wrist is aimed ``palm_m`` short of the contact point (default: 0.6 x the hand length,
    since the palm, not the wrist, holds the knee or foot). Out-of-reach points get the arm
    pointing straight at them, elbow almost straight. There is no upper-arm rotation DOF, so the
    elbow bends in the arm's flexion plane: close points far out to the side are approximate.
    """
    s = _SIGN[side]
    q = np.array(pose, dtype=np.float64)
    rig = pose_rig(q[None, :], body)
    shoulder = rig.shoulders[0, 0 if side == "left" else 1]
    trunk = rig.trunk[0]
    palm = 0.6 * body.hand_ratio * body.height_m if palm_m is None else palm_m

    to_contact = trunk.T @ (np.asarray(contact, dtype=np.float64) - shoulder)
    dist = float(np.linalg.norm(to_contact))
    a, b = body.upper_arm_m, body.forearm_m
    d = float(np.clip(dist - palm, 0.35 * (a + b), 0.995 * (a + b)))
    t = to_contact / max(dist, 1e-9) * d

    cos_e = float(np.clip((d * d - a * a - b * b) / (2.0 * a * b), -1.0, 1.0))
    elbow = math.acos(cos_e)
    vy, vz = -(a + b * cos_e), b * math.sin(elbow)
    gamma = math.asin(float(np.clip(-t[0] / vy, -1.0, 1.0)))
    py = vy * math.cos(gamma)
    theta = math.atan2(t[1], t[2]) - math.atan2(py, vz)
    theta = (theta + math.pi) % (2.0 * math.pi) - math.pi

    q[INDEX[f"{side}_shoulder_flexion_deg"]] = math.degrees(theta)
    q[INDEX[f"{side}_shoulder_abduction_deg"]] = s * math.degrees(gamma)
    q[INDEX[f"{side}_elbow_flexion_deg"]] = math.degrees(elbow)
    return q
