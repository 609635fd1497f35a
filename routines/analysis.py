"""Run one drill over a recorded stream of landmarks (offline analysis and benchmarks)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from postrun.routines.drills import DRILLS
from postrun.routines.drills.tracker import DrillTracker, RepEvent
from postrun.routines.facing import face_the_camera
from postrun.routines.features import compute_features
from postrun.routines.metrics import Side
from postrun.routines.thresholds import Thresholds


def frame_features(
    world: ArrayLike,
    visibility: ArrayLike,
    up: ArrayLike,
    min_visibility: float,
    image: ArrayLike | None = None,
    aspect: float = 1.0,
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Per-frame (gated, ungated) feature dicts for frames (T, 33, 3) / (T, 33); ``image`` and
    ``aspect`` as in :func:`compute_features`. Frames the model read from behind are turned
    round first (:mod:`postrun.routines.facing`): the image tells which way the runner faces."""
    vis = np.asarray(visibility, dtype=np.float64)
    if image is not None:
        world, image, vis = face_the_camera(world, image, vis, aspect)
    gated = compute_features(world, vis, up, min_visibility, image, aspect)
    present = np.where(np.isfinite(vis), 1.0, 0.0)
    raw = compute_features(world, present, up, 0.5, image, aspect)
    return _rows(gated), _rows(raw)


def _rows(columns: Mapping[str, np.ndarray]) -> list[dict[str, float]]:
    names = list(columns)
    table = np.column_stack([columns[n] for n in names]) if names else np.empty((0, 0))
    return [dict(zip(names, map(float, row), strict=True)) for row in table]


def track_drill(
    drill: str,
    thresholds: Thresholds,
    t_s: ArrayLike,
    world: ArrayLike,
    visibility: ArrayLike,
    up: ArrayLike,
    side: Side | None = None,
    image: ArrayLike | None = None,
    aspect: float = 1.0,
) -> list[RepEvent]:
    """Every rep of ``drill`` in the stream, in time order (``image``, ``aspect``: see
    :func:`frame_features`)."""
    tracker = DrillTracker(DRILLS[drill], thresholds, side)
    min_vis = thresholds.common["min_visibility"]
    gated, raw = frame_features(world, visibility, up, min_vis, image, aspect)
    for t, features, signals in zip(np.asarray(t_s, dtype=float), gated, raw, strict=True):
        tracker.update(float(t), features, signals)
    tracker.finish()
    return list(tracker.events)
