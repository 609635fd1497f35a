"""The body's degrees of freedom: the shared vocabulary of the motion library, the landmark
synthesizer and the mesh renderer.

A motion is a float array of shape (frames, len(DOFS)) in this column order plus a time axis.
Angles are in degrees, lengths in metres.

World frame (metres): right-handed, y up, origin on the floor under the pelvis at t=0. At
``root_yaw_deg = 0`` the person faces +z, so their anatomical left is +x.

Joint conventions (all zero in a relaxed upright stance, arms hanging):
- ``root_x/root_y/root_z``: pelvis offset from its start (root_y > 0 lifts the body).
- ``root_yaw_deg``: heading about +y; positive turns the person toward their left.
- ``trunk_flexion_deg``: positive bends forward; ``trunk_lateral_deg``: positive leans to the
  person's left; ``trunk_twist_deg``: positive turns the shoulders to the left.
- ``{side}_hip_flexion_deg``: thigh forward (+) / backward (-) in the sagittal plane.
- ``{side}_hip_abduction_deg``: thigh out to its own side (+) / across the midline (-).
- ``{side}_hip_rotation_deg``: external (+, knee and foot turn out) / internal (-).
- ``{side}_knee_flexion_deg``: 0 straight, positive bends (heel toward glute).
- ``{side}_ankle_dorsiflexion_deg``: 0 neutral, + toes up, - toes pointed.
- ``{side}_shoulder_flexion_deg``: arm forward and up (+), 90 = arm horizontal in front.
- ``{side}_shoulder_abduction_deg``: arm out to its side (+), across the body (-).
- ``{side}_elbow_flexion_deg``: 0 straight, positive bends.
- ``head_flexion_deg``: chin down (+).
"""

from __future__ import annotations

SIDES: tuple[str, str] = ("left", "right")

_PER_SIDE = (
    "hip_flexion_deg",
    "hip_abduction_deg",
    "hip_rotation_deg",
    "knee_flexion_deg",
    "ankle_dorsiflexion_deg",
    "shoulder_flexion_deg",
    "shoulder_abduction_deg",
    "elbow_flexion_deg",
)

DOFS: tuple[str, ...] = (
    "root_x",
    "root_y",
    "root_z",
    "root_yaw_deg",
    "trunk_flexion_deg",
    "trunk_lateral_deg",
    "trunk_twist_deg",
    "head_flexion_deg",
    *(f"{side}_{name}" for side in SIDES for name in _PER_SIDE),
)

INDEX: dict[str, int] = {name: i for i, name in enumerate(DOFS)}
