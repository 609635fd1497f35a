"""The two leg swings, one leg per window: sideways facing a wall, forward side-on to it.

A swing is a chain of extremes (out, across, out, ... or forward, back, ...) joined by
minimum-jerk half-swings, so the leg turns around at each extreme and is fastest mid-swing.
One cycle (a rep) is an out/forward extreme followed by the across/back one; its span runs from
mid-swing before the first to mid-swing after the second.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from postrun.synth.motion import RepPlan, Side
from postrun.synth.poses import BOTH, other, put, stand_on
from postrun.synth.timeline import Options, Overlay, Plan

FloatArray = NDArray[np.float64]


def _wall_stance(plan: Plan, base: FloatArray, side: Side, drill: str) -> FloatArray:
    u = plan.uniform
    q = stand_on(base, other(side), u(3.0, 6.0))
    if drill == "lateral_swing":  # both hands forward on the wall
        for s in BOTH:
            q = put(
                q,
                s,
                shoulder_flexion_deg=u(75.0, 88.0),
                shoulder_abduction_deg=u(5.0, 12.0),
                elbow_flexion_deg=u(15.0, 30.0),
            )
        return q
    # side-on: the inside hand on the wall, the outside arm loose
    q = put(
        q,
        other(side),
        shoulder_flexion_deg=u(5.0, 20.0),
        shoulder_abduction_deg=u(65.0, 80.0),
        elbow_flexion_deg=u(20.0, 40.0),
    )
    return put(q, side, shoulder_abduction_deg=u(5.0, 15.0), elbow_flexion_deg=u(10.0, 30.0))


def _lateral_extremes(
    plan: Plan, stance: FloatArray, side: Side, faults: tuple[str, ...]
) -> tuple[FloatArray, FloatArray]:
    u = plan.uniform
    small = "swing_too_small" in faults
    knee = (36.0, 48.0) if "knee_bent" in faults else (3.0, 10.0)
    toe = (-20.0, -6.0) if "toes_not_up" in faults else (12.0, 22.0)
    s = 1.0 if side == "left" else -1.0
    lean = u(21.0, 29.0) if "trunk_leaning" in faults else u(1.0, 3.0)
    out = put(stance, trunk_lateral_deg=-s * lean)  # leaning away from the swinging leg
    out = put(
        out,
        side,
        hip_abduction_deg=u(12.0, 16.0) if small else u(31.0, 38.0),
        hip_flexion_deg=u(0.0, 6.0),
        knee_flexion_deg=u(*knee),
        ankle_dorsiflexion_deg=u(*toe),
    )
    across = put(stance, trunk_lateral_deg=s * u(0.0, 2.0))
    across = put(
        across,
        side,
        hip_abduction_deg=-u(9.0, 13.0) if small else -u(22.0, 27.0),
        hip_flexion_deg=u(10.0, 18.0) if not small else u(3.0, 8.0),
        knee_flexion_deg=u(*knee),
        ankle_dorsiflexion_deg=u(*toe),
    )
    return out, across


def _forward_extremes(
    plan: Plan, stance: FloatArray, side: Side, faults: tuple[str, ...]
) -> tuple[FloatArray, FloatArray]:
    u = plan.uniform
    small = "swing_too_small" in faults
    knee = (36.0, 48.0) if "knee_bent" in faults else (3.0, 10.0)
    rock_f, rock_b = -u(0.0, 3.0), u(0.0, 3.0)  # the trunk rocks a little against the leg
    fwd = u(14.0, 19.0) if small else u(61.0, 68.0)
    back = -u(7.0, 11.0) if small else -u(22.0, 28.0)
    front = put(stance, trunk_flexion_deg=rock_f)
    front = put(
        front,
        side,
        hip_flexion_deg=fwd - rock_f,
        knee_flexion_deg=u(*knee),
        ankle_dorsiflexion_deg=u(5.0, 15.0),
        shoulder_flexion_deg=-u(10.0, 20.0),
    )
    behind = put(stance, trunk_flexion_deg=rock_b)
    behind = put(
        behind,
        side,
        hip_flexion_deg=back - rock_b,
        knee_flexion_deg=u(*knee) + u(0.0, 4.0),
        ankle_dorsiflexion_deg=u(-5.0, 5.0),
        shoulder_flexion_deg=u(10.0, 20.0),
    )
    return front, behind


class _HeldLean:
    """The forward swing's ``trunk_leaning``: a forward lean of 21-29 deg held steadily over a
    run of cycles (people settle into a posture; they do not flip it every swing). Runs follow a
    two-state Markov chain whose long-run share of leaning cycles is the fault rate (mean run
    about three cycles); the lean fades in and out over 0.35 s at the edges of its cycles."""

    RUN = 3.0  # mean cycles per run
    RAMP_S = 0.35

    def __init__(self, plan: Plan, active: bool) -> None:
        self.plan = plan
        self.active = active
        self.leaning: bool | None = None
        self._run: tuple[float, float] | None = None  # (start, end) of the current leaning run

    def draw(self, faults: tuple[str, ...], rate: float) -> tuple[str, ...]:
        if not self.active:
            return faults
        faults = tuple(f for f in faults if f != "trunk_leaning")
        rng = self.plan.rng
        if self.leaning is None or rate >= 1.0 or rate <= 0.0:
            self.leaning = bool(rng.random() < rate)
        elif self.leaning:
            self.leaning = bool(rng.random() >= (1.0 - rate) / self.RUN)
        else:
            self.leaning = bool(rng.random() < rate / self.RUN)
        return (*faults, "trunk_leaning") if self.leaning else faults

    def cover(self, start_s: float, end_s: float, leaning: bool) -> None:
        """Called per cycle in time order with its span: extend or close the leaning run."""
        if not self.active:
            return
        if leaning:
            self._run = (self._run[0] if self._run else start_s, end_s)
        else:
            self.finish()

    def finish(self, straighten: tuple[float, float] | None = None) -> None:
        """Close the current run. ``straighten``: (from, to) when the run lasts to the end of
        the set; the person straightens up while the leg returns to standing (so the signed hip
        angle, thigh against trunk, stays put instead of making one more small swing)."""
        if self._run is None:
            return
        t0, t1 = self._run
        ramp_out = self.RAMP_S
        if straighten is not None:
            t1, ramp_out = straighten[1], straighten[1] - straighten[0]
        lean = self.plan.uniform(21.0, 29.0)
        self.plan.overlays.append(
            Overlay("trunk_flexion_deg", t0, t1, lean, 0.0, 0.5 * math.pi, self.RAMP_S, ramp_out)
        )
        self._run = None


def plan_swing(plan: Plan, drill: str, opts: Options, duration_s: float) -> None:
    """Swing one leg (``opts.side``, else chosen by the seed) for ``duration_s`` seconds."""
    side: Side = opts.side or ("left" if plan.rng.random() < 0.5 else "right")
    window = plan.open_window(drill, side, opts.faults)
    end = plan.t + duration_s
    stance = _wall_stance(plan, plan.pose, side, drill)
    plan.key(plan.uniform(0.6, 1.0), stance)
    plan.hold(plan.uniform(0.3, 0.8))
    extremes = _lateral_extremes if drill == "lateral_swing" else _forward_extremes
    signal = "hip_abduction_signed_deg" if drill == "lateral_swing" else "hip_flexion_signed_deg"
    half = (0.5, 0.75)  # seconds per half-swing
    swing_start = plan.t
    cycles: list[tuple[float, float, tuple[str, ...]]] = []  # (t_high, t_low, faults)
    held = _HeldLean(plan, drill == "forward_swing" and "trunk_leaning" in opts.faults)
    while True:
        faults = plan.draw_faults(opts.faults, opts.fault_rate)
        faults = held.draw(faults, opts.fault_rate)
        high, low = extremes(plan, stance, side, faults)
        t_high, t_low = (0.6 if not cycles else 1.0) * plan.uniform(*half), plan.uniform(*half)
        # stop when this cycle plus the return to standing (two keys, below) would not fit
        if plan.t + t_high + t_low + 0.7 + 0.9 > end:  # the two closing keys at their longest
            break
        cycles.append((plan.key(t_high, high), plan.key(t_low, low), faults))
    swing_end = plan.key(plan.uniform(0.5, 0.7), stance)
    # a cycle runs from mid-swing before its high extreme to mid-swing after its low one
    for k, (t_high, t_low, faults) in enumerate(cycles):
        start = swing_start if k == 0 else 0.5 * (cycles[k - 1][1] + t_high)
        stop = swing_end if k == len(cycles) - 1 else 0.5 * (t_low + cycles[k + 1][0])
        window.reps.append(
            RepPlan(start, stop, side, faults, signal, swing=True, extremes_s=(t_high, t_low))
        )
        held.cover(start, stop, "trunk_leaning" in faults)
    held.finish(straighten=(cycles[-1][1], swing_end) if cycles else None)
    plan.key(plan.uniform(0.6, 0.9), put(stance, side, knee_flexion_deg=0.0))
    if plan.t < end:
        plan.hold(end - plan.t)
    plan.close_window(window)
