"""Small builders shared by the vision tests."""

from __future__ import annotations

import numpy as np

from postrun.vision.landmarks import COUNT
from postrun.vision.types import Pose


def pose_in_box(
    x0: float, y0: float, x1: float, y1: float, t_s: float = 0.0, seed: int = 0
) -> Pose:
    """A pose whose image landmarks fill the box (x0, y0)-(x1, y1), corners included."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform((x0, y0), (x1, y1), size=(COUNT, 2))
    xy[0], xy[1] = (x0, y0), (x1, y1)
    image = np.column_stack([xy, np.zeros(COUNT)])
    world = rng.normal(0.0, 0.3, size=(COUNT, 3))
    return Pose(image, world, np.ones(COUNT), np.ones(COUNT), t_s)
