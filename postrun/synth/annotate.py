"""Ground truth per rep, measured on the posed 3D rig with the product's own metric definitions.

A rep's peak is the frame where its peak signal (a metric of :mod:`postrun.routines.metrics`) is
largest within the rep's span; its metrics are read there. Swing cycles also record the range
of the signal over the cycle and the largest trunk lean within it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from postrun.routines import metrics as m
from postrun.synth.motion import RepPlan, RepTruth, Side, WindowPlan, WindowTruth
from postrun.vision.landmarks import INDEX as LM

FloatArray = NDArray[np.float64]
SideMetric = Callable[[FloatArray, Side], FloatArray]

SIGNALS: dict[str, SideMetric] = {
    "hip_flexion_deg": m.hip_flexion_deg,
    "hip_flexion_signed_deg": m.hip_flexion_signed_deg,
    "hip_abduction_signed_deg": m.hip_abduction_signed_deg,
    "knee_flexion_deg": m.knee_flexion_deg,
    "ankle_dorsiflexion_deg": m.ankle_dorsiflexion_deg,
}

_COMMON = (
    "hip_flexion_deg",
    "hip_flexion_signed_deg",
    "knee_flexion_deg",
    "ankle_dorsiflexion_deg",
)


def _other(side: Side) -> Side:
    return "right" if side == "left" else "left"


def _dist(lm: FloatArray, name: str, point: FloatArray) -> float:
    return float(np.linalg.norm(lm[LM[name]] - point))


def _pt(lm: FloatArray, name: str) -> FloatArray:
    point: FloatArray = lm[LM[name]]
    return point


def drill_extras(drill: str, lm: FloatArray, side: Side) -> dict[str, float]:
    """Drill-specific peak measurements (metres, degrees) on one frame's landmarks (33, 3)."""
    o = _other(side)
    knee = _pt(lm, f"{side}_knee")
    if drill == "knee_hug":
        return {
            "hands_to_knee_m": max(_dist(lm, "left_wrist", knee), _dist(lm, "right_wrist", knee)),
            "knee_above_hip_m": float(knee[1] - _pt(lm, f"{side}_hip")[1]),
        }
    if drill == "quad_pull":
        wrist, ankle, toe = (_pt(lm, f"{side}_{n}") for n in ("wrist", "ankle", "foot_index"))
        return {"hand_to_foot_m": float(m.segment_distance(wrist, ankle, toe))}
    if drill == "figure_four":
        shin = float(m.segment_distance(_pt(lm, f"{o}_wrist"), knee, _pt(lm, f"{side}_ankle")))
        return {
            "ankle_cross_m": float(m.midline_offset_m(lm, f"{side}_ankle", side)),
            "knee_hand_m": _dist(lm, f"{side}_wrist", knee),
            "shin_hand_m": shin,
        }
    if drill == "straight_leg_kick":
        hands = 0.5 * (_pt(lm, "left_wrist") + _pt(lm, "right_wrist"))
        elevation = 0.5 * (m.arm_elevation_deg(lm, "left") + m.arm_elevation_deg(lm, "right"))
        return {
            "arm_elevation_deg": float(elevation),
            "foot_to_hands_m": _dist(lm, f"{side}_foot_index", hands),
        }
    return {}


class _Series:
    """Full-length metric series, computed once per (metric, side)."""

    def __init__(self, landmarks: FloatArray) -> None:
        self.landmarks = landmarks
        self._cache: dict[tuple[str, str], FloatArray] = {}

    def get(self, name: str, side: Side) -> FloatArray:
        key = (name, side)
        if key not in self._cache:
            self._cache[key] = SIGNALS[name](self.landmarks, side)
        return self._cache[key]

    def lean(self) -> FloatArray:
        key = ("trunk_lean_deg", "")
        if key not in self._cache:
            self._cache[key] = m.trunk_lean_deg(self.landmarks, m.SYNTH_UP)
        return self._cache[key]


def _rep_truth(drill: str, rep: RepPlan, series: _Series, t: FloatArray) -> RepTruth:
    span = np.flatnonzero((t >= rep.start_s) & (t <= rep.end_s))
    if span.size == 0:
        raise ValueError(f"rep at {rep.start_s:.2f}-{rep.end_s:.2f} s lies outside the clip")
    signal = series.get(rep.peak_signal, rep.side)
    rising, falling = span, span
    if rep.extremes_s is not None:  # the high before the planned low, the low after the high
        t_high, t_low = rep.extremes_s
        rising, falling = span[t[span] <= t_low], span[t[span] >= t_high]
    peak = int(rising[int(np.argmax(signal[rising]))])
    metrics = {name: float(series.get(name, rep.side)[peak]) for name in _COMMON}
    if rep.swing:
        metrics[rep.peak_signal] = float(signal[peak])
        metrics["swing_range_deg"] = float(signal[peak] - signal[falling].min())
        metrics["trunk_lean_deg"] = float(series.lean()[span].max())
    else:
        metrics["trunk_lean_deg"] = float(series.lean()[peak])
    metrics.update(drill_extras(drill, series.landmarks[peak], rep.side))
    return RepTruth(
        t_peak_s=float(t[peak]),
        side=rep.side,
        faults=rep.faults,
        metrics=metrics,
        t_start_s=float(t[span[0]]),
        t_end_s=float(t[span[-1]]),
    )


def annotate_windows(
    windows: Sequence[WindowPlan], landmarks: FloatArray, t: FloatArray
) -> tuple[WindowTruth, ...]:
    series = _Series(landmarks)
    return tuple(
        WindowTruth(
            drill=w.drill,
            side=w.side,
            start_s=w.start_s,
            end_s=min(w.end_s, float(t[-1])),
            faults=w.faults,
            reps=tuple(_rep_truth(w.drill, rep, series, t) for rep in w.reps),
        )
        for w in windows
    )
