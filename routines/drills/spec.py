"""What a drill module declares: its rep signal, per-rep metrics, faults and cues."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Direction = Literal["below", "above"]
# The model's yaw of a body turned half side-on (camera 38-52 degrees off its front) read 26-52
# on rendered drill clips, of a body facing the camera 1-20 (`python -m bench.witnesses`): 22
# tells them apart, if narrowly on the facing side.
TURNED_MIN_DEG = 22.0
SIDE_ON_MIN_DEG = 60.0  # side-on: one leg hides the other (rendered side-on clips read 70-88)
STANCE_FEATURES = ("thigh_tilt_deg", "thigh_forward_deg")  # the standing thigh, from vertical:
# unsigned, and signed forward/back (a walker's trail leg goes back as far as the lead goes forward)
FACING_VIEW = (0.0, TURNED_MIN_DEG)
TURNED_VIEW = (TURNED_MIN_DEG, 90.0)  # half side-on or side-on
SIDE_ON_VIEW = (SIDE_ON_MIN_DEG, 90.0)
# From the front the foot points at the camera: its angle is depth, which one camera reads
# worst (rendered clips: the ankle of a correct knee hug read 5 to -23 from the front), so the
# toes are judged only half side-on or side-on.
TOES_VIEW = TURNED_VIEW
# Rep metrics the camera can only measure from some views: from others they are reported as
# not measured (None), not as a number that is mostly the model's guess of depth.
METRIC_VIEWS: dict[str, tuple[float, float]] = {"ankle_dorsiflexion_deg": TOES_VIEW}


@dataclass(frozen=True)
class FaultRule:
    """A fault raised when a rep's ``metric`` is below/above the threshold named
    ``<id>_<direction>`` in the drill's thresholds. Lower ``priority`` is cued first."""

    id: str
    metric: str
    direction: Direction
    cue: str
    priority: int = 5
    # The body's yaw (0 facing the camera, 90 side-on) from which the camera can judge it.
    yaw_range_deg: tuple[float, float] = (0.0, 90.0)
    # Side-on, judge this metric instead, against the line ``<id>_side_on_<direction>``.
    side_on_metric: str | None = None

    def judged_from(self, yaw_deg: float) -> bool:
        """Whether this fault can be judged with the body turned ``yaw_deg`` (unknown: yes)."""
        lo, hi = self.yaw_range_deg
        return not math.isfinite(yaw_deg) or lo <= yaw_deg <= hi

    @property
    def threshold_key(self) -> str:
        return f"{self.id}_{self.direction}"

    @property
    def side_on_key(self) -> str:
        return f"{self.id}_side_on_{self.direction}"

    def witness(self, yaw_deg: float) -> tuple[str, str]:
        """(metric, threshold key) to judge with the body turned ``yaw_deg``."""
        if self.side_on_metric is not None and yaw_deg >= SIDE_ON_MIN_DEG:
            return self.side_on_metric, self.side_on_key
        return self.metric, self.threshold_key

    def violated(self, value: float | None, threshold: float) -> bool | None:
        """True/False, or None when the metric could not be measured (not judged)."""
        if value is None:
            return None
        return value < threshold if self.direction == "below" else value > threshold


@dataclass(frozen=True)
class Gauge:
    """The one live measure the overlay shows against its target band."""

    metric: str
    label: str
    target_key: str  # threshold giving the target (the fault line)


@dataclass(frozen=True)
class DrillSpec:
    """A drill, declaratively. Per-side metric names omit the side (``hip_flexion_deg``).

    * ``signal``: the per-side feature whose rise and fall is one rep (or one swing cycle);
    * ``alternating``: legs take turns (walking drills); otherwise one side per window (swings);
    * ``centred``: count swing cycles by turning points (no neutral angle assumed);
    * ``rep_metrics``: what each rep records at its peak (also the report's ``metrics``);
    * ``swing_metric``: when set, each rep also records the cycle's range under this name;
    * ``range_signal``: the per-side feature whose extremes around the cycle's give that range
      (default: the signal; the forward swing reads it in its own plane, with the ``*_in_plane_deg``
      features of ``routines.features``);
    * ``step_knee``: the knee metric a swing's marching-step check reads (with the drill's
      ``step_knee_excess_deg`` threshold);
    * ``stance``: which of ``STANCE_FEATURES`` a swing's standing-leg check reads for stillness;
    * ``thigh_swing``: when set, one of ``STANCE_FEATURES``: the swinging thigh's angle in the
      world, whose range over a cycle must be at least the drill's ``thigh_swing_min_share`` of
      the signal's (a signal read against the trunk's frame also moves when the frame turns);
    * ``yaw_range_deg``: the body's yaw from facing the camera (0 frontal, 90 side-on) in which
      the signal's plane can be seen; outside it the drill is not counted and the runner is
      told to turn (a lateral swing seen side-on moves in depth, which one camera cannot see).
    """

    id: str
    title: str
    instruction: str
    checks: tuple[str, ...]
    signal: str
    alternating: bool
    rep_metrics: tuple[str, ...]
    faults: tuple[FaultRule, ...]
    gauge: Gauge
    needs: tuple[str, ...]  # landmark groups to see: "feet", "hands"
    centred: bool = False
    swing_metric: str | None = None
    range_signal: str | None = None
    step_knee: str = "knee_flexion_deg"
    stance: tuple[str, ...] = STANCE_FEATURES
    thigh_swing: str | None = None
    praise: str = "Good rep"
    yaw_range_deg: tuple[float, float] = (0.0, 90.0)

    def __post_init__(self) -> None:
        # A swing's marching-step check compares the knee with the signal as measured at the
        # peak, i.e. among the rep's metrics; missing there, the check would silently pass.
        missing = [m for m in (self.signal, self.step_knee) if m not in self.rep_metrics]
        if self.centred and missing:
            raise ValueError(f"{self.id}: a swing must record {missing} among its rep_metrics")

    @property
    def range_key(self) -> str:
        """The per-side feature name a swing's range is read from."""
        return self.range_signal or self.signal

    def fault(self, fault_id: str) -> FaultRule:
        return next(f for f in self.faults if f.id == fault_id)
