"""Forward kinematics: DOF vectors (see :mod:`postrun.synth.dofs`) -> MediaPipe's 33 landmarks.

The pelvis is the root: it carries ``root_*`` and turns only with ``root_yaw_deg``. The legs hang
from the pelvis and the trunk pivots about the mid-hip point, so bending the trunk forward leaves
the thighs where they are (and so *raises* the measured hip flexion, which is thigh vs trunk).

Rotation order per joint, applied in the parent segment's frame (x left, y up, z forward at
rest), the ISB-style sequence flexion -> ab/adduction about the flexed segment -> axial rotation:
- hip: ``R_x(-flexion) R_z(s*abduction) R_y(s*rotation)``, s = +1 left, -1 right. With the
  hip flexed 90 deg, abduction turns the thigh outward in the horizontal plane and external
  rotation swings a bent knee's foot across the midline (the figure four).
- knee ``R_x(+flexion)`` (heel back), ankle ``R_x(-dorsiflexion)`` (toes up).
- shoulder: ``R_x(-flexion) R_z(s*abduction)``, elbow ``R_x(-flexion)`` (forearm forward).
- trunk about mid-hip: ``R_x(flexion) R_z(-lateral) R_y(twist)``; head ``R_x(head_flexion)``.
- root: ``R_y(root_yaw)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.skeleton import Body
from postrun.vision.landmarks import COUNT
from postrun.vision.landmarks import INDEX as LM

FloatArray = NDArray[np.float64]

_SIGN = {"left": 1.0, "right": -1.0}


def _rot(axis: int, angle_deg: FloatArray) -> FloatArray:
    """Rotation matrices (N, 3, 3) about a coordinate axis (0=x, 1=y, 2=z), right-handed."""
    a = np.radians(angle_deg)
    c, s = np.cos(a), np.sin(a)
    m = np.zeros((*a.shape, 3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    m[..., axis, axis] = 1.0
    m[..., i, i] = c
    m[..., j, j] = c
    m[..., i, j] = -s
    m[..., j, i] = s
    return m


def rot_x(angle_deg: FloatArray) -> FloatArray:
    return _rot(0, angle_deg)


def rot_y(angle_deg: FloatArray) -> FloatArray:
    return _rot(1, angle_deg)


def rot_z(angle_deg: FloatArray) -> FloatArray:
    return _rot(2, angle_deg)


def _apply(rotation: FloatArray, offset: FloatArray) -> FloatArray:
    """rotation (N,3,3) @ offset (3,) or (N,3) -> (N,3)."""
    if offset.ndim == 1:
        return rotation @ offset
    result: FloatArray = np.einsum("nij,nj->ni", rotation, offset)
    return result


@dataclass(frozen=True)
class Rig:
    """FK result: landmarks (N, 33, 3) plus the segment frames the arm solver needs."""

    landmarks: FloatArray
    trunk: FloatArray  # (N, 3, 3) trunk frame, columns = its left, up, forward axes in world
    shoulders: FloatArray  # (N, 2, 3) left, right shoulder positions


def pose_rig(dofs: FloatArray, body: Body) -> Rig:
    """Forward kinematics for DOF rows (N, len(DOFS)) -> :class:`Rig`."""
    q = np.asarray(dofs, dtype=np.float64)
    if q.ndim != 2 or q.shape[1] != len(DOFS):
        raise ValueError(f"dofs must be (N, {len(DOFS)}), got {q.shape}")
    n = q.shape[0]

    def col(name: str) -> FloatArray:
        return q[:, INDEX[name]]

    out = np.empty((n, COUNT, 3))
    pelvis = np.stack([col("root_x"), col("root_y") + body.hip_height_m, col("root_z")], axis=-1)
    r_pelvis = rot_y(col("root_yaw_deg"))

    for side, s in _SIGN.items():
        hip = pelvis + _apply(r_pelvis, np.array([s * body.hip_half_width_m, 0.0, 0.0]))
        r_thigh = (
            r_pelvis
            @ rot_x(-col(f"{side}_hip_flexion_deg"))
            @ rot_z(s * col(f"{side}_hip_abduction_deg"))
            @ rot_y(s * col(f"{side}_hip_rotation_deg"))
        )
        knee = hip + _apply(r_thigh, np.array([0.0, -body.thigh_m, 0.0]))
        r_shank = r_thigh @ rot_x(col(f"{side}_knee_flexion_deg"))
        ankle = knee + _apply(r_shank, np.array([0.0, -body.shank_m, 0.0]))
        r_foot = r_shank @ rot_x(-col(f"{side}_ankle_dorsiflexion_deg"))
        heel_off, toe_off = body.foot_offsets()
        out[:, LM[f"{side}_hip"]] = hip
        out[:, LM[f"{side}_knee"]] = knee
        out[:, LM[f"{side}_ankle"]] = ankle
        out[:, LM[f"{side}_heel"]] = ankle + _apply(r_foot, heel_off)
        out[:, LM[f"{side}_foot_index"]] = ankle + _apply(r_foot, toe_off)

    r_trunk = (
        r_pelvis
        @ rot_x(col("trunk_flexion_deg"))
        @ rot_z(-col("trunk_lateral_deg"))
        @ rot_y(col("trunk_twist_deg"))
    )
    mid_shoulder = pelvis + _apply(r_trunk, np.array([0.0, body.trunk_m, 0.0]))
    shoulders = np.empty((n, 2, 3))
    for k, (side, s) in enumerate(_SIGN.items()):
        shoulder = mid_shoulder + _apply(
            r_trunk, np.array([s * body.shoulder_half_width_m, 0.0, 0.0])
        )
        shoulders[:, k] = shoulder
        r_upper = (
            r_trunk
            @ rot_x(-col(f"{side}_shoulder_flexion_deg"))
            @ rot_z(s * col(f"{side}_shoulder_abduction_deg"))
        )
        elbow = shoulder + _apply(r_upper, np.array([0.0, -body.upper_arm_m, 0.0]))
        r_fore = r_upper @ rot_x(-col(f"{side}_elbow_flexion_deg"))
        wrist = elbow + _apply(r_fore, np.array([0.0, -body.forearm_m, 0.0]))
        hand = wrist[:, None, :] + np.einsum("nij,kj->nki", r_fore, body.hand_offsets(s))
        out[:, LM[f"{side}_shoulder"]] = shoulder
        out[:, LM[f"{side}_elbow"]] = elbow
        out[:, LM[f"{side}_wrist"]] = wrist
        out[:, LM[f"{side}_pinky"]] = hand[:, 0]
        out[:, LM[f"{side}_index"]] = hand[:, 1]
        out[:, LM[f"{side}_thumb"]] = hand[:, 2]

    neck = mid_shoulder + _apply(r_trunk, body.neck_offset())
    r_head = r_trunk @ rot_x(col("head_flexion_deg"))
    out[:, 0:11] = neck[:, None, :] + np.einsum("nij,kj->nki", r_head, body.face_offsets())
    return Rig(landmarks=out, trunk=r_trunk, shoulders=shoulders)


def forward_kinematics(dofs: FloatArray, body: Body) -> FloatArray:
    """DOF array (..., len(DOFS)) -> world landmarks (..., 33, 3) in metres (y up)."""
    q = np.asarray(dofs, dtype=np.float64)
    lead = q.shape[:-1]
    rig = pose_rig(q.reshape(-1, q.shape[-1]), body)
    return rig.landmarks.reshape(*lead, COUNT, 3)


_FEET = [LM[f"{side}_{part}"] for side in _SIGN for part in ("heel", "foot_index")]


def grounded_root_y(dofs: FloatArray, body: Body) -> FloatArray:
    """The ``root_y`` per frame that puts the lowest heel or toe on the floor.

    Squats and bent standing knees lower the pelvis; a pointed standing foot lifts it.
    """
    q = np.array(dofs, dtype=np.float64).reshape(-1, len(DOFS))
    q[:, INDEX["root_y"]] = 0.0
    lowest = pose_rig(q, body).landmarks[:, _FEET, 1].min(axis=1)
    result: FloatArray = body.sole_height_m() - lowest
    return result.reshape(np.shape(dofs)[:-1])
