"""Landmark smoothing: a One-Euro filter per coordinate, with visibility gating.

The One-Euro filter (Casiez et al., 2012) low-passes hard when a landmark is still (no jitter)
and opens up when it moves fast (little lag), which is what a rep peak needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from postrun.vision.types import Pose

Array = NDArray[np.float64]


class PoseSmoother(Protocol):
    def __call__(self, pose: Pose) -> Pose: ...
    def reset(self) -> None: ...


class NoSmoothing:
    """Raw output, for benchmarks that must see what the model saw."""

    def __call__(self, pose: Pose) -> Pose:
        return pose

    def reset(self) -> None:
        pass


@dataclass(frozen=True)
class OneEuroParams:
    min_cutoff_hz: float = 1.0
    beta: float = 10.0
    derivative_cutoff_hz: float = 1.0


def _alpha(cutoff_hz: Array | float, dt: float) -> Array | float:
    tau = 1.0 / (2.0 * math.pi * np.asarray(cutoff_hz))
    return 1.0 / (1.0 + tau / dt)


class OneEuroFilter:
    """Filters an array of values sampled at increasing times; NaN entries restart their state."""

    def __init__(self, params: OneEuroParams = OneEuroParams()) -> None:
        self.params = params
        self._x: Array | None = None
        self._dx: Array | None = None
        self._t = 0.0

    def reset(self) -> None:
        self._x = None

    def __call__(self, values: Array, t_s: float) -> Array:
        x = np.asarray(values, dtype=np.float64)
        if self._x is None or self._dx is None or self._x.shape != x.shape or t_s <= self._t:
            self._x, self._dx, self._t = x.copy(), np.zeros_like(x), t_s
            return x.copy()
        dt = t_s - self._t
        p = self.params
        # Entries that were missing last time start afresh from the new value.
        fresh = ~np.isfinite(self._x)
        prev = np.where(fresh, x, self._x)
        dx = np.where(fresh, 0.0, (x - prev) / dt)
        dx_hat = self._dx + _alpha(p.derivative_cutoff_hz, dt) * (dx - self._dx)
        dx_hat = np.where(np.isfinite(dx_hat), dx_hat, 0.0)
        cutoff = p.min_cutoff_hz + p.beta * np.abs(dx_hat)
        x_hat = prev + _alpha(cutoff, dt) * (x - prev)
        self._x, self._dx, self._t = x_hat, dx_hat, t_s
        return x_hat.copy()


class OneEuroSmoother:
    """Smooths a pose's image and world landmarks; hides landmarks the model cannot see."""

    def __init__(
        self,
        image: OneEuroParams = OneEuroParams(min_cutoff_hz=1.0, beta=10.0),
        world: OneEuroParams = OneEuroParams(min_cutoff_hz=1.0, beta=5.0),
        min_visibility: float = 0.0,
    ) -> None:
        self._image = OneEuroFilter(image)
        self._world = OneEuroFilter(world)
        self.min_visibility = min_visibility

    def reset(self) -> None:
        self._image.reset()
        self._world.reset()

    def __call__(self, pose: Pose) -> Pose:
        image = pose.image.astype(np.float64)
        world = pose.world.astype(np.float64)
        hidden = ~(pose.visibility >= self.min_visibility) if self.min_visibility > 0 else None
        if hidden is not None:
            image[hidden] = np.nan
            world[hidden] = np.nan
        return Pose(
            self._image(image, pose.t_s).astype(np.float32),
            self._world(world, pose.t_s).astype(np.float32),
            pose.visibility,
            pose.presence,
            pose.t_s,
        )
