"""Retiming a motion so the synthetic person follows the screen: each drill window starts when the
guided session shows "go", and the standing in between stretches to fill the cards."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from postrun.synth.motion import Motion, WindowTruth


def follow_schedule(motion: Motion, starts_s: Sequence[float], end_s: float) -> Motion:
    """``motion``'s windows moved to begin at ``starts_s`` (one per window), lasting ``end_s``.

    Inside a window time runs unchanged; the gaps before, between and after windows are
    stretched or squeezed (piecewise-linear time warp), and the ground truth moves along.
    """
    if len(starts_s) != len(motion.windows):
        raise ValueError(f"{len(starts_s)} start times for {len(motion.windows)} windows")
    knots_new, knots_old = [0.0], [0.0]
    for start, window in zip(starts_s, motion.windows, strict=True):
        knots_new += [start, start + window.end_s - window.start_s]
        knots_old += [window.start_s, window.end_s]
    knots_new.append(end_s)
    knots_old.append(motion.duration_s)
    if np.any(np.diff(knots_new) <= 0):
        raise ValueError("the schedule leaves a window no room")
    t_new = np.arange(round(end_s * motion.fps)) / motion.fps
    rows = np.round(np.interp(t_new, knots_new, knots_old) * motion.fps).astype(int)
    dofs = motion.dofs[np.clip(rows, 0, motion.frames - 1)]
    windows = tuple(
        _shifted(window, start - window.start_s)
        for start, window in zip(starts_s, motion.windows, strict=True)
    )
    return dataclasses.replace(motion, t_s=t_new, dofs=dofs, windows=windows)


def _shifted(window: WindowTruth, by_s: float) -> WindowTruth:
    reps = tuple(
        dataclasses.replace(
            rep,
            t_peak_s=rep.t_peak_s + by_s,
            t_start_s=rep.t_start_s + by_s,
            t_end_s=rep.t_end_s + by_s,
        )
        for rep in window.reps
    )
    return dataclasses.replace(
        window, start_s=window.start_s + by_s, end_s=window.end_s + by_s, reps=reps
    )
