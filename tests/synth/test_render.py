"""The mesh renderer: DOFs pose anny as they pose the synthesizer, and frames show a person.

Skipped unless the render extra is installed (torch, anny, pyrender and OSMesa; see
docs/rendering.md): the default install and CI do not have it.
"""

from __future__ import annotations

import ctypes.util
import dataclasses
import importlib.util
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("anny")
if importlib.util.find_spec("pyrender") is None:  # importing it here would fix GL's platform
    pytest.skip("pyrender is not installed", allow_module_level=True)
if ctypes.util.find_library("OSMesa") is None:
    pytest.skip("OSMesa (Debian: libosmesa6) is not installed", allow_module_level=True)

from postrun.synth.camera import Camera
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.render import (
    Appearance,
    BodyShape,
    load_truth,
    render_motion,
    write_clip,
)
from postrun.synth.render.anatomy import landmark_spec
from postrun.synth.render.body import posed_body
from postrun.synth.skeleton import Body
from postrun.vision.landmarks import INDEX as LM
from tests.synth.helpers import pose

SHAPES = (
    BodyShape(),
    BodyShape(gender=1.0, weight=0.8, muscle=0.3, height=0.2, age=0.9),
    BodyShape(gender=0.0, weight=0.2, muscle=0.9, height=1.0, age=0.68),
)
POSES = (
    {},
    {"left_hip_flexion_deg": 90.0, "left_knee_flexion_deg": 90.0},
    {
        "left_hip_flexion_deg": 115.0,
        "left_knee_flexion_deg": 130.0,
        "left_ankle_dorsiflexion_deg": 15.0,
    },
    {
        "right_hip_flexion_deg": -25.0,
        "right_knee_flexion_deg": 140.0,
        "right_ankle_dorsiflexion_deg": -25.0,
    },
    {
        "right_hip_flexion_deg": 80.0,
        "right_knee_flexion_deg": 5.0,
        "right_ankle_dorsiflexion_deg": 20.0,
        "root_yaw_deg": 40.0,
        "root_x": 0.3,
    },
    {
        "left_hip_flexion_deg": 60.0,
        "right_hip_flexion_deg": -10.0,
        "right_knee_flexion_deg": 30.0,
        "left_knee_flexion_deg": 45.0,
        "root_yaw_deg": -120.0,
    },
)


@cache
def landmarks(shape: BodyShape, rows: tuple[tuple[tuple[str, float], ...], ...]) -> np.ndarray:
    q = np.stack([pose(**dict(r)) for r in rows])
    vertices, heads = posed_body(shape).pose_world(q)
    return landmark_spec().gather(vertices, heads)


def world(shape: BodyShape, *poses: dict[str, float]) -> np.ndarray:
    return landmarks(shape, tuple(tuple(sorted(p.items())) for p in poses))


def angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    cross = np.linalg.norm(np.cross(u, v), axis=-1)
    return np.degrees(np.arctan2(cross, np.sum(u * v, axis=-1)))


def at(lm: np.ndarray, name: str) -> np.ndarray:
    point: np.ndarray = lm[..., LM[name], :]
    return point


@pytest.mark.parametrize("shape", SHAPES, ids=["default", "short-heavy", "tall-lean"])
def test_leg_angles_from_the_mesh_match_the_dofs(shape: BodyShape) -> None:
    lm = world(shape, *POSES)
    for side in ("left", "right"):
        hip, knee, ankle = at(lm, f"{side}_hip"), at(lm, f"{side}_knee"), at(lm, f"{side}_ankle")
        heel, toe = at(lm, f"{side}_heel"), at(lm, f"{side}_foot_index")
        trunk_down = 0.5 * (at(lm, "left_hip") + at(lm, "right_hip")) - 0.5 * (
            at(lm, "left_shoulder") + at(lm, "right_shoulder")
        )
        # Signed hip flexion: the thigh's angle from the trunk's downward axis, positive forward.
        yaw = np.radians([p.get("root_yaw_deg", 0.0) for p in POSES])
        forward = np.stack([np.sin(yaw), np.zeros_like(yaw), np.cos(yaw)], axis=-1)
        thigh = knee - hip
        sign = np.where(np.sum(thigh * forward, axis=-1) >= 0, 1.0, -1.0)
        hip_flexion = sign * angle(thigh, trunk_down)
        knee_flexion = 180.0 - angle(hip - knee, ankle - knee)
        dorsiflexion = 90.0 - angle(knee - ankle, toe - heel)
        want = {
            k: np.array([p.get(f"{side}_{k}_deg", 0.0) for p in POSES])
            for k in ("hip_flexion", "knee_flexion", "ankle_dorsiflexion")
        }
        np.testing.assert_allclose(hip_flexion, want["hip_flexion"], atol=2.0)
        np.testing.assert_allclose(knee_flexion, want["knee_flexion"], atol=2.0)
        np.testing.assert_allclose(dorsiflexion, want["ankle_dorsiflexion"], atol=3.0)


def test_abduction_and_trunk_lean_read_back() -> None:
    lm = world(BodyShape(), {"left_hip_abduction_deg": 30.0}, {"trunk_flexion_deg": 25.0})
    thigh = at(lm[0], "left_knee") - at(lm[0], "left_hip")
    assert np.degrees(np.arctan2(thigh[0], -thigh[1])) == pytest.approx(30.0, abs=2.0)
    up = 0.5 * (at(lm[1], "left_shoulder") + at(lm[1], "right_shoulder")) - 0.5 * (
        at(lm[1], "left_hip") + at(lm[1], "right_hip")
    )
    assert np.degrees(np.arctan2(up[2], up[1])) == pytest.approx(25.0, abs=2.0)


def test_world_frame_conventions() -> None:
    lm, turned = world(BodyShape(), {}, {"root_yaw_deg": 90.0})
    mid_hip = 0.5 * (at(lm, "left_hip") + at(lm, "right_hip"))
    assert abs(mid_hip[0]) < 0.01 and abs(mid_hip[2]) < 0.03  # origin under the pelvis
    assert at(lm, "left_hip")[0] > at(lm, "right_hip")[0]  # the person's left is +x
    assert at(lm, "nose")[2] > mid_hip[2] + 0.05  # facing +z
    assert at(lm, "nose")[1] > 1.4 and at(lm, "left_ankle")[1] < 0.15
    assert at(turned, "nose")[0] > 0.05  # yaw +90 turns toward the person's left
    vertices, _ = posed_body(BodyShape()).pose_world(pose()[None])
    assert vertices[0, :, 1].min() == pytest.approx(0.0, abs=1e-4)  # standing on the floor


def test_the_mesh_moves_like_the_landmark_synthesizer() -> None:
    rng = np.random.default_rng(4)
    rows = []
    for _ in range(6):
        p = {
            "root_yaw_deg": rng.uniform(-90, 90),
            "trunk_flexion_deg": rng.uniform(-5, 25),
            "left_hip_flexion_deg": rng.uniform(-20, 110),
            "left_hip_abduction_deg": rng.uniform(-15, 30),
            "left_hip_rotation_deg": rng.uniform(-20, 30),
            "left_knee_flexion_deg": rng.uniform(0, 140),
            "right_shoulder_flexion_deg": rng.uniform(0, 120),
            "right_elbow_flexion_deg": rng.uniform(0, 120),
        }
        rows.append(p)
    ours = world(BodyShape(), *rows)
    theirs = forward_kinematics(np.stack([pose(**p) for p in rows]), Body())
    for a, b, tol in (
        ("left_hip", "left_knee", 2.0),
        ("left_knee", "left_ankle", 2.0),
        ("right_shoulder", "right_elbow", 12.0),
        ("right_elbow", "right_wrist", 12.0),
    ):
        diff = angle(at(ours, b) - at(ours, a), at(theirs, b) - at(theirs, a))
        assert np.all(diff < tol), (a, b, diff)


QUIET = Appearance(noise_sigma=0.0, blur_sigma=0.0)
SMALL = Camera(azimuth_deg=30.0, width=240, height=320)


def test_a_rendered_frame_shows_a_person_where_the_truth_says() -> None:
    q = np.stack([pose(), pose(left_hip_flexion_deg=90.0, left_knee_flexion_deg=90.0)])
    clip = render_motion(q, 15.0, SMALL, QUIET, BodyShape())
    frames = list(clip)
    assert len(frames) == 2 and frames[0].shape == (320, 240, 3) and frames[0].dtype == np.uint8
    assert frames[0].std() > 20 and not np.array_equal(frames[0], frames[1])
    uv = clip.landmarks_image
    assert np.all((uv[..., 0] > 0) & (uv[..., 0] < 240) & (uv[..., 1] > 0) & (uv[..., 1] < 320))
    joints = [
        LM[f"{s}_{j}"]
        for s in ("left", "right")
        for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
    ]
    assert clip.visible[0, joints].all()  # standing, three-quarter view: no joint hidden
    assert not clip.visible[0, LM["right_ear"]]  # behind the head, seen from the front-left
    side = render_motion(q[:1], 15.0, dataclasses.replace(SMALL, azimuth_deg=90.0), QUIET)
    list(side)
    assert side.visible[0, LM["left_knee"]] and not side.visible[0, LM["right_knee"]]
    # Where the knees are, the frame shows the person, not the room's corner colour.
    col, row = np.round(0.5 * (uv[0, LM["left_knee"]] + uv[0, LM["right_knee"]])).astype(int)
    assert frames[0][row, col].tolist() != frames[0][5, 5].tolist()


def test_mirroring_flips_pixels_but_keeps_anatomical_sides() -> None:
    q = pose(left_hip_flexion_deg=90.0)[None]
    plain = render_motion(q, 15.0, SMALL, QUIET, BodyShape())
    mirrored = render_motion(q, 15.0, dataclasses.replace(SMALL, mirrored=True), QUIET, BodyShape())
    np.testing.assert_array_equal(next(iter(mirrored)), next(iter(plain))[:, ::-1])
    np.testing.assert_allclose(mirrored.landmarks_world, plain.landmarks_world)
    left = LM["left_knee"]
    assert mirrored.landmarks_image[0, left, 0] == pytest.approx(
        240 - plain.landmarks_image[0, left, 0]
    )


def test_write_clip_saves_video_and_truth(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    q = np.repeat(pose()[None], 3, axis=0)
    clip = render_motion(q, 15.0, SMALL, Appearance(), BodyShape())
    write_clip(out, clip, 15.0)
    cap = cv2.VideoCapture(str(out))
    count = 0
    while cap.read()[0]:
        count += 1
    cap.release()
    assert count == 3
    truth = load_truth(out)
    assert truth["landmarks_world"].shape == (3, 33, 3)  # type: ignore[union-attr]
    assert truth["camera"]["azimuth_deg"] == 30.0  # type: ignore[index]
