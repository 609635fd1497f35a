"""Per-frame body features from world landmarks: the numbers every drill rule reads.

Angles come from :mod:`postrun.routines.metrics` (the body's own frame, so the camera's position
does not matter), on landmarks that take the picture's plane from the image landmarks when they
are given (see :mod:`postrun.routines.witness`). Hand and foot positions are expressed as ratios
of the thigh's length so they do not depend on body size or on MediaPipe's metric scale. A
feature whose landmarks the camera cannot see (visibility below the gate) is NaN: not judged,
rather than judged wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.routines import metrics as m
from postrun.routines.witness import image_plane_world, in_plane
from postrun.vision.landmarks import INDEX

FloatArray = NDArray[np.float64]
SIDES: tuple[m.Side, m.Side] = ("left", "right")
OTHER: dict[m.Side, m.Side] = {"left": "right", "right": "left"}
Needs = tuple[str | tuple[str, ...], ...]  # all of these; a tuple inside means any one of it

# The trunk is rigid: one shoulder and one hip in view place it (side-on, the far ones are hidden).
# The pelvis alone is rigid too: a lifted thigh hides its own hip from the front, and the pose
# model places that hip from the other one, so either hip in view will do.
_HIPS = ("left_hip", "right_hip")
_TRUNK: Needs = (("left_shoulder", "right_shoulder"), _HIPS)
# Angles in the body's own planes need the hip line itself (the lateral axis): with one hip
# guessed, a 4 cm slip of it turns the frame by 10 degrees.
_FRAME: Needs = (("left_shoulder", "right_shoulder"), "left_hip", "right_hip")
Feature = tuple[Callable[[FloatArray], FloatArray], Needs]
LATERAL, FORWARD = 0, 2  # rows of a body frame, each the normal of one of the body's planes


def _leg(side: str) -> Needs:
    return (_HIPS, f"{side}_knee", f"{side}_ankle")


def _foot(side: str) -> Needs:
    return (f"{side}_knee", f"{side}_ankle", f"{side}_heel", f"{side}_foot_index")


def _point(lm: FloatArray, name: str) -> FloatArray:
    return lm[..., INDEX[name], :]


def _thigh_length(lm: FloatArray) -> FloatArray:
    """The body's scale: the mean thigh length of the frame (a size, so never gated)."""
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


def _reach_segment(lm: FloatArray, wrist: str, a: str, b: str) -> FloatArray:
    gap = m.segment_distance(_point(lm, wrist), _point(lm, a), _point(lm, b))
    result: FloatArray = gap / _thigh_length(lm)
    return result


def _down(lm: FloatArray) -> FloatArray:
    result: FloatArray = m.mid_hip(lm) - m.mid_shoulder(lm)
    return result


def _side_features(side: m.Side, up: FloatArray) -> dict[str, Feature]:
    """name -> (function of the landmarks, landmarks it needs to see)."""
    knee, ankle, hip = f"{side}_knee", f"{side}_ankle", f"{side}_hip"
    outward = 1.0 if side == "left" else -1.0  # the person's left is the hip line's direction

    def leg_elevation(lm: FloatArray) -> FloatArray:
        # The whole leg (hip -> ankle) from the trunk's down axis: a kick's height whatever the
        # knee does; a marching step with a bent knee keeps the foot under the hip (about 10).
        return m.angle_between_deg(_point(lm, ankle) - _point(lm, hip), _down(lm))

    def thigh_tilt(lm: FloatArray) -> FloatArray:
        # The thigh from the world's vertical: a standing leg stays near 0 however the trunk leans.
        thigh = _point(lm, knee) - _point(lm, hip)
        return m.angle_between_deg(thigh, np.broadcast_to(-up, thigh.shape))

    def from_vertical(lm: FloatArray, toward: FloatArray) -> FloatArray:
        # The thigh's signed angle from the world's vertical in the upright plane through the
        # horizontal direction ``toward`` (+ toward it).
        thigh = _point(lm, knee) - _point(lm, hip)
        ahead = np.sum(thigh * toward, axis=-1) / np.linalg.norm(toward, axis=-1)
        down = -np.sum(thigh * up, axis=-1) / np.linalg.norm(up)
        result: FloatArray = np.degrees(np.arctan2(ahead, down))
        return result

    def thigh_forward(lm: FloatArray) -> FloatArray:
        # The thigh's signed angle from the world's vertical in the pelvis's sagittal plane
        # (forward +, behind -): a walker's legs swing through it in turns, a standing leg does
        # not; the trunk does not enter, so a leaning trunk is no movement.
        lateral = _point(lm, "left_hip") - _point(lm, "right_hip")
        return from_vertical(lm, np.cross(lateral, np.broadcast_to(up, lateral.shape)))

    def in_plane_knee(lm: FloatArray, plane: int) -> FloatArray:
        # A swing's thigh moves in one of the body's planes: keep its picture and take its
        # depth from that plane (frontal: normal forward; sagittal: normal lateral), with the
        # plane from the trunk-led frame, since the hip line's tilt (the model drags the hips
        # with a swinging leg) would carry the thigh's height into its depth. Rendered seeds
        # 0-26: swing range MAE 17.6 -> 9.0 degrees. A thigh that leaves the plane (raised
        # forward as it swings across) is read off by as much.
        normal = m.trunk_frame(lm)[..., plane, :]
        moved = lm.copy()
        moved[..., INDEX[knee], :] = _point(lm, hip) + in_plane(
            _point(lm, knee) - _point(lm, hip), normal
        )
        return moved

    def thigh_out_in_plane(lm: FloatArray) -> FloatArray:
        # The in-plane thigh's signed angle from the world's vertical in the frontal plane (out
        # to its own side +, across -): the hip line gives the plane's direction, not its tilt.
        # The model tilts the hip line with a leg swung sideways (rendered clips from the front:
        # 8 degrees through a cycle whose pelvis stays level, 20 with the trunk swaying), and
        # the angle to that line read the swing a fifth short.
        moved = in_plane_knee(lm, FORWARD)
        hips = _point(moved, "left_hip") - _point(moved, "right_hip")
        across = hips - np.sum(hips * up, axis=-1, keepdims=True) * up / np.dot(up, up)
        return from_vertical(moved, outward * across)

    def in_plane_angle(lm: FloatArray, plane: int) -> FloatArray:
        # The in-plane thigh's angle in the body's frame: the metric's own.
        moved = in_plane_knee(lm, plane)
        if plane == FORWARD:
            return m.hip_abduction_signed_deg(moved, side)
        return m.hip_flexion_signed_deg(moved, side)

    return {
        "hip_flexion_deg": (lambda lm: m.hip_flexion_deg(lm, side), (*_TRUNK, knee)),
        "hip_flexion_signed_deg": (lambda lm: m.hip_flexion_signed_deg(lm, side), (*_FRAME, knee)),
        "hip_abduction_signed_deg": (
            lambda lm: m.hip_abduction_signed_deg(lm, side),
            (*_FRAME, knee),
        ),
        "hip_abduction_in_plane_deg": (lambda lm: in_plane_angle(lm, FORWARD), (*_FRAME, knee)),
        "thigh_out_in_plane_deg": (thigh_out_in_plane, (*_FRAME, knee)),
        "hip_flexion_in_plane_deg": (lambda lm: in_plane_angle(lm, LATERAL), (*_FRAME, knee)),
        "knee_flexion_deg": (lambda lm: m.knee_flexion_deg(lm, side), _leg(side)),
        "ankle_dorsiflexion_deg": (lambda lm: m.ankle_dorsiflexion_deg(lm, side), _foot(side)),
        "leg_elevation_deg": (leg_elevation, (*_TRUNK, ankle)),
        "thigh_tilt_deg": (thigh_tilt, (_HIPS, knee)),
        "thigh_forward_deg": (thigh_forward, ("left_hip", "right_hip", knee)),
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


def _seen_features(side: m.Side, picture: FloatArray) -> dict[str, Feature]:
    """Angles as the picture alone shows them (``picture``: the landmarks with depth zeroed)."""
    return {
        # The knee's bend: a straight leg looks straight from any view, so only the model's
        # depth can make it look bent, and a bent one shows unless its plane is edge-on
        # (rendered clips: straight kicks read up to 42 in 3D; in the picture 18 side-on, and
        # half side-on 14 at the 95th percentile).
        "knee_bend_seen_deg": (lambda _: m.knee_flexion_deg(picture, side), _leg(side)),
    }


def _hand_reaches(side: m.Side) -> dict[str, Feature]:
    """Each wrist's distance to a target on ``side``'s leg, in thigh lengths (gated one by one,
    so a hand hidden behind the body does not hide the other)."""
    knee, ankle = f"{side}_knee", f"{side}_ankle"

    def to_knee(wrist: str) -> Feature:
        return (lambda lm: _reach(lm, wrist, _point(lm, knee)), (wrist, knee))

    def to_shin(wrist: str) -> Feature:
        # A hand around the shin may hold it anywhere from the knee to the ankle.
        return (
            lambda lm: _reach_segment(lm, wrist, knee, ankle),
            (wrist, knee, ankle),
        )

    out: dict[str, Feature] = {}
    for wrist_side in SIDES:
        out[f"{wrist_side}_wrist_to_knee"] = to_knee(f"{wrist_side}_wrist")
        out[f"{wrist_side}_wrist_to_shin"] = to_shin(f"{wrist_side}_wrist")
    out[f"{side}_wrist_to_foot"] = (
        # The hand on the foot: anywhere from the ankle to the toes.
        lambda lm: _reach_segment(lm, f"{side}_wrist", ankle, f"{side}_foot_index"),
        (f"{side}_wrist", ankle, f"{side}_foot_index"),
    )
    return out


def _both(a: FloatArray, b: FloatArray) -> FloatArray:
    """The mean of two hands' reaches, or the one seen (both hidden: NaN, not judged)."""
    result: FloatArray = np.where(np.isnan(a), b, np.where(np.isnan(b), a, 0.5 * (a + b)))
    return result


def _hands(side: m.Side, reach: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """The drills' hand checks from the per-wrist reaches. Both hands hold, so both count: their
    mean, not the farther one, since the far hand behind the knee is the model's guess and on
    real pixels often a thigh's length off (rendered clips: the mean separates held from
    unheld hugs, the farther hand does not)."""
    other = OTHER[side]
    return {
        "hands_to_knee": _both(reach["left_wrist_to_knee"], reach["right_wrist_to_knee"]),
        "same_hand_to_foot": reach[f"{side}_wrist_to_foot"],
        # Same hand at the knee and the other around the shin.
        "figure_four_hands": _both(reach[f"{side}_wrist_to_knee"], reach[f"{other}_wrist_to_shin"]),
    }


HANDS = ("hands_to_knee", "same_hand_to_foot", "figure_four_hands")
SEEN = "_seen"  # suffix of a hand check measured in the picture's plane

SIDE_FEATURES: tuple[str, ...] = (
    *_side_features("left", np.zeros(3)),
    *_seen_features("left", np.zeros((1, 33, 3))),
    *HANDS,
    *(f"{name}{SEEN}" for name in HANDS),
)


VIEW_YAW_KEY = "view_yaw_deg"


def view_yaw_deg(world: ArrayLike) -> FloatArray:
    """The body's yaw from facing the camera, degrees (..., ): 0 frontal, 90 side-on; NaN if
    unknown.

    From world landmarks in the camera's axes (MediaPipe's world landmarks: x right, y down,
    z away), (..., 33, 3): the hip and shoulder lines' direction in the ground plane. Monocular
    depth is the least certain axis, so this is a rough witness (per rendered drill clip, camera
    0-8 degrees off the body's front: 1-20; 38-52 off: 26-52; 82-98 off: 70-88), enough to tell
    the three views apart.
    """
    lm = np.asarray(world, dtype=np.float64)
    lines = np.stack(
        [_point(lm, f"right_{j}") - _point(lm, f"left_{j}") for j in ("hip", "shoulder")]
    )
    known = np.isfinite(lines).all(axis=-1)  # a line with any coordinate missing is out
    across = np.where(known, np.abs(lines[..., 0]), 0.0).sum(axis=0)
    depth = np.where(known, np.abs(lines[..., 2]), 0.0).sum(axis=0)
    result: FloatArray = np.where(
        across + depth > 0.0, np.degrees(np.arctan2(depth, across)), np.nan
    )
    return result


# Where the body stands in the picture: the mid-hip's x and y and the trunk's length, in image
# heights. A drill is done in one place; a walker's hips travel across the picture or grow as
# they come closer (see DrillTracker's travel check).
BODY_KEYS = ("body_x", "body_y", "body_trunk")


def body_in_picture(image: ArrayLike, aspect: float) -> dict[str, FloatArray]:
    """:data:`BODY_KEYS` from normalised image landmarks (..., 33, 2+) and the frame's width /
    height."""
    img = np.asarray(image, dtype=np.float64)[..., :2] * np.array([aspect, 1.0])
    hips = 0.5 * (img[..., INDEX["left_hip"], :] + img[..., INDEX["right_hip"], :])
    shoulders = 0.5 * (img[..., INDEX["left_shoulder"], :] + img[..., INDEX["right_shoulder"], :])
    trunk: FloatArray = np.linalg.norm(shoulders - hips, axis=-1)
    return dict(zip(BODY_KEYS, (hips[..., 0], hips[..., 1], trunk), strict=True))


def feature_names() -> tuple[str, ...]:
    return (
        *(f"{s}_{n}" for s in SIDES for n in SIDE_FEATURES),
        "trunk_lean_deg",
        "trunk_depth_tilt_deg",
        VIEW_YAW_KEY,
        *BODY_KEYS,
    )


def compute_features(
    world: ArrayLike,
    visibility: ArrayLike,
    up: ArrayLike,
    min_visibility: float = 0.5,
    image: ArrayLike | None = None,
    aspect: float = 1.0,
) -> dict[str, FloatArray]:
    """Features for frames of world landmarks (..., 33, 3) with visibility (..., 33); with the
    same frames' normalised ``image`` landmarks and the frame's ``aspect`` (width / height), the
    picture's plane is read from the image."""
    lm = np.asarray(world, dtype=np.float64)
    yaw = view_yaw_deg(lm)  # from the model's depth: the image alone cannot tell the view
    body: dict[str, FloatArray] = {}
    if image is not None:
        lm = image_plane_world(lm, image, aspect)
        body = body_in_picture(image, aspect)
    picture = lm.copy()
    picture[..., 2] = 0.0
    vis = np.asarray(visibility, dtype=np.float64)
    up_vec = np.asarray(up, dtype=np.float64)
    seen = {name: vis[..., i] >= min_visibility for name, i in INDEX.items()}

    def visible(need: str | tuple[str, ...]) -> NDArray[np.bool_]:
        if isinstance(need, str):
            return seen[need]
        result: NDArray[np.bool_] = np.logical_or.reduce([seen[n] for n in need])
        return result

    def gated(feature: Feature, landmarks: FloatArray = lm) -> FloatArray:
        fn, needs = feature
        ok = np.logical_and.reduce([visible(n) for n in needs])
        return np.where(ok, fn(landmarks), np.nan)

    out: dict[str, FloatArray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for side in SIDES:
            for name, feature in _side_features(side, up_vec).items():
                out[f"{side}_{name}"] = gated(feature)
            for name, feature in _seen_features(side, picture).items():
                out[f"{side}_{name}"] = gated(feature)
            reach = {name: gated(feature) for name, feature in _hand_reaches(side).items()}
            for name, values in _hands(side, reach).items():
                out[f"{side}_{name}"] = values
            # The same reaches in the picture's plane: side-on the far hand is behind the leg
            # and its depth the model's guess, while in the picture a holding hand overlaps
            # the knee or foot whichever side of the leg it is on.
            flat = {n: gated(f, picture) for n, f in _hand_reaches(side).items()}
            for name, values in _hands(side, flat).items():
                out[f"{side}_{name}{SEEN}"] = values
        # The lean the picture shows: sideways facing the camera, forward or back side-on. Its
        # depth part is the model's guess (a trunk standing tall read 17 degrees toward the
        # camera on the demo), and on rendered clips dropping it halved false leans (trunk
        # error 4.5 -> 3.3 degrees). "up" is the calibration's, also in the picture's plane.
        out["trunk_lean_deg"] = gated((lambda _: m.trunk_lean_deg(picture, up_vec), _TRUNK))
        # ... and the depth part alone, for measuring from the person's own neutral stance
        # (routines.neutral), where the model's offset for this person and camera cancels.
        out["trunk_depth_tilt_deg"] = gated((lambda x: m.trunk_depth_tilt_deg(x, up_vec), _TRUNK))
        # Not gated: side-on the far hip and shoulder are always hidden, and the model's estimate
        # of them is all there is to tell the view by.
        out[VIEW_YAW_KEY] = yaw
        out.update(body)  # not gated either: only the torso's place and size
    return out
