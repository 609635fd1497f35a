"""Metric definitions: they recover the rig's joint angles, in any frame, NaN-safe."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postrun.routines import metrics as m
from postrun.synth.camera import Camera
from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.skeleton import Body

BODY = Body()


def pose(**values: float) -> np.ndarray:
    q = np.zeros(len(DOFS))
    for name, value in values.items():
        q[INDEX[name]] = value
    return q


def fk(**values: float) -> np.ndarray:
    return forward_kinematics(pose(**values), BODY)


def random_rotation(rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] *= -1
    return q


def test_standing_reads_zero_everywhere() -> None:
    lm = fk()
    for side in ("left", "right"):
        assert m.hip_flexion_deg(lm, side) == pytest.approx(0.0, abs=1e-9)
        assert m.hip_flexion_signed_deg(lm, side) == pytest.approx(0.0, abs=1e-9)
        assert m.hip_abduction_signed_deg(lm, side) == pytest.approx(0.0, abs=1e-9)
        assert m.knee_flexion_deg(lm, side) == pytest.approx(0.0, abs=1e-6)
        assert m.ankle_dorsiflexion_deg(lm, side) == pytest.approx(0.0, abs=1e-9)
        assert m.arm_elevation_deg(lm, side) == pytest.approx(0.0, abs=1e-6)
    assert m.trunk_lean_deg(lm, m.SYNTH_UP) == pytest.approx(0.0, abs=1e-9)


def test_body_frame_is_orthonormal_and_right_handed() -> None:
    frame = m.body_frame(fk(root_yaw_deg=90, trunk_flexion_deg=20))
    np.testing.assert_allclose(frame @ frame.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(frame) == pytest.approx(1.0)
    np.testing.assert_allclose(m.body_frame(fk())[2], [0, 0, 1], atol=1e-12)  # faces +z


@settings(max_examples=150, deadline=None)
@given(
    hip=st.floats(-40, 130),
    abduction=st.floats(-30, 45),
    rotation=st.floats(-40, 80),
    knee=st.floats(0, 150),
    dorsi=st.floats(-40, 30),
    yaw=st.floats(-180, 180),
    twist=st.floats(-30, 30),
    side=st.sampled_from(["left", "right"]),
)
def test_metrics_recover_leg_dofs(
    hip: float,
    abduction: float,
    rotation: float,
    knee: float,
    dorsi: float,
    yaw: float,
    twist: float,
    side: str,
) -> None:
    """The key consistency check between the rig and the metric definitions."""
    lm = fk(
        root_yaw_deg=yaw,
        trunk_twist_deg=twist,
        **{
            f"{side}_hip_flexion_deg": hip,
            f"{side}_hip_abduction_deg": abduction,
            f"{side}_hip_rotation_deg": rotation,
            f"{side}_knee_flexion_deg": knee,
            f"{side}_ankle_dorsiflexion_deg": dorsi,
        },
    )
    s = side
    assert m.knee_flexion_deg(lm, s) == pytest.approx(knee, abs=1e-6)
    assert m.ankle_dorsiflexion_deg(lm, s) == pytest.approx(dorsi, abs=1e-6)
    # flexion first, abduction about the flexed thigh: the sagittal projection is the flexion
    assert m.hip_flexion_signed_deg(lm, s) == pytest.approx(hip, abs=1e-6)
    expected = np.degrees(np.arccos(np.cos(np.radians(hip)) * np.cos(np.radians(abduction))))
    assert m.hip_flexion_deg(lm, s) == pytest.approx(expected, abs=1e-6)
    if abs(abduction) < 1e-9:
        assert m.hip_flexion_deg(lm, s) == pytest.approx(abs(hip), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    abduction=st.floats(-40, 50),
    side=st.sampled_from(["left", "right"]),
    yaw=st.floats(-180, 180),
)
def test_frontal_angle_recovers_abduction(abduction: float, side: str, yaw: float) -> None:
    lm = fk(root_yaw_deg=yaw, **{f"{side}_hip_abduction_deg": abduction})
    assert m.hip_abduction_signed_deg(lm, side) == pytest.approx(abduction, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    flexion=st.floats(-30, 80),
    lateral=st.floats(-40, 40),
    twist=st.floats(-40, 40),
    hip=st.floats(-20, 95),  # hip + trunk flexion stays below 180, where the angle wraps
)
def test_trunk_lean_and_hip_relative_to_trunk(
    flexion: float, lateral: float, twist: float, hip: float
) -> None:
    lm = fk(
        trunk_flexion_deg=flexion,
        trunk_lateral_deg=lateral,
        trunk_twist_deg=twist,
        left_hip_flexion_deg=hip,
    )
    expected = np.degrees(np.arccos(np.cos(np.radians(flexion)) * np.cos(np.radians(lateral))))
    assert m.trunk_lean_deg(lm, m.SYNTH_UP) == pytest.approx(expected, abs=1e-6)
    if abs(lateral) < 1e-9:
        # hip flexion is thigh vs trunk: bending forward flexes the hip too
        assert m.hip_flexion_signed_deg(lm, "left") == pytest.approx(hip + flexion, abs=1e-6)


def test_pure_single_dof_poses_within_a_degree() -> None:
    for angle in np.linspace(0, 130, 14):
        lm = fk(right_hip_flexion_deg=angle, right_knee_flexion_deg=angle)
        assert m.hip_flexion_deg(lm, "right") == pytest.approx(angle, abs=1.0)
        assert m.knee_flexion_deg(lm, "right") == pytest.approx(angle, abs=1.0)
    for angle in np.linspace(0, 40, 5):
        lm = fk(trunk_flexion_deg=angle)
        assert m.trunk_lean_deg(lm, m.SYNTH_UP) == pytest.approx(angle, abs=1.0)


def test_body_metrics_ignore_rigid_motion_of_the_whole_set() -> None:
    rng = np.random.default_rng(1)
    lm = fk(
        left_hip_flexion_deg=70,
        left_hip_abduction_deg=15,
        left_knee_flexion_deg=60,
        right_ankle_dorsiflexion_deg=12,
        trunk_flexion_deg=10,
    )
    rot = random_rotation(rng)
    moved = lm @ rot.T + rng.normal(size=3)
    for fn in (
        m.hip_flexion_deg,
        m.hip_flexion_signed_deg,
        m.hip_abduction_signed_deg,
        m.knee_flexion_deg,
        m.ankle_dorsiflexion_deg,
        m.arm_elevation_deg,
    ):
        for side in ("left", "right"):
            assert fn(moved, side) == pytest.approx(fn(lm, side), abs=1e-9)
    up = rot @ np.array(m.SYNTH_UP)
    assert m.trunk_lean_deg(moved, up) == pytest.approx(m.trunk_lean_deg(lm, m.SYNTH_UP))


def test_mediapipe_world_axes_use_minus_y_as_up() -> None:
    lm = fk(trunk_flexion_deg=25)
    camera = Camera(height_m=0.95, target_height_m=0.95)  # level camera
    in_camera = camera.to_camera(lm)  # x right, y down, z away: MediaPipe's world axes
    assert m.trunk_lean_deg(in_camera, m.MEDIAPIPE_WORLD_UP) == pytest.approx(25.0, abs=1e-6)
    assert m.knee_flexion_deg(in_camera, "left") == pytest.approx(0.0, abs=1e-6)


def test_the_trunks_depth_tilt_is_its_lean_toward_the_camera() -> None:
    """Bending forward 25 degrees tilts the trunk 25 toward a camera in front, not at all
    toward one at the side, where leaning sideways does instead."""
    level = {"height_m": 0.95, "target_height_m": 0.95}
    front = Camera(**level).to_camera(fk(trunk_flexion_deg=25))
    assert m.trunk_depth_tilt_deg(front, m.MEDIAPIPE_WORLD_UP) == pytest.approx(25.0, abs=1e-6)
    side = Camera(azimuth_deg=90.0, **level)
    bent = side.to_camera(fk(trunk_flexion_deg=25))
    assert m.trunk_depth_tilt_deg(bent, m.MEDIAPIPE_WORLD_UP) == pytest.approx(0.0, abs=1e-6)
    leaning = side.to_camera(fk(trunk_lateral_deg=20))
    assert abs(m.trunk_depth_tilt_deg(leaning, m.MEDIAPIPE_WORLD_UP)) == pytest.approx(
        20.0, abs=1e-6
    )


def test_vectorised_over_leading_axes_and_nan_safe() -> None:
    q = np.zeros((4, 5, len(DOFS)))
    q[..., INDEX["left_knee_flexion_deg"]] = np.arange(20).reshape(4, 5)
    lm = forward_kinematics(q, BODY)
    knee = m.knee_flexion_deg(lm, "left")
    assert knee.shape == (4, 5)
    np.testing.assert_allclose(knee, np.arange(20).reshape(4, 5), atol=1e-6)
    lm[1, 2, m.INDEX["left_ankle"]] = np.nan
    lm[3] = np.nan
    for fn in (m.knee_flexion_deg, m.ankle_dorsiflexion_deg):
        out = fn(lm, "left")
        assert np.isnan(out[1, 2]) and np.isnan(out[3]).all()
        assert np.isfinite(out[0]).all()
    assert np.isnan(m.hip_flexion_deg(lm, "right")[3]).all()
    assert np.isnan(m.trunk_lean_deg(lm, m.SYNTH_UP)[3]).all()
    assert np.isnan(m.body_frame(lm)[3]).all()
    assert np.isfinite(m.hip_flexion_signed_deg(lm, "right")[0]).all()


def test_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(ValueError, match=r"\(\.\.\., 33, 3\)"):
        m.knee_flexion_deg(np.zeros((10, 3)), "left")
    with pytest.raises(ValueError, match="side"):
        m.knee_flexion_deg(np.zeros((33, 3)), "middle")


def test_distance_and_midline_offset() -> None:
    lm = fk(left_hip_flexion_deg=90, left_hip_rotation_deg=70, left_knee_flexion_deg=105)
    assert m.distance_m(lm, "left_hip", "right_hip") == pytest.approx(2 * BODY.hip_half_width_m)
    assert m.midline_offset_m(lm, "left_ankle", "left") > 0.05  # crossed over
    assert m.midline_offset_m(fk(), "left_ankle", "left") == pytest.approx(-BODY.hip_half_width_m)
    assert m.midline_offset_m(fk(), "right_ankle", "right") == pytest.approx(-BODY.hip_half_width_m)


def swing(t: np.ndarray, highs: list[float], lows: list[float], period: float) -> np.ndarray:
    """A swing series: half-cosines from extreme to extreme, starting and ending at 0."""
    extremes = [0.0] + [v for pair in zip(highs, lows, strict=True) for v in pair] + [0.0]
    times = np.arange(len(extremes)) * period / 2
    k = np.clip(np.searchsorted(times, t, side="right") - 1, 0, len(times) - 2)
    u = np.clip((t - times[k]) / (period / 2), 0, 1)
    e = np.asarray(extremes)
    result: np.ndarray = e[k] + (e[k + 1] - e[k]) * (1 - np.cos(np.pi * u)) / 2
    return result


def test_swing_cycles_recover_per_cycle_ranges() -> None:
    t = np.arange(0, 20, 1 / 30)
    highs = [35.0, 30.0, 38.0, 33.0, 36.0, 31.0]
    lows = [-25.0, -22.0, -27.0, -24.0, -20.0, -26.0]
    series = swing(t, highs, lows, period=1.4)
    ranges = m.swing_range_deg(series)
    np.testing.assert_allclose(ranges, np.subtract(highs, lows), atol=0.2)
    cycles = m.swing_cycles(series)
    assert all(series[c.i_max] > series[c.i_min] for c in cycles)
    # gaps in tracking do not split or merge cycles
    holes = series.copy()
    holes[100:104] = np.nan
    assert m.swing_range_deg(holes).size == len(highs)


def test_swing_cycles_need_a_real_swing() -> None:
    t = np.arange(0, 10, 1 / 30)
    assert m.swing_range_deg(0.5 * np.sin(t)).size == 0  # sway, not a swing
    assert m.swing_range_deg(np.full(50, np.nan)).size == 0
    assert m.swing_range_deg(np.zeros(3)).size == 0
    with pytest.raises(ValueError):
        m.swing_cycles(np.zeros((3, 3)))
