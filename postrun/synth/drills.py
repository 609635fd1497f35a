"""The four walking drills: knee hug, quad pull, figure four, straight-leg kick.

Each rep is a few key poses (lift, peak, a slightly deeper hold, back to standing) with hands
placed by IK; legs alternate, tempo and depth vary from rep to rep and the left side is a little
different from the right. Faults change the peak pose of the reps that carry them. Ranges below
are the stated ranges of docs/ground-truth.md minus a margin for the body's sway.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from postrun.routines.metrics import segment_distance
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import RepPlan, Side
from postrun.synth.poses import (
    ARM,
    BOTH,
    LEG,
    blend,
    get,
    hands_to,
    heading,
    landmark,
    other,
    put,
    stand_on,
)
from postrun.synth.timeline import Options, Plan
from postrun.vision.landmarks import INDEX as LM

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Rep:
    """Key poses of one rep as (seconds after the previous key, pose); the last is standing."""

    keys: tuple[tuple[float, FloatArray], ...]
    peak_signal: str
    faults: tuple[str, ...] = ()  # what the peak pose shows besides the faults asked for


RepBuilder = Callable[[Plan, FloatArray, Side, tuple[str, ...]], Rep]

TRAVEL_SPEED_M_S = {"in_place": 0.0, "toward": 0.06, "across": 0.06}


def _lean(plan: Plan, pose: FloatArray, faults: tuple[str, ...]) -> FloatArray:
    """``trunk_leaning``: a 21-29 deg lean, mostly forward (hunching), sometimes sideways."""
    if "trunk_leaning" not in faults:
        return pose
    lean = plan.uniform(21.0, 29.0)
    if plan.rng.random() < 0.7:
        return put(pose, trunk_flexion_deg=lean)
    return put(
        pose,
        trunk_flexion_deg=plan.uniform(0.0, 4.0),
        trunk_lateral_deg=lean * plan.rng.choice([-1.0, 1.0]),
    )


def _hands_away(plan: Plan, pose: FloatArray, base: FloatArray, hang: bool) -> FloatArray:
    """``hands_not_on_knee``: arms hang, or hands held up in front of the chest."""
    if hang:
        return blend(pose, base, 1.0, ARM)
    lateral, up, forward = heading(pose)
    body = plan.body
    chest = (
        landmark(pose, body, "left_shoulder") * 0.5 + landmark(pose, body, "right_shoulder") * 0.5
    )
    return hands_to(
        pose,
        body,
        {
            "left": chest - 0.18 * up + 0.35 * forward + 0.08 * lateral,
            "right": chest - 0.18 * up + 0.35 * forward - 0.08 * lateral,
        },
    )


# A hand holds a knee, a shin or a foot when its wrist is within 0.55 thigh lengths (0.24 m at
# 1.75 m, a hand's length and a quarter) of it: the wrist sits a palm's width off the contact and
# the fingers wrap around; a hand held out of reach stops well beyond. The drill rules use the
# same line (hands_not_on_knee_above, hand_not_on_foot_above in thresholds.toml).
HOLD_THIGHS = 0.55


def _unheld(plan: Plan, pose: FloatArray, holds: dict[str, str | tuple[str, str]]) -> bool:
    """Whether any wrist (``{wrist: landmark, or (a, b): the nearest point of the segment a-b}``)
    is farther than HOLD_THIGHS from what it should hold: the arm could not reach (a low knee, a
    sideways lean), so the hands are off the knee or foot whatever was asked, and the truth must
    say so."""
    lm = forward_kinematics(pose, plan.body)
    for wrist, target in holds.items():
        a, b = (target, target) if isinstance(target, str) else target
        gap = float(segment_distance(lm[LM[wrist]], lm[LM[a]], lm[LM[b]]))
        if gap > HOLD_THIGHS * plan.body.thigh_m:
            return True
    return False


def _side_bias(plan: Plan) -> dict[Side, float]:
    """A small per-side offset (degrees) so the two legs are not mirror images."""
    d = plan.uniform(-2.0, 2.0)
    return {"left": d, "right": -d}


def knee_hug_rep(plan: Plan, base: FloatArray, side: Side, faults: tuple[str, ...]) -> Rep:
    u = plan.uniform
    lean = u(3.0, 8.0)
    target = u(58.0, 67.0) if "knee_too_low" in faults else u(104.0, 115.0)
    knee = u(95.0, 112.0) if "knee_too_low" in faults else u(113.0, 126.0)
    dorsi = u(-20.0, -6.0) if "toes_not_up" in faults else u(16.0, 23.0)
    peak = put(base, trunk_flexion_deg=lean, head_flexion_deg=u(5.0, 15.0))
    peak = put(
        peak,
        side,
        hip_flexion_deg=target - lean,
        hip_abduction_deg=u(0.0, 5.0),
        hip_rotation_deg=u(-5.0, 5.0),
        knee_flexion_deg=knee,
        ankle_dorsiflexion_deg=dorsi,
    )
    peak = stand_on(peak, other(side), u(2.0, 5.0))
    peak = _lean(plan, peak, faults)
    deeper = put(
        peak,
        side,
        hip_flexion_deg=get(peak, "hip_flexion_deg", side) + u(0.0, 2.0),
        knee_flexion_deg=knee + u(0.0, 3.0),
    )

    hang = plan.rng.random() < 0.5

    def arms(pose: FloatArray) -> FloatArray:
        if "hands_not_on_knee" in faults:
            return _hands_away(plan, pose, base, hang)
        lateral, up, forward = heading(pose)
        k = landmark(pose, plan.body, f"{side}_knee")
        front = k + 0.07 * forward - 0.05 * up
        return hands_to(
            pose, plan.body, {"left": front + 0.035 * lateral, "right": front - 0.035 * lateral}
        )

    peak, deeper = arms(peak), arms(deeper)
    knee_name = f"{side}_knee"
    unheld = "hands_not_on_knee" not in faults and _unheld(
        plan, deeper, {"left_wrist": knee_name, "right_wrist": knee_name}
    )
    rise = u(0.6, 0.9)
    lift = blend(blend(base, peak, 0.6, LEG), peak, 0.3, ARM)
    return Rep(
        keys=((0.5 * rise, lift), (0.5 * rise, peak), (u(0.4, 1.0), deeper), (u(0.5, 0.8), base)),
        peak_signal="hip_flexion_deg",
        faults=("hands_not_on_knee",) if unheld else (),
    )


def quad_pull_rep(plan: Plan, base: FloatArray, side: Side, faults: tuple[str, ...]) -> Rep:
    u = plan.uniform
    lean = u(2.0, 6.0)
    shallow = "heel_not_to_glute" in faults
    # the knee bends less on the way up than at the peak, so the peak is the pull
    front = put(
        base,
        side,
        hip_flexion_deg=u(40.0, 60.0),
        knee_flexion_deg=u(45.0, 60.0) if shallow else u(65.0, 85.0),
    )
    knee = u(82.0, 96.0) if shallow else u(133.0, 145.0)
    thigh = u(-8.0, 4.0) if shallow else u(-8.0, -2.0)
    dorsi = u(-20.0, -6.0) if "toes_not_up" in faults else u(6.0, 14.0)
    peak = put(base, trunk_flexion_deg=lean)
    peak = put(
        peak,
        side,
        hip_flexion_deg=thigh - lean,
        hip_abduction_deg=u(0.0, 4.0),
        knee_flexion_deg=knee,
        ankle_dorsiflexion_deg=dorsi,
    )
    peak = put(
        stand_on(peak, other(side), u(2.0, 5.0)),
        other(side),
        shoulder_abduction_deg=u(10.0, 25.0),
        elbow_flexion_deg=u(10.0, 20.0),
    )
    peak = _lean(plan, peak, faults)
    deeper = put(peak, side, knee_flexion_deg=knee + u(0.0, 3.0))

    palm = 0.4 * plan.body.hand_ratio * plan.body.height_m
    sign = 1.0 if side == "left" else -1.0

    def arm(pose: FloatArray) -> FloatArray:
        # The hand takes the foot where it is nearest, at the ankle, the palm on it (the wrist
        # a little short of it). A foot just out of reach is met by pulling the heel in and
        # tilting the trunk a little toward it (up to 9 deg, as people do); a foot still out of
        # reach is not held at all: the hand stays by the side, it does not hover near it.
        # The hand pulling the heel in also brings the foot up (up to 8 deg more knee flexion).
        tilts = (0.0,) if "trunk_leaning" in faults else (0.0, 3.0, 6.0, 9.0)  # leaning already
        pulls = (0.0,) if shallow else (0.0, 4.0, 8.0)
        knee_now = get(pose, "knee_flexion_deg", side)
        for pull, tilt in itertools.product(pulls, tilts):
            q = put(pose, side, knee_flexion_deg=knee_now + pull)
            q = put(q, trunk_lateral_deg=get(pose, "trunk_lateral_deg") + sign * tilt)
            foot = landmark(q, plan.body, f"{side}_ankle")
            q = hands_to(q, plan.body, {side: foot}, palm_m=palm)
            gap = float(np.linalg.norm(landmark(q, plan.body, f"{side}_wrist") - foot))
            if gap <= palm + 0.02:
                return q
        hanging = put(pose, side, shoulder_flexion_deg=plan.uniform(-5.0, 10.0))
        return put(hanging, side, shoulder_abduction_deg=plan.uniform(5.0, 15.0))

    peak, deeper = arm(peak), arm(deeper)
    # on the foot: anywhere from the ankle to the toes
    unheld = _unheld(plan, deeper, {f"{side}_wrist": (f"{side}_ankle", f"{side}_foot_index")})
    return Rep(
        keys=(
            (u(0.4, 0.6), front),
            (u(0.45, 0.7), peak),
            (u(0.5, 1.0), deeper),
            (u(0.5, 0.8), base),
        ),
        peak_signal="knee_flexion_deg",
        faults=("hand_not_on_foot",) if unheld else (),
    )


def figure_four_rep(plan: Plan, base: FloatArray, side: Side, faults: tuple[str, ...]) -> Rep:
    u = plan.uniform
    lean = u(2.0, 6.0)
    target = u(55.0, 63.0) if "knee_too_low" in faults else u(85.0, 94.0)
    crossed = "ankle_not_crossed" not in faults
    peak = put(base, trunk_flexion_deg=lean, head_flexion_deg=u(5.0, 15.0))
    peak = put(
        peak,
        side,
        hip_flexion_deg=target - lean,
        hip_abduction_deg=u(15.0, 25.0) if crossed else u(0.0, 10.0),
        hip_rotation_deg=u(65.0, 78.0) if crossed else u(0.0, 12.0),
        knee_flexion_deg=u(100.0, 115.0),
        ankle_dorsiflexion_deg=u(0.0, 10.0),
    )
    peak = stand_on(peak, other(side), u(2.0, 5.0))
    peak = _lean(plan, peak, faults)
    deeper = put(peak, side, hip_flexion_deg=get(peak, "hip_flexion_deg", side) + u(0.0, 2.0))

    hang = plan.rng.random() < 0.5

    def arms(pose: FloatArray) -> FloatArray:
        if "hands_not_on_knee" in faults:
            return _hands_away(plan, pose, base, hang)
        _, up, forward = heading(pose)
        k = landmark(pose, plan.body, f"{side}_knee")
        ankle = landmark(pose, plan.body, f"{side}_ankle")
        q = hands_to(pose, plan.body, {side: k + 0.05 * forward + 0.03 * up})
        # The other hand grips the upper shin, a third of the way down from the knee.
        shin = (2.0 * k + ankle) / 3.0 + 0.04 * forward
        return hands_to(q, plan.body, {other(side): shin})

    peak, deeper = arms(peak), arms(deeper)
    unheld = "hands_not_on_knee" not in faults and _unheld(
        plan,
        deeper,
        {
            f"{side}_wrist": f"{side}_knee",
            f"{other(side)}_wrist": (f"{side}_knee", f"{side}_ankle"),
        },
    )
    rise = u(0.6, 0.9)
    lift = blend(blend(base, peak, 0.5, LEG), peak, 0.3, ARM)
    return Rep(
        keys=((0.5 * rise, lift), (0.5 * rise, peak), (u(0.6, 1.2), deeper), (u(0.6, 0.9), base)),
        peak_signal="hip_flexion_deg",
        faults=("hands_not_on_knee",) if unheld else (),
    )


def kick_stance(plan: Plan, base: FloatArray) -> FloatArray:
    """Arms straight forward at shoulder height, held through the window."""
    u = plan.uniform
    q = base
    for side in BOTH:
        q = put(
            q,
            side,
            shoulder_flexion_deg=u(83.0, 91.0),
            shoulder_abduction_deg=u(-6.0, -1.0),
            elbow_flexion_deg=u(0.0, 6.0),
        )
    return q


def straight_leg_kick_rep(plan: Plan, base: FloatArray, side: Side, faults: tuple[str, ...]) -> Rep:
    u = plan.uniform
    lean = u(2.0, 5.0)
    target = u(43.0, 52.0) if "kick_too_low" in faults else u(84.0, 90.5)
    peak = put(base, trunk_flexion_deg=lean)
    peak = put(
        peak,
        side,
        hip_flexion_deg=target - lean,
        hip_rotation_deg=u(-3.0, 8.0),
        knee_flexion_deg=u(36.0, 47.0) if "knee_bent" in faults else u(1.0, 8.0),
        ankle_dorsiflexion_deg=u(5.0, 15.0),
    )
    peak = stand_on(peak, other(side), u(2.0, 5.0))
    peak = _lean(plan, peak, faults)
    deeper = put(peak, side, hip_flexion_deg=get(peak, "hip_flexion_deg", side) + u(0.0, 1.5))
    return Rep(
        keys=((u(0.35, 0.55), peak), (u(0.05, 0.15), deeper), (u(0.4, 0.6), base)),
        peak_signal="hip_flexion_deg",
    )


BUILDERS: dict[str, RepBuilder] = {
    "knee_hug": knee_hug_rep,
    "quad_pull": quad_pull_rep,
    "figure_four": figure_four_rep,
    "straight_leg_kick": straight_leg_kick_rep,
}


def plan_walking_drill(plan: Plan, drill: str, opts: Options, duration_s: float) -> None:
    """Alternating reps of ``drill`` from ``plan.t`` for ``duration_s`` seconds."""
    build = BUILDERS[drill]
    window = plan.open_window(drill, None, opts.faults)
    end = plan.t + duration_s
    side: Side = opts.side or ("left" if plan.rng.random() < 0.5 else "right")
    bias = _side_bias(plan)
    speed = TRAVEL_SPEED_M_S[opts.travel]
    stance = plan.pose
    if drill == "straight_leg_kick":
        stance = kick_stance(plan, stance)
        plan.key(0.8, stance)
    plan.hold(plan.uniform(0.3, 0.8))
    while True:
        faults = plan.draw_faults(opts.faults, opts.fault_rate)
        rep = build(plan, stance, side, faults)
        keys = [
            (dt, put(q, side, hip_flexion_deg=get(q, "hip_flexion_deg", side) + bias[side]))
            for dt, q in rep.keys[:-1]
        ]
        span = sum(dt for dt, _ in rep.keys)
        _, _, forward = heading(stance)
        stance = put(
            stance,
            root_x=get(stance, "root_x") + speed * span * forward[0],
            root_z=get(stance, "root_z") + speed * span * forward[2],
        )
        keys.append((rep.keys[-1][0], stance))
        gap = plan.uniform(0.2, 0.6)
        if plan.t + span + 0.3 > end:
            break
        start = plan.t
        for dt, q in keys:
            plan.key(dt, q)
        shown = (*faults, *(f for f in rep.faults if f not in faults))
        window.reps.append(RepPlan(start, plan.t, side, shown, rep.peak_signal))
        if plan.t + gap < end:
            plan.hold(gap)
        side = other(side)
    if plan.t < end:
        plan.hold(end - plan.t)
    plan.close_window(window)
