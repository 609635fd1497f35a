"""The motion library: rep counts, peak metrics in the stated ranges, faults, distractors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from postrun.routines import metrics as m
from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Motion
from postrun.synth.motions import DISTRACTORS, DRILLS, FAULTS, SWINGS, WALKING, generate, routine
from postrun.synth.skeleton import Body
from postrun.vision.landmarks import INDEX as LM
from tests.synth.helpers import motion

SEEDS = (0, 1, 2)

# Stated ranges of docs/ground-truth.md for correct form: metric -> (low, high), per drill.
CORRECT: dict[str, dict[str, tuple[float, float]]] = {
    "knee_hug": {
        "hip_flexion_deg": (100, 120),
        "knee_flexion_deg": (110, 130),
        "ankle_dorsiflexion_deg": (15, 25),
        "hands_to_knee_m": (0, 0.15),
        "knee_above_hip_m": (0.0, 0.3),
        "trunk_lean_deg": (0, 10),
    },
    "quad_pull": {
        "knee_flexion_deg": (130, 150),
        "hip_flexion_signed_deg": (-10, 0),
        "ankle_dorsiflexion_deg": (3, 17),
        "hand_to_foot_m": (0, 0.22),
        "trunk_lean_deg": (0, 10),
    },
    "figure_four": {
        "hip_flexion_deg": (80, 100),
        "ankle_cross_m": (0.03, 0.3),
        "knee_hand_m": (0, 0.16),
        "shin_hand_m": (0, 0.3),
        "trunk_lean_deg": (0, 10),
    },
    "straight_leg_kick": {
        "hip_flexion_deg": (80, 95),
        "knee_flexion_deg": (0, 15),
        "arm_elevation_deg": (80, 95),
        "trunk_lean_deg": (0, 10),
    },
    "lateral_swing": {
        "hip_abduction_signed_deg": (30, 40),
        "swing_range_deg": (50, 70),
        "ankle_dorsiflexion_deg": (10, 25),
        "knee_flexion_deg": (0, 15),
        "trunk_lean_deg": (0, 10),
    },
    "forward_swing": {
        "hip_flexion_signed_deg": (60, 70),
        "swing_range_deg": (80, 100),
        "knee_flexion_deg": (0, 15),
        "trunk_lean_deg": (0, 10),
    },
}

# fault -> (metric, low, high) that every faulty rep's metric must satisfy, per drill.
FAULTY: dict[str, tuple[str, float, float]] = {
    "knee_too_low": ("hip_flexion_deg", 55, 70),
    "toes_not_up": ("ankle_dorsiflexion_deg", -21, -5),
    "heel_not_to_glute": ("knee_flexion_deg", 80, 100),
    "knee_bent": ("knee_flexion_deg", 35, 50),
    "kick_too_low": ("hip_flexion_deg", 40, 55),
    "swing_too_small": ("swing_range_deg", 20, 32),
    "trunk_leaning": ("trunk_lean_deg", 20, 31),
}
HANDS = {"knee_hug": "hands_to_knee_m", "figure_four": "knee_hand_m"}
# Faults the rig shows when a hand cannot reach its hold (the truth carries them, see
# docs/ground-truth.md): a low knee, a foot too low or a hunch takes the knee or foot out of reach.
UNHELD = {"hands_not_on_knee", "hand_not_on_foot"}


@pytest.mark.parametrize("drill", list(DRILLS))
def test_correct_form_peaks_fall_in_the_stated_ranges(drill: str) -> None:
    for seed in SEEDS:
        mo = motion(drill, seed)
        assert mo.kind == "drill" and mo.drill == drill and mo.faults == ()
        assert mo.frames == 600 and mo.dofs.shape == (600, len(DOFS))
        for rep in mo.reps:
            assert rep.faults == ()
            for name, (low, high) in CORRECT[drill].items():
                assert low <= rep.metrics[name] <= high, (seed, rep.t_peak_s, name)
            assert rep.t_start_s < rep.t_peak_s < rep.t_end_s


@pytest.mark.parametrize("drill", WALKING)
def test_walking_drills_alternate_legs(drill: str) -> None:
    for seed in SEEDS:
        reps = motion(drill, seed).reps
        assert 5 <= len(reps) <= 16
        sides = [r.side for r in reps]
        assert all(a != b for a, b in itertools.pairwise(sides))
        assert motion(drill, seed).side is None


@pytest.mark.parametrize("drill", SWINGS)
def test_swings_keep_one_leg_and_cycle_steadily(drill: str) -> None:
    for seed in SEEDS:
        mo = motion(drill, seed)
        assert mo.side in ("left", "right")
        assert 10 <= len(mo.reps) <= 20
        assert {r.side for r in mo.reps} == {mo.side}
    assert DRILLS[drill](side="right").side == "right"


def test_reps_are_not_perfectly_periodic() -> None:
    for drill in DRILLS:
        peaks = np.array([r.t_peak_s for r in motion(drill, 0).reps])
        gaps = np.diff(peaks)
        assert gaps.std() > 0.03, drill
        heights = [next(iter(r.metrics.values())) for r in motion(drill, 0).reps]
        assert np.std(heights) > 0.3, drill


@pytest.mark.parametrize(("drill", "fault"), [(d, f) for d in DRILLS for f in FAULTS[d]])
def test_each_fault_moves_its_metric_the_right_way(drill: str, fault: str) -> None:
    mo = motion(drill, 0, (fault,))
    assert mo.faults == (fault,) and mo.reps
    assert all(r.faults[0] == fault and set(r.faults[1:]) <= UNHELD for r in mo.reps)
    for rep in mo.reps:
        if fault in FAULTY:
            name, low, high = FAULTY[fault]
            assert low <= rep.metrics[name] <= high, (rep.t_peak_s, name, rep.metrics[name])
        elif fault == "hands_not_on_knee":
            assert rep.metrics[HANDS[drill]] > 0.25
        elif fault == "ankle_not_crossed":
            assert rep.metrics["ankle_cross_m"] < 0.0
        else:
            raise AssertionError(f"untested fault {fault}")


def test_fault_rate_marks_only_some_reps() -> None:
    mo = DRILLS["knee_hug"](seed=4, faults=("toes_not_up",), fault_rate=0.5)
    flagged = [r for r in mo.reps if r.faults]
    clean = [r for r in mo.reps if not r.faults]
    assert flagged and clean
    assert all(r.metrics["ankle_dorsiflexion_deg"] < 0 for r in flagged)
    assert all(r.metrics["ankle_dorsiflexion_deg"] > 10 for r in clean)
    assert mo.faults == ("toes_not_up",)


def test_several_faults_at_once() -> None:
    mo = DRILLS["straight_leg_kick"](seed=1, faults=("knee_bent", "kick_too_low"))
    for rep in mo.reps:
        assert rep.metrics["knee_flexion_deg"] > 35 and rep.metrics["hip_flexion_deg"] < 55


def test_bad_requests_are_one_clear_sentence() -> None:
    with pytest.raises(ValueError, match="choose from"):
        DRILLS["knee_hug"](faults=("swing_too_small",))
    with pytest.raises(ValueError, match="walking drills"):
        DRILLS["lateral_swing"](travel="toward")
    with pytest.raises(ValueError, match="unknown motion"):
        generate("cartwheel")
    with pytest.raises(ValueError, match="probability"):
        DRILLS["quad_pull"](fault_rate=2.0)


@pytest.mark.parametrize("name", list(DISTRACTORS))
def test_distractors_have_no_reps(name: str) -> None:
    mo = motion(name, 0)
    assert mo.kind == "distractor" and mo.reps == () and mo.frames == 600
    lm = forward_kinematics(mo.dofs, mo.body)
    knees = np.maximum(m.hip_flexion_deg(lm, "left"), m.hip_flexion_deg(lm, "right"))
    if name in ("marching", "walking", "step_in_out"):
        assert 20 < knees.max() < 45  # ordinary low knees
    if name == "step_in_out":
        assert np.abs(mo.dofs[:, INDEX["root_x"]]).max() > 1.8  # far out of a 3 m view
    if name == "squats":
        assert mo.dofs[:, INDEX["root_y"]].min() < -0.25  # the body goes down
    if name == "arm_circles":
        assert m.arm_elevation_deg(lm, "left").max() > 95


def test_seeds_reproduce_and_differ() -> None:
    a, b = DRILLS["figure_four"](seed=7), DRILLS["figure_four"](seed=7)
    np.testing.assert_array_equal(a.dofs, b.dofs)
    assert a.reps == b.reps
    assert not np.array_equal(a.dofs, DRILLS["figure_four"](seed=8).dofs)


def _steps(mo: Motion) -> tuple[float, float]:
    """Largest per-frame change of any angle, and of its per-frame change."""
    angles = [i for i, n in enumerate(DOFS) if n.endswith("_deg")]
    step = np.diff(mo.dofs[:, angles], axis=0)
    return float(np.abs(step).max()), float(np.abs(np.diff(step, axis=0)).max())


@pytest.mark.parametrize("name", [*DRILLS, *DISTRACTORS])
def test_trajectories_are_smooth(name: str) -> None:
    """Sampled four times finer, a continuous path moves a quarter as far per frame and its
    velocity changes a sixteenth as much; a jump would not shrink."""
    coarse = generate(name, seed=5, duration_s=8.0)
    fine = generate(name, seed=5, duration_s=8.0, fps=120.0)
    step, accel = _steps(coarse)
    fine_step, fine_accel = _steps(fine)
    assert step < 20.0  # degrees per frame at 30 fps: 600 deg/s, a brisk kick
    assert fine_step < step / 3.0
    assert fine_accel < accel / 10.0


def test_feet_stay_on_the_floor() -> None:
    for name in ("knee_hug", "squats", "forward_swing"):
        mo = motion(name, 0)
        lm = forward_kinematics(mo.dofs, mo.body)
        feet = [LM[f"{s}_{p}"] for s in ("left", "right") for p in ("heel", "foot_index")]
        np.testing.assert_allclose(lm[:, feet, 1].min(axis=1), mo.body.sole_height_m(), atol=1e-9)


def test_travel_toward_and_across_the_camera() -> None:
    toward = DRILLS["knee_hug"](travel="toward", seed=2)
    assert toward.dofs[-1, INDEX["root_z"]] > 0.6
    across = DRILLS["straight_leg_kick"](travel="across", seed=2)
    assert across.dofs[-1, INDEX["root_x"]] > 0.6
    assert abs(across.dofs[0, INDEX["root_yaw_deg"]] - 90) < 3
    for rep in across.reps:  # travelling does not change the drill's peaks
        assert 80 <= rep.metrics["hip_flexion_deg"] <= 95
    assert toward.dofs[0, INDEX["root_z"]] == pytest.approx(0.0, abs=0.02)


def test_other_bodies_and_frame_rates() -> None:
    mo = DRILLS["knee_hug"](body=Body(height_m=1.6), fps=60, duration_s=10, seed=3)
    assert mo.frames == 600 and mo.fps == 60 and mo.duration_s == pytest.approx(10)
    assert mo.body.height_m == 1.6
    for rep in mo.reps:
        assert 100 <= rep.metrics["hip_flexion_deg"] <= 120
        assert rep.metrics["hands_to_knee_m"] < 0.15


def test_routine_runs_every_drill_in_order() -> None:
    mo = routine(seed=1)
    assert mo.kind == "routine" and mo.side is None
    assert [(w.drill, w.side) for w in mo.windows] == [
        ("knee_hug", None),
        ("quad_pull", None),
        ("figure_four", None),
        ("straight_leg_kick", None),
        ("lateral_swing", "left"),
        ("lateral_swing", "right"),
        ("forward_swing", "left"),
        ("forward_swing", "right"),
    ]
    for w, nxt in zip(mo.windows, mo.windows[1:], strict=False):
        assert w.end_s - w.start_s == pytest.approx(20.0, abs=0.05)
        # standing between windows (2.5-4 s, plus up to 1.4 s turning round between the swings)
        assert 2.0 < nxt.start_s - w.end_s < 6.5
        assert w.reps and all(w.start_s <= r.t_peak_s <= w.end_s for r in w.reps)
    assert 170 < mo.duration_s < 210
    yaw = mo.dofs[:, INDEX["root_yaw_deg"]]
    fwd_left = mo.windows[6]
    inside = (mo.t_s > fwd_left.start_s + 1) & (mo.t_s < fwd_left.end_s - 1)
    assert np.all(np.abs(yaw[inside] + 90) < 5)  # side-on, swinging leg toward the camera
    assert _steps(mo)[0] < 20.0


@pytest.mark.parametrize("name", list(DRILLS))
def test_metrics_on_the_posed_rig_recover_the_dofs_frame_by_frame(name: str) -> None:
    mo = motion(name, 1)
    lm = forward_kinematics(mo.dofs, mo.body)

    def col(dof: str) -> np.ndarray:
        return mo.dofs[:, INDEX[dof]]

    flex, lateral = np.radians(col("trunk_flexion_deg")), np.radians(col("trunk_lateral_deg"))
    lean = np.degrees(np.arccos(np.cos(flex) * np.cos(lateral)))
    np.testing.assert_allclose(m.trunk_lean_deg(lm, m.SYNTH_UP), lean, atol=1e-6)
    upright = np.abs(col("trunk_lateral_deg")) < 3.0
    for side in ("left", "right"):
        knee = m.knee_flexion_deg(lm, side)
        np.testing.assert_allclose(knee, col(f"{side}_knee_flexion_deg"), atol=1e-6)
        dorsi = m.ankle_dorsiflexion_deg(lm, side)
        np.testing.assert_allclose(dorsi, col(f"{side}_ankle_dorsiflexion_deg"), atol=1e-6)
        hip = m.hip_flexion_signed_deg(lm, side)
        expected = col(f"{side}_hip_flexion_deg") + col("trunk_flexion_deg")
        np.testing.assert_allclose(hip[upright], expected[upright], atol=1.0)


def test_routine_faults_go_to_their_window_only() -> None:
    mo = routine(seed=2, window_s=8.0, faults={"quad_pull": ("heel_not_to_glute",)})
    by_drill = {w.drill: w for w in mo.windows}
    assert by_drill["quad_pull"].faults == ("heel_not_to_glute",)
    assert all(r.metrics["knee_flexion_deg"] < 100 for r in by_drill["quad_pull"].reps)
    assert by_drill["knee_hug"].faults == () and mo.faults == ("heel_not_to_glute",)


def test_walking_steps_extend_the_back_leg() -> None:
    mo = motion("walking", 0)
    lm = forward_kinematics(mo.dofs, mo.body)
    signed = np.stack([m.hip_flexion_signed_deg(lm, s) for s in ("left", "right")])
    assert signed.min() < -10.0  # the trail leg goes behind the body
    assert signed.max() > 15.0  # the lead leg reaches forward
    # at every contact one leg is ahead and the other behind
    ahead, behind = signed.max(axis=0), signed.min(axis=0)
    assert np.mean((ahead > 12.0) & (behind < -8.0)) > 0.1


def test_forward_swing_lean_is_held_over_runs_of_cycles() -> None:
    mo = DRILLS["forward_swing"](seed=0, faults=("trunk_leaning",), fault_rate=0.5)
    leaning = ["trunk_leaning" in r.faults for r in mo.reps]
    assert any(leaning) and not all(leaning)
    switches = sum(a != b for a, b in itertools.pairwise(leaning))
    assert switches <= len(leaning) // 2  # runs, not a flicker from cycle to cycle
    flexion = mo.dofs[:, INDEX["trunk_flexion_deg"]]
    for rep in mo.reps:
        inside = (mo.t_s > rep.t_start_s + 0.4) & (mo.t_s < rep.t_end_s - 0.4)
        if "trunk_leaning" in rep.faults:
            assert flexion[inside].min() > 15.0  # held through the cycle
        else:
            assert flexion[inside].max() < 8.0


def test_swing_too_small_is_a_visible_swing() -> None:
    for drill in SWINGS:
        mo = DRILLS[drill](seed=1, faults=("swing_too_small",))
        ranges = [r.metrics["swing_range_deg"] for r in mo.reps]
        assert min(ranges) >= 19.0, drill  # clearly more than standing sway
        assert max(ranges) <= 32.0, drill


def test_hands_out_of_reach_are_in_the_truth() -> None:
    mo = DRILLS["knee_hug"](seed=0, faults=("knee_too_low",))
    assert all("hands_not_on_knee" in r.faults for r in mo.reps)
    assert all(r.metrics["hands_to_knee_m"] > 0.24 for r in mo.reps)
    mo = DRILLS["quad_pull"](seed=0, faults=("heel_not_to_glute",))
    assert all("hand_not_on_foot" in r.faults for r in mo.reps)
    for drill, key in (("knee_hug", "hands_to_knee_m"), ("quad_pull", "hand_to_foot_m")):
        assert all(r.metrics[key] < 0.2 for r in DRILLS[drill](seed=0).reps), drill


@pytest.mark.parametrize("drill", SWINGS)
def test_mixed_swings_peak_at_their_own_extreme(drill: str) -> None:
    """A small cycle between big ones: its span ends mid-way into the next big swing, which is
    already higher than the small one's top; its truth is still its own top and range."""
    mo = DRILLS[drill](seed=2, faults=("swing_too_small",), fault_rate=0.5)
    small = [r for r in mo.reps if "swing_too_small" in r.faults]
    big = [r for r in mo.reps if "swing_too_small" not in r.faults]
    assert small and big
    signal = "hip_abduction_signed_deg" if drill == "lateral_swing" else "hip_flexion_signed_deg"
    for rep in mo.reps:
        assert rep.t_start_s < rep.t_peak_s < rep.t_end_s, rep
    assert max(r.metrics[signal] for r in small) < min(r.metrics[signal] for r in big)
    assert max(r.metrics["swing_range_deg"] for r in small) <= 32.0
