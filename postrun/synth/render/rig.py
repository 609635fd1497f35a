"""DOF rows -> segment rotations in the body frame: the joint conventions of the renderer.

Pure numpy. The conventions are those of :mod:`postrun.synth.dofs` and the landmark synthesizer
(:mod:`postrun.synth.kinematics`), so the same motion array poses the stick figure and the mesh
alike. Every rotation is expressed in the body frame: x toward the person's left, y up, z forward,
with the pelvis turned by ``root_yaw_deg`` only (the yaw and the root translation are applied last,
to the whole posed body). In the neutral pose every segment's own axes are those of the body frame:

- hip ``R_x(-flexion) R_z(s*abduction) R_y(s*rotation)``, s = +1 left, -1 right;
- knee ``R_x(+flexion)``, ankle ``R_x(-dorsiflexion)``;
- shoulder ``R_x(-flexion) R_z(s*abduction)``, elbow ``R_x(-flexion)``;
- trunk about the pelvis ``R_x(flexion) R_z(-lateral) R_y(twist)``; head ``R_x(head_flexion)``.

A segment's rotation is the product down its chain (thigh = hip; shank = hip knee; foot = hip
knee ankle; upper arm = trunk shoulder; forearm = trunk shoulder elbow), so a knee bends about
the thigh's own axis wherever the thigh points.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS, INDEX, SIDES
from postrun.synth.kinematics import rot_x, rot_y, rot_z

FloatArray = NDArray[np.float64]

SIGN: dict[str, float] = {"left": 1.0, "right": -1.0}

# Twist spreads over the spine bones (it does not move the mid-hip -> mid-shoulder line);
# flexion and lateral lean pivot rigidly at the pelvis, as in the landmark synthesizer.
SPINE_BONES: tuple[str, ...] = ("spine05", "spine04", "spine03", "spine02", "spine01")


def rot(axis: int, angle_deg: FloatArray) -> FloatArray:
    """Right-handed rotations (N, 3, 3) about a coordinate axis (0=x, 1=y, 2=z): the landmark
    synthesizer's own, so mesh and skeleton turn alike."""
    return (rot_x, rot_y, rot_z)[axis](np.asarray(angle_deg, dtype=np.float64))


def min_rotation(a: FloatArray, b: FloatArray) -> FloatArray:
    """The smallest rotation (3, 3) turning direction ``a`` onto direction ``b``."""
    a = np.asarray(a, dtype=np.float64) / np.linalg.norm(a)
    b = np.asarray(b, dtype=np.float64) / np.linalg.norm(b)
    axis = np.cross(a, b)
    s = float(np.linalg.norm(axis))
    c = float(np.dot(a, b))
    if s < 1e-9:
        if c > 0:
            return np.eye(3)
        raise ValueError("opposite directions have no unique smallest rotation")
    k = axis / s
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    result: FloatArray = np.eye(3) + s * kx + (1.0 - c) * (kx @ kx)
    return result


def check_dofs(dofs: FloatArray) -> FloatArray:
    q = np.asarray(dofs, dtype=np.float64)
    if q.ndim != 2 or q.shape[1] != len(DOFS):
        raise ValueError(f"motion must be shaped (frames, {len(DOFS)}), got {q.shape}")
    if not np.all(np.isfinite(q)):
        raise ValueError("motion contains NaN or infinite values")
    return q


def segment_rotations(dofs: FloatArray) -> dict[str, FloatArray]:
    """Per-frame joint products (N, 3, 3) in the body frame, keyed by segment.

    Keys: ``trunk``, ``spine_twist`` (the per-bone share of the twist), ``head_half`` (half the
    head flexion, applied at two neck bones), and per side ``thigh_{s}``, ``shank_{s}``,
    ``foot_{s}``, ``upper_arm_{s}``, ``forearm_{s}``; the arm products exclude the trunk.
    """
    q = check_dofs(dofs)

    def col(name: str) -> FloatArray:
        return q[:, INDEX[name]]

    out: dict[str, FloatArray] = {
        "trunk": rot(0, col("trunk_flexion_deg")) @ rot(2, -col("trunk_lateral_deg")),
        "spine_twist": rot(1, col("trunk_twist_deg") / len(SPINE_BONES)),
        "head_half": rot(0, col("head_flexion_deg") / 2.0),
    }
    for side in SIDES:
        s = SIGN[side]
        thigh = (
            rot(0, -col(f"{side}_hip_flexion_deg"))
            @ rot(2, s * col(f"{side}_hip_abduction_deg"))
            @ rot(1, s * col(f"{side}_hip_rotation_deg"))
        )
        shank = thigh @ rot(0, col(f"{side}_knee_flexion_deg"))
        upper = rot(0, -col(f"{side}_shoulder_flexion_deg")) @ rot(
            2, s * col(f"{side}_shoulder_abduction_deg")
        )
        out[f"thigh_{side}"] = thigh
        out[f"shank_{side}"] = shank
        out[f"foot_{side}"] = shank @ rot(0, -col(f"{side}_ankle_dorsiflexion_deg"))
        out[f"upper_arm_{side}"] = upper
        out[f"forearm_{side}"] = upper @ rot(0, -col(f"{side}_elbow_flexion_deg"))
    return out
