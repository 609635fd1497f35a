"""The four walking drills: knee hug, quad pull, figure four, straight-leg kick.

Each rep is a few key poses (lift, peak, a slightly deeper hold, back to standing) with hands
placed by IK; legs alternate, tempo and depth vary from rep to rep and the left side is a little
different from the right. Faults change the peak pose of the reps that carry them. Ranges below
are the stated ranges of docs/ground-truth.md minus a margin for the body's sway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from postrun.synth.motion import Side
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
from postrun.synth.timeline import Options, Plan, RepPlan

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Rep:
    """Key poses of one rep as (seconds after the previous key, pose); the last is standing."""

    keys: tuple[tuple[float, FloatArray], ...]
    peak_signal: str


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


def _side_bias(plan: Plan) -> dict[Side, float]:
    """A small per-side offset (degrees) so the two legs are not mirror images."""
    d = plan.uniform(-2.0, 2.0)
    return {"left": d, "right": -d}


def knee_hug_rep(plan: Plan, base: FloatArray, side: Side, faults: tuple[str, ...]) -> Rep:
    u = plan.uniform
    lean = u(3.0, 8.0)
    target = u(58.0, 67.0) if "knee_too_low" in faults else u(104.0, 115.0)
    knee = u(95.0, 112.0) if "knee_too_low" in faults else u(113.0, 126.0)
    dorsi = u(-9.0, -1.0) if "toes_not_up" in faults else u(16.0, 23.0)
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
    rise = u(0.6, 0.9)
    lift = blend(blend(base, peak, 0.6, LEG), peak, 0.3, ARM)
    return Rep(
        keys=((0.5 * rise, lift), (0.5 * rise, peak), (u(0.4, 1.0), deeper), (u(0.5, 0.8), base)),
        peak_signal="hip_flexion_deg",
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
    knee = u(72.0, 86.0) if shallow else u(133.0, 145.0)
    thigh = u(-8.0, 4.0) if shallow else u(-8.0, -2.0)
    dorsi = u(-9.0, -1.0) if "toes_not_up" in faults else u(6.0, 14.0)
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

    def arm(pose: FloatArray) -> FloatArray:
        foot = 0.5 * (
            landmark(pose, plan.body, f"{side}_ankle")
            + landmark(pose, plan.body, f"{side}_foot_index")
        )
        return hands_to(pose, plan.body, {side: foot})

    peak, deeper = arm(peak), arm(deeper)
    return Rep(
        keys=(
            (u(0.4, 0.6), front),
            (u(0.45, 0.7), peak),
            (u(0.5, 1.0), deeper),
            (u(0.5, 0.8), base),
        ),
        peak_signal="knee_flexion_deg",
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
        shin = 0.45 * k + 0.55 * landmark(pose, plan.body, f"{side}_ankle")
        return hands_to(
            pose,
            plan.body,
            {side: k + 0.05 * forward + 0.03 * up, other(side): shin + 0.04 * forward},
        )

    peak, deeper = arms(peak), arms(deeper)
    rise = u(0.6, 0.9)
    lift = blend(blend(base, peak, 0.5, LEG), peak, 0.3, ARM)
    return Rep(
        keys=((0.5 * rise, lift), (0.5 * rise, peak), (u(0.6, 1.2), deeper), (u(0.6, 0.9), base)),
        peak_signal="hip_flexion_deg",
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
        window.reps.append(RepPlan(start, plan.t, side, faults, rep.peak_signal))
        if plan.t + gap < end:
            plan.hold(gap)
        side = other(side)
    if plan.t < end:
        plan.hold(end - plan.t)
    plan.close_window(window)
