"""The motion library: every drill (correct or with faults), the distractors and the full routine.

    from postrun.synth.motions import DRILLS, generate
    motion = DRILLS["knee_hug"](seed=3, faults=("toes_not_up",), fault_rate=0.5)

Every generator takes the same keyword arguments: ``fps`` (30), ``duration_s`` (20), ``seed``,
``body`` (a :class:`~postrun.synth.skeleton.Body`, default 1.75 m), ``faults`` (names from
:data:`FAULTS` for that drill), ``fault_rate`` (the chance each rep carries each fault; 1 = the
whole window), ``travel`` (walking drills: ``in_place``, ``toward`` the camera or ``across``
it), ``side`` (swings: the swinging leg; walking drills: the first leg; default from the seed)
and ``yaw_deg`` (the heading at the start; 0 faces +z). The same seed gives the same motion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from postrun.synth.distractors import PLANNERS, face
from postrun.synth.drills import plan_walking_drill
from postrun.synth.motion import Kind, Motion, Side, Travel
from postrun.synth.poses import put, relaxed
from postrun.synth.skeleton import Body
from postrun.synth.swings import plan_swing
from postrun.synth.timeline import Options, Plan, finalize

WALKING = ("knee_hug", "quad_pull", "figure_four", "straight_leg_kick")
SWINGS = ("lateral_swing", "forward_swing")

FAULTS: dict[str, tuple[str, ...]] = {
    "knee_hug": ("knee_too_low", "toes_not_up", "hands_not_on_knee", "trunk_leaning"),
    "quad_pull": ("heel_not_to_glute", "toes_not_up", "trunk_leaning"),
    "figure_four": ("knee_too_low", "ankle_not_crossed", "hands_not_on_knee", "trunk_leaning"),
    "straight_leg_kick": ("knee_bent", "kick_too_low", "trunk_leaning"),
    "lateral_swing": ("swing_too_small", "toes_not_up", "knee_bent", "trunk_leaning"),
    "forward_swing": ("swing_too_small", "knee_bent", "trunk_leaning"),
}

PlanFn = Callable[[Plan, str, Options, float], None]


def _plan_window(plan: Plan, name: str, opts: Options, duration_s: float) -> None:
    if name in WALKING:
        plan_walking_drill(plan, name, opts, duration_s)
    elif name in SWINGS:
        plan_swing(plan, name, opts, duration_s)
    else:
        window = plan.open_window(name, None, ())
        PLANNERS[name](plan, opts, duration_s)
        plan.close_window(window)


def _start(opts: Options, rng: np.random.Generator) -> NDArray[np.float64]:
    yaw = opts.yaw_deg + (90.0 if opts.travel == "across" else 0.0)
    return put(relaxed(rng), root_yaw_deg=yaw)


class Generator:
    """A motion generator for one drill or distractor id (see the module docs for arguments)."""

    def __init__(self, name: str, kind: Kind) -> None:
        self.name = name
        self.kind = kind
        self.__doc__ = f"Generate a {name.replace('_', ' ')} motion ({kind})."

    def __call__(
        self,
        *,
        fps: float = 30.0,
        duration_s: float = 20.0,
        seed: int = 0,
        body: Body | None = None,
        faults: Sequence[str] = (),
        fault_rate: float = 1.0,
        travel: Travel = "in_place",
        side: Side | None = None,
        yaw_deg: float = 0.0,
    ) -> Motion:
        allowed = FAULTS.get(self.name, ())
        unknown = [f for f in faults if f not in allowed]
        if unknown:
            choices = ", ".join(allowed) or "none"
            raise ValueError(f"{self.name} has no fault {unknown[0]!r}; choose from: {choices}")
        if travel != "in_place" and self.name not in WALKING:
            raise ValueError(
                f"travel={travel!r} applies only to the walking drills: {', '.join(WALKING)}"
            )
        if not 0.0 <= fault_rate <= 1.0:
            raise ValueError(f"fault_rate is a probability in [0, 1], got {fault_rate}")
        opts = Options(
            fps=fps,
            duration_s=duration_s,
            seed=seed,
            body=body or Body(),
            faults=tuple(faults),
            fault_rate=fault_rate,
            travel=travel,
            side=side,
            yaw_deg=yaw_deg,
        )
        rng = np.random.default_rng(seed)
        plan = Plan(opts.body, rng, _start(opts, rng))
        _plan_window(plan, self.name, opts, duration_s)
        return finalize(
            plan, name=self.name, kind=self.kind, fps=fps, duration_s=duration_s, seed=seed
        )


DRILLS: dict[str, Generator] = {name: Generator(name, "drill") for name in (*WALKING, *SWINGS)}
DISTRACTORS: dict[str, Generator] = {name: Generator(name, "distractor") for name in PLANNERS}

knee_hug = DRILLS["knee_hug"]
quad_pull = DRILLS["quad_pull"]
figure_four = DRILLS["figure_four"]
straight_leg_kick = DRILLS["straight_leg_kick"]
lateral_swing = DRILLS["lateral_swing"]
forward_swing = DRILLS["forward_swing"]


def generate(name: str, **options: object) -> Motion:
    """Any drill or distractor by id, e.g. ``generate("squats", seed=2)``."""
    generator = DRILLS.get(name) or DISTRACTORS.get(name)
    if generator is None:
        known = ", ".join((*DRILLS, *DISTRACTORS))
        raise ValueError(f"unknown motion {name!r}; choose from: {known}")
    return generator(**options)  # type: ignore[arg-type]


def post_run_windows() -> tuple[tuple[str, Side | None], ...]:
    """(drill, side) per window of the bundled post-run routine (routines/post-run.toml)."""
    from postrun.routines.routine import load_routine

    return tuple((w.drill, w.side) for w in load_routine("post-run").windows)


def routine(
    *,
    fps: float = 30.0,
    seed: int = 0,
    body: Body | None = None,
    window_s: float = 20.0,
    gap_s: tuple[float, float] = (2.5, 4.0),
    faults: Mapping[str, Sequence[str]] | None = None,
    turn_as_asked: bool = True,
    windows: Sequence[tuple[str, Side | None]] | None = None,
) -> Motion:
    """The whole post-run routine (or the ``windows`` given) as one motion: each drill's window
    with standing in between.

    With ``turn_as_asked`` the person turns as the session asks: half side-on for the kick
    (yaw 45), side-on for the forward swing so the swinging leg faces a camera in front (yaw -90
    for the left leg, +90 for the right), as they would beside a wall.
    """
    rng = np.random.default_rng(seed)
    body = body or Body()
    plan = Plan(body, rng, relaxed(rng))
    plan.hold(float(rng.uniform(*gap_s)))
    for drill, side in windows or post_run_windows():
        yaw = 0.0
        if drill == "straight_leg_kick" and turn_as_asked:
            yaw = 45.0
        if drill == "forward_swing" and turn_as_asked:
            yaw = -90.0 if side == "left" else 90.0
        face(plan, yaw)
        opts = Options(
            fps=fps,
            duration_s=window_s,
            seed=seed,
            body=body,
            faults=tuple((faults or {}).get(drill, ())),
            side=side,
        )
        _plan_window(plan, drill, opts, window_s)
        plan.key(0.8, relaxed(rng, put(plan.pose, trunk_flexion_deg=0.0, trunk_lateral_deg=0.0)))
        plan.hold(float(rng.uniform(*gap_s)))
    face(plan, 0.0)
    plan.hold(1.0)
    return finalize(plan, name="routine", kind="routine", fps=fps, duration_s=plan.t, seed=seed)
