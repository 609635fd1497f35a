"""Motion: a DOF trajectory plus the ground truth of what it shows.

Produced by the motion library (:mod:`postrun.synth.motions`), consumed by the landmark
synthesizer, the mesh renderer and the ground-truth writer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS
from postrun.synth.skeleton import Body

FloatArray = NDArray[np.float64]
Side = Literal["left", "right"]
Kind = Literal["drill", "distractor", "routine"]
Travel = Literal["in_place", "toward", "across"]


@dataclass
class RepPlan:
    """A rep as planned: its span, side, faults and the signal whose maximum is its peak."""

    start_s: float
    end_s: float
    side: Side
    faults: tuple[str, ...]
    peak_signal: str  # a metric name from postrun.routines.metrics
    swing: bool = False  # swing cycles also record the range of peak_signal over the span
    # A swing cycle's planned extremes (high, then low). The span runs from mid-swing to
    # mid-swing, so next to a much bigger cycle its ends pass this cycle's own extremes.
    extremes_s: tuple[float, float] | None = None


@dataclass
class WindowPlan:
    drill: str
    side: Side | None
    start_s: float
    faults: tuple[str, ...]
    end_s: float = math.nan
    reps: list[RepPlan] = field(default_factory=list)


@dataclass(frozen=True)
class RepTruth:
    """One repetition (walking drills) or swing cycle (swings), judged at its peak.

    ``metrics`` are measured on the posed 3D rig with :mod:`postrun.routines.metrics` at the
    peak frame (see docs/ground-truth.md for the list per drill); ``faults`` are those injected
    into this rep.
    """

    t_peak_s: float
    side: Side
    faults: tuple[str, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)
    t_start_s: float = float("nan")
    t_end_s: float = float("nan")


@dataclass(frozen=True)
class WindowTruth:
    """One drill (or distractor) window: ``side`` is the swinging leg for swings, else None."""

    drill: str
    side: Side | None
    start_s: float
    end_s: float
    faults: tuple[str, ...] = ()
    reps: tuple[RepTruth, ...] = ()


@dataclass(frozen=True)
class Motion:
    """DOF trajectory ``dofs`` (T, len(DOFS)) sampled at ``t_s`` (T,), with its ground truth."""

    name: str  # drill id, distractor id, or "routine"
    kind: Kind
    fps: float
    t_s: FloatArray
    dofs: FloatArray
    body: Body
    seed: int
    windows: tuple[WindowTruth, ...]

    def __post_init__(self) -> None:
        if self.t_s.ndim != 1 or self.dofs.shape != (self.t_s.size, len(DOFS)):
            raise ValueError(
                f"dofs must be (T, {len(DOFS)}) with T = len(t_s); got {self.dofs.shape} "
                f"and {self.t_s.shape}"
            )
        if self.fps <= 0:
            raise ValueError(f"fps must be positive, got {self.fps}")

    @property
    def frames(self) -> int:
        return int(self.t_s.size)

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps

    @property
    def drill(self) -> str:
        return self.name

    @property
    def side(self) -> Side | None:
        """The window's side (swings); None for alternating drills and for routines."""
        return self.windows[0].side if len(self.windows) == 1 else None

    @property
    def reps(self) -> tuple[RepTruth, ...]:
        return tuple(rep for w in self.windows for rep in w.reps)

    @property
    def faults(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for w in self.windows:
            seen.update(dict.fromkeys(w.faults))
        return tuple(seen)
