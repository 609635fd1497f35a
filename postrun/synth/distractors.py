"""Movements that are not drills and must count zero reps: standing, marching and walking with
ordinary low knees, squats, arm circles, stepping out of the frame and back.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Side
from postrun.synth.poses import BOTH, get, other, put, relaxed, stand_on
from postrun.synth.timeline import Options, Overlay, Plan
from postrun.vision.landmarks import INDEX as LM

FloatArray = NDArray[np.float64]


def _end(plan: Plan, end: float) -> None:
    if plan.t < end:
        plan.hold(end - plan.t)


def _stepping_pose(plan: Plan, base: FloatArray, lead: Side, lift: float) -> FloatArray:
    """One leg up with a low knee (``lift`` deg hip flexion), arms swinging against the legs."""
    u = plan.uniform
    q = put(
        base,
        lead,
        hip_flexion_deg=lift,
        knee_flexion_deg=lift * u(1.5, 1.9),
        ankle_dorsiflexion_deg=u(0.0, 8.0),
    )
    q = stand_on(put(q, other(lead), hip_flexion_deg=u(-3.0, 3.0)), other(lead), u(2.0, 6.0))
    swing = u(12.0, 22.0)
    q = put(q, lead, shoulder_flexion_deg=-0.5 * swing, elbow_flexion_deg=u(15.0, 35.0))
    return put(q, other(lead), shoulder_flexion_deg=swing, elbow_flexion_deg=u(25.0, 45.0))


def _contact_pose(plan: Plan, base: FloatArray, lead: Side) -> FloatArray:
    """Both feet down mid-stride: the lead leg reaches forward onto its heel, the trail leg
    extends behind the body and pushes off from its toes; arms swing against the legs."""
    u = plan.uniform
    trail = other(lead)
    q = put(
        base,
        lead,
        hip_flexion_deg=u(18.0, 26.0),
        knee_flexion_deg=u(2.0, 8.0),
        ankle_dorsiflexion_deg=u(0.0, 8.0),
        shoulder_flexion_deg=-u(10.0, 20.0),
        elbow_flexion_deg=u(15.0, 35.0),
    )
    return put(
        q,
        trail,
        hip_flexion_deg=-u(12.0, 20.0),
        knee_flexion_deg=u(8.0, 20.0),
        ankle_dorsiflexion_deg=-u(5.0, 15.0),
        shoulder_flexion_deg=u(12.0, 22.0),
        elbow_flexion_deg=u(25.0, 45.0),
    )


def step_to(
    plan: Plan, x: float, z: float, *, speed: float = 0.9, lift: tuple[float, float] = (15.0, 25.0)
) -> None:
    """Turn toward (x, z) and walk there: each step swings one leg through with a low knee and
    lands it ahead while the other leg extends behind; the feet close up at the end."""
    here = plan.pose
    dx, dz = x - get(here, "root_x"), z - get(here, "root_z")
    dist = math.hypot(dx, dz)
    if dist < 1e-3:
        return
    yaw = math.degrees(math.atan2(dx, dz))
    turn = (yaw - get(here, "root_yaw_deg") + 180.0) % 360.0 - 180.0
    yaw = get(here, "root_yaw_deg") + turn
    plan.key(0.5 + abs(turn) / 200.0, put(here, root_yaw_deg=yaw))
    steps = max(1, math.ceil(dist / (0.35 * plan.body.height_m / 1.75)))
    lead: Side = "left" if plan.rng.random() < 0.5 else "right"
    base = put(plan.pose, root_yaw_deg=yaw)
    step_time = 0.35 * plan.body.height_m / 1.75 / speed
    for k in range(1, steps + 1):
        mid = put(
            _stepping_pose(plan, base, lead, plan.uniform(*lift)),
            root_x=get(here, "root_x") + dx * (k - 0.5) / steps,
            root_z=get(here, "root_z") + dz * (k - 0.5) / steps,
        )
        plan.key(0.5 * step_time, mid)
        base = put(
            base,
            root_x=get(here, "root_x") + dx * k / steps,
            root_z=get(here, "root_z") + dz * k / steps,
        )
        plan.key(0.5 * step_time, _contact_pose(plan, base, lead))
        lead = other(lead)
    plan.key(0.6 * step_time, base)  # the trail leg comes up beside the other: standing


def face(plan: Plan, yaw_deg: float) -> None:
    turn = (yaw_deg - get(plan.pose, "root_yaw_deg") + 180.0) % 360.0 - 180.0
    if abs(turn) > 1.0:
        plan.key(
            0.5 + abs(turn) / 200.0,
            put(plan.pose, root_yaw_deg=get(plan.pose, "root_yaw_deg") + turn),
        )


def plan_standing(plan: Plan, opts: Options, duration_s: float) -> None:
    """Standing still: slow sway, weight shifts, arms now and then folded or on the hips."""
    end = plan.t + duration_s
    plan.sway_scale = 1.5
    u = plan.uniform
    while plan.t + 1.5 < end:
        q = relaxed(plan.rng, plan.pose)
        q = put(q, trunk_lateral_deg=u(-2.0, 2.0), root_x=u(-0.03, 0.03))
        if plan.rng.random() < 0.3:  # hands on hips / folded: elbows bent, arms a little out
            for s in BOTH:
                q = put(
                    q, s, elbow_flexion_deg=u(80.0, 110.0), shoulder_abduction_deg=u(15.0, 35.0)
                )
        plan.key(u(0.8, 1.5), q)
        plan.hold(u(1.0, 3.0))
    _end(plan, end)


def plan_marching(plan: Plan, opts: Options, duration_s: float) -> None:
    """Marching in place: alternating low knees (hip flexion 25-40 deg), arms swinging."""
    end = plan.t + duration_s
    base = plan.pose
    lead: Side = opts.side or "left"
    plan.hold(plan.uniform(0.3, 0.8))
    while plan.t + 1.0 < end:
        up = _stepping_pose(plan, base, lead, plan.uniform(25.0, 38.0))
        plan.key(plan.uniform(0.25, 0.38), up)
        plan.key(plan.uniform(0.25, 0.38), base)
        if plan.rng.random() < 0.3:
            plan.hold(plan.uniform(0.05, 0.2))
        lead = other(lead)
    _end(plan, end)


def plan_walking(plan: Plan, opts: Options, duration_s: float) -> None:
    """Walking to and fro across the view, turning at each end."""
    end = plan.t + duration_s
    x = 0.0
    while plan.t + 3.0 < end:
        x = plan.uniform(0.6, 1.0) * (1.0 if x <= 0 else -1.0)
        step_to(plan, x, plan.uniform(-0.3, 0.3), speed=plan.uniform(0.5, 0.9))
    face(plan, 0.0)
    _end(plan, end)


def _plant_feet(plan: Plan, pose: FloatArray, standing: FloatArray) -> FloatArray:
    """Shift the pelvis so the ankles stay where they were when standing (squats sit back)."""
    ankles = [LM["left_ankle"], LM["right_ankle"]]
    drift = forward_kinematics(pose, plan.body)[ankles].mean(axis=0)
    drift -= forward_kinematics(standing, plan.body)[ankles].mean(axis=0)
    return put(pose, root_x=get(pose, "root_x") - drift[0], root_z=get(pose, "root_z") - drift[2])


def plan_squats(plan: Plan, opts: Options, duration_s: float) -> None:
    """Bodyweight squats, arms forward at the bottom; both legs bend together."""
    end = plan.t + duration_s
    u = plan.uniform
    base = plan.pose
    plan.hold(u(0.5, 1.0))
    while plan.t + 4.0 < end:
        hip, knee = u(75.0, 100.0), u(90.0, 115.0)
        q = put(base, trunk_flexion_deg=u(20.0, 35.0))
        for s in BOTH:
            q = put(
                q,
                s,
                hip_flexion_deg=hip + u(-2, 2),
                knee_flexion_deg=knee,
                ankle_dorsiflexion_deg=knee - hip,
                hip_abduction_deg=u(5.0, 12.0),
                shoulder_flexion_deg=u(75.0, 90.0),
                elbow_flexion_deg=u(0.0, 10.0),
            )
        q = _plant_feet(plan, q, base)
        plan.key(u(1.1, 1.7), q)
        plan.hold(u(0.2, 0.5))
        plan.key(u(1.0, 1.5), base)
        plan.hold(u(0.5, 1.5))
    _end(plan, end)


def plan_arm_circles(plan: Plan, opts: Options, duration_s: float) -> None:
    """Arms out to the sides making circles, forward then backward; legs still."""
    end = plan.t + duration_s
    u = plan.uniform
    base = plan.pose
    out = base
    for s in BOTH:
        out = put(
            out,
            s,
            shoulder_abduction_deg=u(80.0, 90.0),
            shoulder_flexion_deg=u(0.0, 10.0),
            elbow_flexion_deg=u(0.0, 10.0),
        )
    plan.key(u(0.8, 1.2), out)
    t0 = plan.t
    t1 = max(t0 + 2.0, end - u(1.5, 2.5))
    mid = 0.5 * (t0 + t1)
    for a, b, direction in ((t0, mid, 1.0), (mid, t1, -1.0)):
        amp, freq = u(15.0, 28.0), u(0.8, 1.3)
        for s in BOTH:
            plan.overlays.append(Overlay(f"{s}_shoulder_flexion_deg", a, b, amp, freq, 0.0, 0.4))
            plan.overlays.append(
                Overlay(
                    f"{s}_shoulder_abduction_deg", a, b, amp, freq, direction * math.pi / 2, 0.4
                )
            )
    plan.hold(t1 - plan.t)
    plan.key(u(0.8, 1.2), base)
    _end(plan, end)


def plan_step_in_out(plan: Plan, opts: Options, duration_s: float) -> None:
    """Walk out of the frame to one side, wait, come back; then the other side."""
    end = plan.t + duration_s
    u = plan.uniform
    plan.hold(u(1.0, 2.0))
    first = 1.0 if plan.rng.random() < 0.5 else -1.0
    for direction in (first, -first):
        if plan.t + 6.0 > end:
            break
        step_to(plan, direction * u(2.0, 2.4), u(-0.2, 0.2), speed=u(0.9, 1.2))
        plan.hold(u(1.0, 2.0))
        step_to(plan, u(-0.1, 0.1), u(-0.1, 0.1), speed=u(0.9, 1.2))
        face(plan, 0.0)
        plan.hold(u(0.8, 1.5))
    _end(plan, end)


PLANNERS = {
    "standing": plan_standing,
    "marching": plan_marching,
    "walking": plan_walking,
    "squats": plan_squats,
    "arm_circles": plan_arm_circles,
    "step_in_out": plan_step_in_out,
}
