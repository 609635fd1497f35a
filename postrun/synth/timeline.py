"""Building motions: key poses joined by minimum-jerk segments, plus sway and grounding.

Generators append key poses (full DOF rows) to a :class:`Plan` and mark reps; :func:`finalize`
samples the plan at the frame rate, adds the body's slow sway, puts the feet on the floor and
measures the ground truth on the posed rig. Minimum-jerk segments start and end at rest and never
overshoot, so a rep's peak is the key pose at its top (up to the sway).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from postrun.synth.annotate import annotate_windows
from postrun.synth.dofs import INDEX
from postrun.synth.kinematics import forward_kinematics, grounded_root_y
from postrun.synth.motion import Kind, Motion, Side, Travel, WindowPlan
from postrun.synth.skeleton import Body

FloatArray = NDArray[np.float64]

# Peak amplitude of the slow sway added to every motion (degrees or metres).
SWAY: dict[str, float] = {
    "root_x": 0.008,
    "root_z": 0.008,
    "root_yaw_deg": 1.5,
    "trunk_flexion_deg": 0.8,
    "trunk_lateral_deg": 0.8,
    "trunk_twist_deg": 1.5,
    "head_flexion_deg": 2.5,
    "left_shoulder_flexion_deg": 1.0,
    "right_shoulder_flexion_deg": 1.0,
    "left_elbow_flexion_deg": 1.5,
    "right_elbow_flexion_deg": 1.5,
}


@dataclass(frozen=True)
class Options:
    """What a generator was asked for; see :func:`postrun.synth.motions.generate`."""

    fps: float = 30.0
    duration_s: float = 20.0
    seed: int = 0
    body: Body = field(default_factory=Body)
    faults: tuple[str, ...] = ()
    fault_rate: float = 1.0
    travel: Travel = "in_place"
    side: Side | None = None
    yaw_deg: float = 0.0


@dataclass(frozen=True)
class Overlay:
    """A sinusoid added to one DOF over [t0, t1], faded in and out over ``ramp_s``."""

    dof: str
    t0: float
    t1: float
    amplitude: float
    freq_hz: float
    phase: float = 0.0
    ramp_s: float = 0.5
    ramp_out_s: float | None = None  # the fade out, if it differs from the fade in

    def sample(self, t: FloatArray) -> FloatArray:
        inside = (t >= self.t0) & (t <= self.t1)
        ramp = max(self.ramp_s, 1e-6)
        ramp_out = max(self.ramp_s if self.ramp_out_s is None else self.ramp_out_s, 1e-6)
        env = np.minimum(_smoothstep((t - self.t0) / ramp), _smoothstep((self.t1 - t) / ramp_out))
        wave = np.sin(2.0 * np.pi * self.freq_hz * (t - self.t0) + self.phase)
        result: FloatArray = np.where(inside, self.amplitude * env * wave, 0.0)
        return result


def _smoothstep(u: FloatArray) -> FloatArray:
    """Minimum-jerk profile 10u^3 - 15u^4 + 6u^5 on [0, 1], clamped outside."""
    v = np.clip(u, 0.0, 1.0)
    result: FloatArray = v**3 * (10.0 - 15.0 * v + 6.0 * v * v)
    return result


class Plan:
    """Key poses in time order plus the windows and reps they show."""

    def __init__(self, body: Body, rng: np.random.Generator, start: FloatArray) -> None:
        self.body = body
        self.rng = rng
        self.times: list[float] = [0.0]
        self.poses: list[FloatArray] = [np.array(start, dtype=np.float64)]
        self.overlays: list[Overlay] = []
        self.windows: list[WindowPlan] = []
        self.sway_scale = 1.0

    @property
    def t(self) -> float:
        return self.times[-1]

    @property
    def pose(self) -> FloatArray:
        """A copy of the latest key pose."""
        return self.poses[-1].copy()

    def key(self, dt: float, pose: FloatArray) -> float:
        """Reach ``pose`` ``dt`` seconds after the previous key; returns the key's time."""
        if dt <= 0:
            raise ValueError("key poses must move forward in time")
        self.times.append(self.t + dt)
        self.poses.append(np.array(pose, dtype=np.float64))
        return self.t

    def hold(self, dt: float) -> float:
        return self.key(dt, self.pose)

    def open_window(self, drill: str, side: Side | None, faults: tuple[str, ...]) -> WindowPlan:
        window = WindowPlan(drill=drill, side=side, start_s=self.t, faults=faults)
        self.windows.append(window)
        return window

    def close_window(self, window: WindowPlan) -> None:
        window.end_s = self.t

    def draw_faults(self, faults: tuple[str, ...], rate: float) -> tuple[str, ...]:
        """Which of the window's faults this rep shows (each with probability ``rate``)."""
        return tuple(f for f in faults if self.rng.random() < rate)

    def uniform(self, low: float, high: float) -> float:
        return float(self.rng.uniform(low, high))

    def sample(self, fps: float, duration_s: float) -> tuple[FloatArray, FloatArray]:
        """Frame times and DOFs (T, len(DOFS)) of the keyed trajectory plus overlays."""
        frames = round(duration_s * fps)
        t = np.arange(frames) / fps
        times = np.asarray(self.times)
        poses = np.stack(self.poses)
        if times.size < 2:
            times, poses = np.array([0.0, 1.0]), np.repeat(poses, 2, axis=0)
        k = np.clip(np.searchsorted(times, t, side="right") - 1, 0, times.size - 2)
        u = (t - times[k]) / (times[k + 1] - times[k])
        q = poses[k] + _smoothstep(u)[:, None] * (poses[k + 1] - poses[k])
        for overlay in self.overlays:
            q[:, INDEX[overlay.dof]] += overlay.sample(t)
        return t, q


def smooth_noise(t: FloatArray, rng: np.random.Generator, amplitude: float) -> FloatArray:
    """Slow, bounded wobble (|x| <= amplitude): three sinusoids of 0.1-0.6 Hz, random phases."""
    weights = rng.dirichlet(np.ones(3))
    freqs = rng.uniform(0.1, 0.6, 3)
    phases = rng.uniform(0.0, 2.0 * np.pi, 3)
    waves = np.sin(2.0 * np.pi * freqs[:, None] * t[None, :] + phases[:, None])
    result: FloatArray = amplitude * (weights @ waves)
    return result


def finalize(
    plan: Plan, *, name: str, kind: Kind, fps: float, duration_s: float, seed: int
) -> Motion:
    """Sample the plan, add sway, ground the feet and measure the ground truth."""
    if plan.t < duration_s:
        plan.hold(duration_s - plan.t + 1.0 / fps)
    t, q = plan.sample(fps, duration_s)
    for dof, amplitude in SWAY.items():
        q[:, INDEX[dof]] += smooth_noise(t, plan.rng, amplitude * plan.sway_scale)
    q[:, INDEX["root_y"]] = grounded_root_y(q, plan.body)
    landmarks = forward_kinematics(q, plan.body)
    windows = annotate_windows(plan.windows, landmarks, t)
    return Motion(
        name=name,
        kind=kind,
        fps=fps,
        t_s=t,
        dofs=q,
        body=plan.body,
        seed=seed,
        windows=windows,
    )
