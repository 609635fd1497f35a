"""One drill, frame by frame: count reps per side, judge each at its peak, raise faults.

Feed :meth:`DrillTracker.update` the features of each frame (see :mod:`postrun.routines.features`)
in time order; it returns the reps that frame completed; :meth:`DrillTracker.finish` returns
what the window's end completes (a swing cycle still open, a rep just come down). Pure logic:
no clock, no I/O.

Counting reads the ungated signals, smoothed by a short rolling median (a rep half-hidden behind
an arm still happened; a one-frame label swap is no rep). Judging reads the gated features.
Both look at the view first: a drill whose plane the camera cannot see from the body's yaw
(``DrillSpec.yaw_range_deg``) is not counted, and a fault it cannot see
(``FaultRule.yaw_range_deg``) is not judged, nor a metric it cannot show reported
(``METRIC_VIEWS``). The ankle is measured from the person's own standing reading
(:mod:`postrun.routines.neutral`). Side-on, an alternating drill's run of reps is named as a
whole (the model may name a raised near leg the far one), so an earlier rep's side may change
as later ones come in: :attr:`DrillTracker.events` holds them as now named. A rep counts
only if the body stayed in one place (a walker's hips travel across the picture) and not on
two bent legs with the hips sunk (a squat), and a swing
only if the standing leg stayed still (read through the model's brief left/right swaps
side-on, :mod:`.swaps`).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from postrun.routines.counting import (
    Cycle,
    CycleCounter,
    Hysteresis,
    Peak,
    RepCounter,
    RollingMedian,
    Trusted,
)
from postrun.routines.drills.history import History
from postrun.routines.drills.spec import (
    METRIC_VIEWS,
    SIDE_ON_MIN_DEG,
    STANCE_FEATURES,
    DrillSpec,
    FaultRule,
)
from postrun.routines.drills.swaps import StandingLeg
from postrun.routines.features import HANDS, OTHER, SEEN, SIDES, VIEW_YAW_KEY
from postrun.routines.metrics import Side
from postrun.routines.neutral import NeutralStance
from postrun.routines.thresholds import Thresholds

PEAK_HALF_WINDOW_S = 0.1  # metrics are the median of the frames this close to the peak
TOP_HALF_WINDOW_S = 0.2  # ... a rep's height, this high a percentile of the raw frames this
TOP_PCT = 80.0  # close: rendered seeds 0-26, hip MAE 8.3 -> 7.9, correct-form flags 43 -> 38
STANCE_HALF_WINDOW_S = 0.25  # wide enough that a brief left/right swap cannot flip the median
SMOOTH_S = 0.3  # the counting signal is the median of this much of the stream (9 frames at 30):
# it removes glitches of up to 4 frames and only trims the flat top of a half-second swing
SETTLE_S = 0.2  # a rep ends once its signal has stayed down this long: a 6-frame label swap
# leaves the median low for about 3 frames, a real return to standing for far longer
HIDDEN_S = 0.15  # a joint hidden longer than a glitch (1-4 frames) is steadily occluded (a
# raised thigh in front of its hip, a shoulder behind an arm held forward): count on the model's
# estimate, which the rolling median protects from glitches
STANCE_LOOKBACK_S = 2.5  # a swing's standing leg stays put for seconds, a walker's steps
HIPS_SUNK_MIN = 0.3  # a squat: the hips this far below their standing height, in trunk lengths
HOLD_METRICS = frozenset(HANDS + tuple(f"{name}{SEEN}" for name in HANDS))
TOP_DEG = 12.0  # a rep's top: its signal within this of the peak (the hold of a hug or a pull)
HOLD_PERCENTILE = 20.0
STANCE_SHARE = 0.75  # the standing leg's smoothed angle only where 3/4 of the frames were seen:
# a swap (the swinging leg labelled as the standing one) among dropped frames is no movement
STANCE_KNEE_PCT = 90.0  # the standing knee's bend near its most, but not its glitches
STANCE_NEAR_S = 1.0  # ... and the second before a swing's peak until the cycle ends
EXTREME_HALF_WINDOW_S = 0.2  # a swing's extreme: the raw frames this close to the smoothed one
EXTREME_PCT = 20.0  # ... at this percentile from the end (at 15 fps, 6 frames: the 2nd best)
SAME_SIDE_GAP_S = 5.0  # two reps on one leg closer than this were meant to alternate
TRAVEL_LEAD_S = 1.0  # the travel check looks from this long before a rep starts (a walker's
# first steps: half a second had not yet moved the hips far enough)
ARRIVED_SEEN_SHARE = 0.5  # ... and the person must have been in view for half of it
TRAVEL_WATCH_S = 1.0  # ... and, for the "stay on the spot" cue, at the last 1 + 1 s
TRAVELLING_KEY = "travelling"  # the cue selector's view of DrillTracker.travelling (1 or 0)
VIEW_SMOOTH_S = 1.0  # the view is the median yaw of the last second (a swinging leg sways it)
HANDOVER_S = 0.1  # reps on opposite legs touching or overlapping this little are one rep
# whose label flipped at its top (see _one_leg)
SAME_REP_OVERLAP = 0.5  # two legs' reps overlapping for this share of their union are one rep
FOLLOW_MAX = 0.3  # the standing leg's share of the swing that is the model's drag (a squat: 1)


@dataclass(frozen=True)
class RepEvent:
    t_s: float  # the peak
    side: Side
    metrics: Mapping[str, float | None]
    faults: tuple[str, ...]
    start_s: float
    end_s: float


class DrillTracker:
    def __init__(
        self,
        spec: DrillSpec,
        thresholds: Thresholds,
        side: Side | None = None,
        neutral: Mapping[str, float | None] | None = None,
    ):
        """``neutral``: standing values known beforehand (``left_ankle_dorsiflexion_deg`` ...,
        the session's calibration), used until the window has seen the person stand."""
        self.spec = spec
        self.limits = thresholds.of(spec.id)
        self.common = thresholds.common
        # How far the body may move during a rep: a drill may keep tighter limits (the swings).
        self._travel_max, self._approach_max = (
            self.limits.get(k, self.common[k]) for k in ("travel_max", "approach_max")
        )
        self.sides: tuple[Side, ...] = SIDES if spec.alternating or side is None else (side,)
        # A drill may be quicker than the common floor (a kick is up and down in 0.4 s).
        lo = self.limits.get("min_rep_s", self.common["min_rep_s"])
        hi = self.common["max_rep_s"]
        if spec.centred:
            turn, half = self.limits["count_reversal"], self.limits["count_max_half_s"]
            self._cycles = {s: CycleCounter(turn, lo, half) for s in self.sides}
        else:
            enter, exit_ = self.limits["count_enter"], self.limits["count_exit"]
            params = Hysteresis(enter, exit_, lo, hi, settle_s=SETTLE_S)
            self._counters = {s: RepCounter(params) for s in self.sides}
            self._exit = exit_
        self._smooth = {s: RollingMedian(SMOOTH_S) for s in self.sides}
        self._stance = {
            f"{s}_{n}": RollingMedian(SMOOTH_S, STANCE_SHARE)
            for s in SIDES
            for n in STANCE_FEATURES
        }
        # A one-leg swing's standing leg, read through brief left/right swaps.
        self._standing = (
            StandingLeg(side, STANCE_FEATURES) if spec.centred and side is not None else None
        )
        hold = self.limits.get("hidden_hold_s", 0.0)
        self._trusted = {s: Trusted(HIDDEN_S, hold) for s in self.sides}
        # A rep may wait for an overlapping one on the other leg (:meth:`_settle`) as long as
        # a rep can last, and is judged from its own frames then.
        self._history = History(keep_s=2.0 * hi + 1.0)
        self._neutral = NeutralStance(neutral)
        self._yaw = RollingMedian(VIEW_SMOOTH_S)
        self.in_view = True  # the body turned so the drill's plane can be seen (or unknown)
        self.view_yaw_deg = math.nan  # the last second's median yaw
        # Every rep so far, as now named: a side-on run's earlier reps may be renamed later.
        self.events: list[RepEvent] = []
        self._side_on_run: list[tuple[int, Side]] = []  # (index in events, the model's name)
        self._ended: list[tuple[Side, Peak]] = []  # reps over, not yet judged
        self._t = -math.inf
        self._first_s = math.inf  # the first frame's time
        self._first_seen_s = math.inf  # ... and the first with a person in it
        self.reps: dict[Side, int] = {"left": 0, "right": 0}

    def update(
        self, t_s: float, features: Mapping[str, float], signals: Mapping[str, float]
    ) -> list[RepEvent]:
        """``features`` are gated by visibility (for judging); ``signals`` are the same features
        ungated, for counting. Frames must come in time order."""
        self._t = t_s
        self._first_s = min(self._first_s, t_s)
        if math.isfinite(signals.get(VIEW_YAW_KEY, math.nan)):
            self._first_seen_s = min(self._first_seen_s, t_s)
        self.view_yaw_deg = yaw = self._yaw.update(t_s, signals.get(VIEW_YAW_KEY, math.nan))
        self._neutral.update(t_s, features, signals)
        side_on = math.isfinite(yaw) and yaw >= SIDE_ON_MIN_DEG  # the trunk's depth: see neutral
        features = self._neutral.correct(features, depth_lean=side_on)
        signals = self._neutral.correct(signals, depth_lean=side_on)
        self._history.add(t_s, features, signals)
        lo, hi = self.spec.yaw_range_deg
        self.in_view = not math.isfinite(yaw) or lo <= yaw <= hi
        stance = dict(signals)
        if self._standing is not None:
            # Side-on one leg hides the other and the model swaps them now and then; closer to
            # facing the camera a standing leg rising is a marcher's step, not a swap.
            side_on = math.isfinite(yaw) and yaw >= SIDE_ON_MIN_DEG
            stance.update(self._standing.update(t_s, signals, may_trade=side_on))
        for side in SIDES:  # the standing leg's stillness, on the same smoothing as the counts
            for name in STANCE_FEATURES:
                key = f"{side}_{name}"
                value = self._stance[key].update(t_s, stance.get(key, math.nan))
                self._history.note(t_s, f"{key}:smoothed", value)
        events = []
        for side in self.sides:
            key = f"{side}_{self.spec.signal}"
            # Seen from a view that hides the drill's plane, the signal is not counted at all.
            seen, estimate = (
                (features.get(key, math.nan), signals.get(key, math.nan))
                if self.in_view
                else (math.nan, math.nan)
            )
            raw = self._trusted[side].update(t_s, seen, estimate)
            value = self._smooth[side].update(t_s, raw)
            t_mid = t_s - 0.5 * SMOOTH_S  # the median of the last SMOOTH_S describes its middle
            event: RepEvent | None = None
            if self.spec.centred:
                cycle = self._cycles[side].update(t_mid, value)
                event = self._judge_cycle(side, cycle) if cycle else None
            else:
                if value <= self._exit < raw:
                    # The smoothed signal says the leg is down, the frame in hand says it is
                    # up: swapped labels filling the median while frames were missing. Wait.
                    value = math.nan
                self._history.note(t_s, f"{side}:count", value)
                peak = self._counters[side].update(t_mid, value)
                if peak is not None:
                    self._ended.append((side, peak))
            if event is not None:
                events.append(event)
        return events + self._settle()

    @property
    def travelling(self) -> bool:
        """Whether the body moved across the floor over the last two seconds (worked out when
        asked: the live cue asks every frame, offline analysis never)."""
        return self._travelled(self._t - TRAVEL_WATCH_S, self._t)

    def finish(self) -> list[RepEvent]:
        """The end of the window: a swing cycle that has reached its low side still counts, so
        does a rep whose leg was last seen back down (its settling cut short by the end: a
        kick at the window's last second), and one that was waiting for an overlapping one."""
        if not self.spec.centred:
            for side, counter in self._counters.items():
                peak = counter.flush(self._t - 0.5 * SMOOTH_S)
                if peak is not None:
                    self._ended.append((side, peak))
            return self._settle(final=True)
        events = []
        for side in self.sides:
            cycle = self._cycles[side].flush(self._t)
            event = self._judge_cycle(side, cycle) if cycle else None
            if event is not None:
                events.append(event)
        return events

    def _near(self, key: str, t_s: float, raw: bool = False) -> float | None:
        half = STANCE_HALF_WINDOW_S if raw else PEAK_HALF_WINDOW_S
        return self._history.median(key, t_s - half, t_s + half, raw)

    def _measure(self, side: Side, name: str, t_s: float) -> float | None:
        """A rep's metric at its peak: what the camera saw (its height near its top: see
        :meth:`_height_metric`); if the joints were hidden all around the peak (a foot behind
        the body, a shoulder behind a raised arm), the model's estimate over a wider span,
        whose median a brief glitch cannot move. Frames where the other leg's signal is above
        this one's are left out: at a rep's top the working leg is the higher one, so those
        frames carry swapped left/right labels."""
        key = self._key(side, name)
        above = (f"{side}_{self.spec.signal}", f"{OTHER[side]}_{self.spec.signal}")
        h = self._history
        seen = h.median(key, t_s - PEAK_HALF_WINDOW_S, t_s + PEAK_HALF_WINDOW_S, above=above)
        if seen is not None and self._height_metric(name):
            span = (t_s - TOP_HALF_WINDOW_S, t_s + TOP_HALF_WINDOW_S)
            top = h.percentile(key, *span, TOP_PCT, raw=True, above=above)
            return seen if top is None else top
        if seen is not None:
            return seen
        half = STANCE_HALF_WINDOW_S
        guess = h.median(key, t_s - half, t_s + half, raw=True, above=above)
        hold = self.limits.get("hidden_hold_s", 0.0)
        if name == self.spec.signal and hold > 0:
            # Hidden at its top as the count holds it (a heel held behind the body): no lower
            # than the most it was seen at just before, where the model's guess wanders.
            before = h.percentile(key, t_s - hold, t_s, 100.0, above=above)
            if before is not None:
                return before if guess is None else max(guess, before)
        return guess

    def _height_metric(self, name: str) -> bool:
        """Whether ``name`` says how high a walking drill's rep went (the hip's flexion, or
        the drill's own signal: the quad pull's fold). Its top lasts a moment in a kick or a
        quick hug, and the smoothed median flattens it, so it is read from the frames."""
        return not self.spec.centred and name in ("hip_flexion_deg", self.spec.signal)

    def _hold(self, side: Side, name: str, peak: Peak) -> float | None:
        """How close the hands came to their hold while the rep was at its top (the signal
        within TOP_DEG of its peak): a hand that takes the knee or foot a moment after the leg
        arrives still holds it. A hand holding a foot behind the body is hidden exactly while
        it holds, so this reads the model's estimate in every frame, seen or not; a low
        percentile rather than the minimum, so a glitch cannot fake a hold."""
        key = self._key(side, name)
        top = (f"{side}_{self.spec.signal}", peak.value - TOP_DEG)
        return self._history.percentile(
            key, peak.start_s, peak.end_s, HOLD_PERCENTILE, raw=True, above=top
        )

    def _settle(self, final: bool = False) -> list[RepEvent]:
        """Judge the reps that have ended, in order. Legs take turns, so two reps on opposite
        legs at once are mostly one rep read twice: side-on the model labels the raised leg now
        one side, now the other, and reads the far leg half raised while the near one is up.
        So a rep waits while the other leg's counter is in a rep that began before (or as) it
        ended, and is then judged together with it (:meth:`_one_leg`)."""
        events = []
        self._ended.sort(key=lambda item: item[1].end_s)
        while self._ended:
            side, peak = self._ended[0]
            rival = self._counters.get(OTHER[side])
            started = rival.started_s if rival is not None else None
            if not final and started is not None and started <= peak.end_s:
                break
            self._ended.pop(0)
            reps = [(side, peak)]
            twin = next(
                (
                    i
                    for i, (s, p) in enumerate(self._ended)
                    if s != side and p.start_s <= peak.end_s and peak.start_s <= p.end_s
                ),
                None,
            )
            if twin is not None:
                reps = self._one_leg([(side, peak), self._ended.pop(twin)])
            for rep_side, rep in sorted(reps, key=lambda r: r[1].peak_s):
                event = self._judge_rep(rep_side, rep)
                if event is not None:
                    events.append(event)
        return events

    def _one_leg(self, pair: list[tuple[Side, Peak]]) -> list[tuple[Side, Peak]]:
        """Of two overlapping (or touching) reps on opposite legs, the ones that are not the
        other's echo. Mostly at the same time (their overlap is most of their union): one rep,
        on the leg that read higher over both. One starting as the other ends (overlap at most
        :data:`HANDOVER_S`): one rep spanning both, on the leg that peaked higher. Otherwise a
        rep that peaked during the other one and read lower than the other leg over its own
        span is an echo (the other rep is kept)."""
        (a_side, a), (_, b) = pair
        both = (min(a.start_s, b.start_s), max(a.end_s, b.end_s))
        overlap = min(a.end_s, b.end_s) - max(a.start_s, b.start_s)
        if overlap >= SAME_REP_OVERLAP * (both[1] - both[0]):
            return [pair[0] if self._above(a_side, *both) else pair[1]]
        if overlap <= HANDOVER_S:
            # One leg's rep starting as the other's ends (within a frame or two, by the
            # medians): no moment between them with both legs down, so one rep whose label
            # flipped near its top (side-on figure fours). Between two real reps the raised
            # leg comes down and the other goes up.
            side, top = max(pair, key=lambda r: r[1].value)
            return [(side, Peak(both[0], top.peak_s, both[1], top.value))]
        real = [
            (side, rep)
            for (side, rep), other in ((pair[0], b), (pair[1], a))
            if not (other.start_s <= rep.peak_s <= other.end_s)
            or self._above(side, rep.start_s, rep.end_s)
        ]
        return real or [max(pair, key=lambda r: r[1].value)]

    def _above(self, side: Side, start_s: float, end_s: float) -> bool:
        """Whether ``side``'s counting signal read at least the other leg's on most frames of
        [start_s, end_s] (times of the smoothed signal, which lags the frames)."""
        lag = 0.5 * SMOOTH_S
        keys = (f"{side}:count", f"{OTHER[side]}:count")
        pairs = self._history.paired(keys, start_s + lag, end_s + lag)
        return pairs.shape[0] == 0 or bool(np.mean(pairs[:, 0] >= pairs[:, 1]) >= 0.5)

    def _judge_rep(self, side: Side, peak: Peak) -> RepEvent | None:
        if self._travelled(peak.start_s, peak.end_s) or self._arrived(peak.start_s):
            return None  # the body moved across the floor, or walked in: a walker, not a drill
        if self._stands_bent(side, peak.peak_s):
            return None  # the standing leg is bent too: a squat, not this drill
        metrics = {name: self._measure(side, name, peak.peak_s) for name in self._names()}
        for name in HOLD_METRICS.intersection(self._names()):
            metrics[name] = self._hold(side, name, peak)
        return self._event(side, peak.peak_s, peak.start_s, peak.end_s, metrics)

    def _stands_bent(self, side: Side, t_s: float) -> bool:
        """Whether the other leg is bent too at ``t_s``: both legs bent is a squat. The
        picture must agree: a squat sinks the hips, while a one-leg drill keeps them where
        they stood. From the front a leg's bend is the model's depth guess, and it read the
        standing leg of a knee hug or figure four bent (hip 45-68, knee 28-131) with the hips
        still up (rendered seeds 0-26: drill reps' hips within 0.21 trunk lengths of their
        standing height at the peak, all views; squats 0.47-1.24 below)."""
        other = OTHER[side]
        hip = self._near(f"{other}_hip_flexion_deg", t_s, raw=True)
        knee = self._near(f"{other}_knee_flexion_deg", t_s, raw=True)
        bent = (hip or 0.0) > self.common["stance_max_deg"] or (knee or 0.0) > self.common[
            "stance_knee_max_deg"
        ]
        if not bent:
            return False
        sunk = self._hips_sunk(t_s)
        return sunk is None or sunk > HIPS_SUNK_MIN

    def _hips_sunk(self, t_s: float) -> float | None:
        """How far the hips are below their standing height in the picture at ``t_s``, in trunk
        lengths (standing: their highest tenth over the seconds before); None without image
        landmarks."""
        h = self._history
        now = h.median("body_y", t_s - PEAK_HALF_WINDOW_S, t_s + PEAK_HALF_WINDOW_S, raw=True)
        before = h.series("body_y", t_s - STANCE_LOOKBACK_S, t_s, raw=True)
        trunk = h.series("body_trunk", t_s - STANCE_LOOKBACK_S, t_s, raw=True)
        if now is None or before.size == 0 or trunk.size == 0:
            return None
        return (now - float(np.percentile(before, 10.0))) / float(np.median(trunk))

    def _judge_cycle(self, side: Side, cycle: Cycle) -> RepEvent | None:
        if (
            self._stance_moved(side, cycle)
            or self._stance_knee_bent(side, cycle)
            or self._travelled(cycle.start_s, cycle.end_s)
            or self._arrived(cycle.start_s)
        ):
            return None  # both legs moving, or the body travelling: not a one-leg swing
        if not self._thigh_swung(side, cycle):
            return None  # the trunk's frame turned, the thigh hardly moved: no swing
        if cycle.low > self.limits.get("swing_low_max_deg", math.inf):
            return None  # never came back across: a leg held out, not swung side to side
        metrics = {name: self._measure(side, name, cycle.peak_s) for name in self._names()}
        if self._is_step(metrics):
            return None  # a marching step: the knee lifted by bending, not a swinging leg
        if self.spec.swing_metric is not None:
            metrics[self.spec.swing_metric] = self._swing_range(side, cycle)
        # A swing's sway: the trunk's lean near its worst over the cycle, not just at the peak.
        # (From mid-swing before the high extreme: the cycle before may have leaned differently.)
        since = 0.5 * (cycle.start_s + cycle.peak_s)
        lean = self._history.percentile("trunk_lean_deg", since, cycle.end_s, 90.0)
        if lean is None:
            lean = self._history.percentile("trunk_lean_deg", since, cycle.end_s, 90.0, raw=True)
        metrics["trunk_lean_deg"] = lean
        return self._event(side, cycle.peak_s, cycle.start_s, cycle.end_s, metrics)

    def _thigh_swung(self, side: Side, cycle: Cycle) -> bool:
        """Whether the swinging thigh moved through the world about as far as the signal says.
        The signal is read against the trunk's frame, and a body turning on the spot (to walk
        away) swings that frame through the thigh: on rendered clips a turn read as an 18-25
        degree swing while the thigh moved a third to two thirds of that; real swings move the
        thigh 0.85-1.35 times the signal, a trunk rocking with the leg included (seeds 0-19)."""
        name = self.spec.thigh_swing
        if name is None:
            return True
        thigh = self._history.series(f"{side}_{name}:smoothed", cycle.start_s, cycle.end_s)
        if thigh.size < 2:
            return True  # not seen: nothing to tell by
        share = float(np.ptp(thigh)) / (cycle.high - cycle.low)
        return share >= self.limits["thigh_swing_min_share"]

    def _arrived(self, start_s: float) -> bool:
        """Whether the person, seen earlier in the window, was out of the picture for most of
        the second before the rep began: someone walking back into view (rendered walkers),
        whose travel nobody saw. A drill is begun standing in place. A person not found at all
        until then is not held to it: the model can miss someone standing still for a second
        or more (rendered side-on clips)."""
        since = start_s - TRAVEL_LEAD_S
        if self._first_seen_s >= since:
            return False
        # The view's yaw is read from every pose the model finds: a frame without it had nobody.
        seen = self._history.seen_share(VIEW_YAW_KEY, since, start_s)
        return seen is not None and seen < ARRIVED_SEEN_SHARE

    def _travelled(self, start_s: float, end_s: float) -> bool:
        """Whether the body moved across the picture (its hips, in trunk lengths) or came
        nearer or went away (its trunk's size, as a log ratio) from just before the rep to its
        end: every drill is done standing in one place. Percentiles, so a glitch is no move."""
        h, since = self._history, start_s - TRAVEL_LEAD_S
        trunk = h.series("body_trunk", since, end_s, raw=True)
        if trunk.size < 2 or not np.all(trunk > 0):
            return False  # no image landmarks: nothing to tell by
        size = float(np.median(trunk))
        spread = [
            float(np.percentile(v, 95.0) - np.percentile(v, 5.0)) if v.size else 0.0
            for v in (h.series(k, since, end_s, raw=True) for k in ("body_x", "body_y"))
        ]
        moved = math.hypot(*spread) / size
        scaled = math.log(np.percentile(trunk, 95.0) / np.percentile(trunk, 5.0))
        return moved > self._travel_max or scaled > self._approach_max

    def _is_step(self, metrics: Mapping[str, float | None]) -> bool:
        """A leg that swings is a pendulum: at its extreme the knee is bent less than the leg is
        raised forward or out (a bent-knee swing included). A marching step bends the knee far
        more than it raises the thigh (rendered seeds 0-11, knee minus thigh: forward swings
        up to +12, 95 % below +1; marchers' steps read as side swings 21-36, the knee as the
        picture shows it)."""
        limit = self.limits.get("step_knee_excess_deg")
        knee, thigh = metrics.get(self.spec.step_knee), metrics.get(self.spec.signal)
        if limit is None or knee is None or thigh is None:
            return False
        return knee - thigh > limit

    def _swing_range(self, side: Side, cycle: Cycle) -> float:
        """The cycle's range between its extremes as the frames show them: the counting
        median (wide enough to remove glitches) cuts the tip off a quick swing's turn, so each
        extreme is read from the unsmoothed range signal close to it, a high percentile rather
        than the maximum so that one wild frame does not widen the swing. Without those frames
        (the swing's plane edge-on), the counting signal's extremes."""
        key = f"{side}_{self.spec.range_key}"
        h, near = self._history, EXTREME_HALF_WINDOW_S
        high = h.percentile(
            key, cycle.peak_s - near, cycle.peak_s + near, 100 - EXTREME_PCT, raw=True
        )
        low = h.percentile(key, cycle.low_s - near, cycle.low_s + near, EXTREME_PCT, raw=True)
        if high is None or low is None:
            return cycle.high - cycle.low
        if self.spec.range_signal is not None:
            return high - low
        return max(high, cycle.high) - min(low, cycle.low)

    def _names(self) -> tuple[str, ...]:
        return self.spec.rep_metrics

    @staticmethod
    def _key(side: Side, name: str) -> str:
        return name if name == "trunk_lean_deg" else f"{side}_{name}"

    def _stance_moved(self, side: Side, cycle: Cycle) -> bool:
        """Whether the standing leg moved too, over the last seconds or around this cycle (the
        thigh from the vertical, so a leaning trunk does not count as movement; smoothed, so
        jitter does not either). A walker's legs take turns: while one leg makes its swing-like
        step, the other is stepping too, so the short span around the cycle shows it even on
        the first steps after standing still."""
        if cycle.peak_s - self._first_s < STANCE_NEAR_S:
            return True  # the standing leg not yet watched for a second: a walker may be passing
        spans = (
            (min(cycle.start_s, cycle.peak_s - STANCE_LOOKBACK_S), cycle.end_s),
            (cycle.peak_s - STANCE_NEAR_S, cycle.end_s),
            (cycle.start_s, cycle.end_s),
        )
        for (since, until), name in itertools.product(spans, self.spec.stance):
            keys = (f"{OTHER[side]}_{name}:smoothed", f"{side}_{name}:smoothed")
            pairs = self._history.paired(keys, since, until)
            if pairs.shape[0] < 2:
                continue
            values = _without_follow(pairs[:, 0], pairs[:, 1])
            # The middle 80 % of the samples: a left/right swap of a few frames (the swinging
            # thigh labelled as the standing one) is no movement.
            spread = np.percentile(values, 90.0) - np.percentile(values, 10.0)
            if float(spread) > self.common["stance_still_max_deg"]:
                return True
        return False

    def _stance_knee_bent(self, side: Side, cycle: Cycle) -> bool:
        """Whether the standing leg's knee bent, as the picture shows it, over the last seconds:
        a marcher's other leg takes its step in turn, while a swing stands on a straight leg.
        The top tenth of the frames, so a brief left/right swap (the swinging knee, bent,
        labelled as the standing one) is no bend. The thigh alone cannot tell: half side-on a
        marcher's small steps move the other thigh 6-12 degrees, the model a swing's standing
        thigh up to 9 (rendered seeds 0-26). Frames where the swinging leg is across in front
        of the standing one are left out, where the drill says so: it hides the standing knee."""
        limit = self.limits.get("stance_knee_bend_max_deg")
        if limit is None:
            return False
        since = cycle.peak_s - STANCE_LOOKBACK_S
        across = self.limits.get("stance_knee_unseen_across_deg")
        keep = None if across is None else (f"{side}_{self.spec.signal}", -float(across))
        bend = self._history.percentile(
            f"{OTHER[side]}_knee_bend_seen_deg",
            since,
            cycle.end_s,
            STANCE_KNEE_PCT,
            raw=True,
            above=keep,
        )
        return bend is not None and bend > limit

    def _violated(self, rule: FaultRule, metrics: Mapping[str, float | None]) -> bool | None:
        metric, line = rule.witness(self.view_yaw_deg)
        return rule.violated(metrics.get(metric), self.limits[line])

    def _event(
        self,
        side: Side,
        peak_s: float,
        start_s: float,
        end_s: float,
        metrics: dict[str, float | None],
    ) -> RepEvent:
        for name, (lo, hi) in METRIC_VIEWS.items():
            if name in metrics and not lo <= self.view_yaw_deg <= hi:
                metrics[name] = None  # a NaN view (unknown) is not in range either
        faults = [
            rule.id
            for rule in sorted(self.spec.faults, key=lambda r: r.priority)
            if rule.judged_from(self.view_yaw_deg) and self._violated(rule, metrics)
        ]
        last = self.events[-1] if self.events else None
        quick = last is not None and peak_s - last.t_s < SAME_SIDE_GAP_S
        if self.spec.alternating and self.view_yaw_deg >= SIDE_ON_MIN_DEG:
            # Side-on the raised leg hides the other, and the model may name it either way
            # (a raised near leg called the far one in 43 of 244 figure-four reps, rendered
            # seeds 0-26): the legs alternate, so the run of reps is named as a whole.
            if not quick:
                self._side_on_run = []
            self._side_on_run.append((len(self.events), side))
            side = self._name_side_on_run()
        else:
            self._side_on_run = []
            if self.spec.alternating and quick and last is not None and last.side == side:
                faults.append("same_side_repeated")
        self.reps[side] += 1
        event = RepEvent(peak_s, side, metrics, tuple(faults), start_s, end_s)
        self.events.append(event)
        return event

    def _name_side_on_run(self) -> Side:
        """Names the reps of the running side-on run alternately, starting on the leg that
        agrees with most of the model's own names (a tie keeps the run's first name as it
        stands); renames the earlier reps of the run to match. Returns the newest rep's name."""
        first_index, first_named = self._side_on_run[0]
        current = self.events[first_index].side if first_index < len(self.events) else first_named

        def agreement(start: Side) -> int:
            return sum(
                named == (start if k % 2 == 0 else OTHER[start])
                for k, (_, named) in enumerate(self._side_on_run)
            )

        start = current if agreement(current) >= agreement(OTHER[current]) else OTHER[current]
        for k, (index, _) in enumerate(self._side_on_run[:-1]):
            side = start if k % 2 == 0 else OTHER[start]
            old = self.events[index]
            if old.side != side:
                self.reps[old.side] -= 1
                self.reps[side] += 1
                self.events[index] = dataclasses.replace(old, side=side)
        return start if (len(self._side_on_run) - 1) % 2 == 0 else OTHER[start]


def _without_follow(standing: np.ndarray, swinging: np.ndarray) -> np.ndarray:
    """The standing leg's angle less the part that moves in step with the swinging leg. A
    walker's or marcher's legs take turns (one goes forward as the other goes back); a leg that
    follows the swing is the pose model dragging the standing leg along (rendered clips, half
    side-on: 20 degrees through a 70-degree swing), not a second leg moving. Only a fraction of
    the swing is taken out: both legs moving alike (a squat, a jump) is no one-leg swing."""
    spread = float(np.var(swinging))
    if spread <= 0.0:
        return standing
    follow = float(np.mean((standing - standing.mean()) * (swinging - swinging.mean()))) / spread
    return standing - min(max(follow, 0.0), FOLLOW_MAX) * swinging
