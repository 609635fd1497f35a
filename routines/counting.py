"""Rep and cycle counting by hysteresis on a scale-free signal (an angle, a ratio).

A rep starts when the signal rises past ``enter`` and ends when it falls back below ``exit``
(``exit < enter``, so jitter around one threshold cannot count twice). It counts only if it lasted
``min_duration_s``; it is judged at its peak, the highest sample in between. Missing samples
(NaN) neither start nor end a rep; a gap longer than ``max_gap_s`` abandons the rep in progress.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Hysteresis:
    enter: float
    exit: float
    min_duration_s: float = 0.25
    max_duration_s: float = 6.0
    max_gap_s: float = 0.5
    settle_s: float = 0.0  # the signal must stay below exit this long to end a rep (a dip of a
    # few frames in a held pose, e.g. a brief left/right label swap, does not split the rep)

    def __post_init__(self) -> None:
        if not self.exit < self.enter:
            raise ValueError(f"exit ({self.exit}) must be below enter ({self.enter})")


@dataclass(frozen=True)
class Peak:
    """One counted rep: when it started, peaked and ended, and the signal at its peak."""

    start_s: float
    peak_s: float
    end_s: float
    value: float


class RepCounter:
    def __init__(self, params: Hysteresis) -> None:
        self.params = params
        self.count = 0
        self._start: float | None = None
        self._peak_s = 0.0
        self._peak = -math.inf
        self._last_seen = -math.inf
        self._armed = True  # False after a held pose, until the signal falls back below exit
        self._below: float | None = None  # when the signal fell below exit during a rep
        self._last_above = -math.inf  # the last sample above exit during a rep
        self._last_value = math.nan  # the last finite sample

    @property
    def started_s(self) -> float | None:
        """When the rep in progress rose past enter (None when no rep is in progress)."""
        return self._start

    def update(self, t_s: float, value: float) -> Peak | None:
        """Feed one sample; returns the rep that this sample completed, if any."""
        p = self.params
        if not math.isfinite(value):
            self._below = None  # settling needs the signal seen low, not missing
            if self._start is not None and t_s - self._last_seen > p.max_gap_s:
                self._start = None
            return None
        self._last_seen, self._last_value = t_s, value
        if self._start is None:
            if value <= p.exit:
                self._armed = True
            elif value >= p.enter and self._armed:
                self._start, self._peak_s, self._peak = t_s, t_s, value
                self._last_above = t_s
            return None
        if value > self._peak:
            self._peak_s, self._peak = t_s, value
        if value > p.exit:
            self._below = None
            self._last_above = t_s
            if t_s - self._start > p.max_duration_s:
                # Held, not a rep (standing on one leg, a long stretch).
                self._start, self._armed = None, False
            return None
        if self._below is None:
            self._below = t_s
        if t_s - self._below < p.settle_s:
            return None
        start, self._start = self._start, None
        end, self._below = self._below, None
        if self._last_above - start < p.min_duration_s:
            return None  # too briefly seen up (a swapped label among missing frames is no rep)
        self.count += 1
        return Peak(start, self._peak_s, end, self._peak)

    def flush(self, t_s: float) -> Peak | None:
        """The end of the stream: a rep whose signal was last seen back below exit counts
        (it came down, but its settling was cut short by the end, or by a hidden last
        moment); one still up does not."""
        p = self.params
        start = self._start
        if start is None or not self._last_value <= p.exit:
            return None
        self._start = None
        if self._last_above - start < p.min_duration_s:
            return None
        self.count += 1
        end = self._below if self._below is not None else t_s
        return Peak(start, self._peak_s, end, self._peak)


class RollingMedian:
    """The median of the last ``span_s`` seconds: takes single-frame jitter and label swaps out
    of a counting signal at the cost of ``span_s / 2`` of delay. NaN unless at least
    ``min_share`` of the window's samples are finite: a few frames seen among many missing ones
    (a brief swap in a joint that is otherwise hidden) are too few to speak for the window."""

    def __init__(self, span_s: float, min_share: float = 0.5) -> None:
        self.span_s = span_s
        self.min_share = min_share
        self._samples: deque[tuple[float, float]] = deque()

    def update(self, t_s: float, value: float) -> float:
        self._samples.append((t_s, value))
        while self._samples and self._samples[0][0] < t_s - self.span_s:
            self._samples.popleft()
        finite = [v for _, v in self._samples if math.isfinite(v)]
        if len(finite) < self.min_share * len(self._samples) or not finite:
            return math.nan
        return statistics.median(finite)


@dataclass(frozen=True)
class Cycle:
    """One swing cycle: out (or forward) to its high extreme, then across (or back) to its low."""

    start_s: float
    peak_s: float
    high: float
    low_s: float
    low: float
    end_s: float


LOW_MARGIN = 0.25  # a leg at rest has a flat, jittery low: within this share of the reversal
REST_S = 0.8  # a set's first swing goes out from rest: the leg hung this long before it ...
REST_SPREAD = 0.2  # ... within this share of the reversal (standing still, the real model's
# thigh jitters 0.4-1.4 degrees frame to frame; a marcher's or walker's never rests that long)


class CycleCounter:
    """Swing cycles by turning points: an extreme is confirmed once the signal has come back
    from it by ``reversal`` (so no neutral angle is assumed, and a leaning trunk or a mix of
    big and small swings does not shift anything). A cycle is a high extreme followed by a low
    one; the swing from one to the other must last ``min_half_s`` to ``max_half_s``, and so must
    the rise to the high from the low before it (before the first cycle: the lowest point of the
    last ``max_half_s``). A drift that takes seconds to build up is not a swing."""

    def __init__(self, reversal: float, min_half_s: float, max_half_s: float) -> None:
        if reversal <= 0:
            raise ValueError(f"reversal ({reversal}) must be positive")
        self.reversal = reversal
        self.min_half_s = min_half_s
        self.max_half_s = max_half_s
        self.count = 0
        self._rising: bool | None = None  # None until the first reversal
        self._ext: tuple[float, float] | None = None  # running extreme (time, value)
        self._high: tuple[float, float] | None = None  # the last confirmed high extreme
        self._start = math.nan  # the low before the current high
        self._last_seen = -math.inf
        self._recent: deque[tuple[float, float]] = deque()  # the last 2 * max_half_s
        self._done_s = -math.inf  # the low of the last cycle counted

    def flush(self, t_s: float) -> Cycle | None:
        """A cycle whose low is not yet confirmed (the end of a window): take the lowest so far
        if the leg has come down by ``reversal`` from its high."""
        high, low = self._high, self._ext
        if self._rising is False and high and low and high[1] - low[1] >= self.reversal:
            return self._cycle(low, t_s)
        return None

    def _cycle(self, low: tuple[float, float], t_s: float) -> Cycle | None:
        high, self._high = self._high, None
        if high is None or not self.min_half_s <= low[0] - high[0] <= self.max_half_s:
            return None
        self.count += 1
        self._done_s = low[0]
        return Cycle(self._start, high[0], high[1], low[0], low[1], t_s)

    def update(self, t_s: float, value: float) -> Cycle | None:
        """Feed one sample; returns the cycle that this sample completed, if any."""
        if not math.isfinite(value):
            if t_s - self._last_seen > self.max_half_s:
                self._rising = self._ext = self._high = None  # lost: start afresh
                self._recent.clear()
            return None
        self._last_seen = t_s
        self._recent.append((t_s, value))
        while self._recent[0][0] < t_s - 2.0 * self.max_half_s:
            self._recent.popleft()
        if self._rising is None:  # not moving yet: wait for a quick rise from a recent low
            rise = self._rise_start(t_s, value)
            if rise is None:
                return None
            first = self._swing_before(t_s)
            self._start, self._rising, self._ext = rise, True, (t_s, value)
            return first
        assert self._ext is not None
        if self._rising:
            if value > self._ext[1]:
                self._ext = (t_s, value)
            elif self._ext[1] - value >= self.reversal:
                if self._ext[0] - self._start > self.max_half_s:
                    # A slow drift up, perhaps ending in a real swing: the rise is what came
                    # quickly before the high, if anything did.
                    rise = self._rise_start(*self._ext)
                    if rise is None:
                        self._rising, self._ext, self._high = None, None, None
                        return None
                    self._start = rise
                self._high, self._rising, self._ext = self._ext, False, (t_s, value)
            return None
        if value < self._ext[1]:
            self._ext = (t_s, value)
        high = self._high
        if high is not None and t_s - high[0] > self.max_half_s:
            # The leg came back and rests (the last swing of a set): the cycle ends at the
            # lowest point it reached in time; wait for a new swing.
            span = [(t, v) for t, v in self._recent if high[0] <= t <= high[0] + self.max_half_s]
            low = min(span, key=lambda item: item[1], default=self._ext)
            cycle = self._cycle(low, t_s) if high[1] - low[1] >= self.reversal else None
            self._rising, self._ext, self._high = None, None, None
            return cycle
        if value - self._ext[1] < self.reversal:
            return None
        low = self._ext
        cycle = self._cycle(low, t_s)
        self._start, self._rising, self._ext = low[0], True, (t_s, value)
        return cycle

    def _swing_before(self, t_s: float) -> Cycle | None:
        """A set's first swing, found once the rise after it is seen. It goes out from rest,
        only half a swing, and a small one reads under ``reversal`` on the way out (out by 9
        from rest, then back across by 21, on real pixels); its way back, a drop of
        ``reversal`` or more to the low this rise starts from, makes it a swing, if the leg
        hung still before it went out (a marcher's or walker's legs never rest that long)."""
        span = [(t, v) for t, v in self._recent if t > self._done_s]  # not yet counted
        rise = [(t, v) for t, v in span if t >= t_s - self.max_half_s]
        if not rise:
            return None
        low = min(rise, key=lambda item: item[1])
        back = [(t, v) for t, v in span if low[0] - self.max_half_s <= t < low[0]]
        if not back:
            return None
        high = max(back, key=lambda item: item[1])
        out = [v for t, v in back if t < high[0]]
        margin = LOW_MARGIN * self.reversal
        if (
            not out
            or high[1] - min(out) < margin  # no turn seen, only a fall
            or high[1] - low[1] < self.reversal
            or not self.min_half_s <= low[0] - high[0] <= self.max_half_s
        ):
            return None
        start = max(t for t, v in back if t < high[0] and v <= min(out) + margin)
        still = [v for t, v in self._recent if start - REST_S <= t < start]
        if len(still) < 5 or max(still) - min(still) > REST_SPREAD * self.reversal:
            return None
        self._high, self._start = high, start
        return self._cycle(low, t_s)

    def _rise_start(self, t_s: float, value: float) -> float | None:
        """When a rise to ``value`` at ``t_s`` began, if it rose by ``reversal`` within
        ``max_half_s``: the last moment the signal left the lowest point of that span (a leg at
        rest has a flat, jittery low; the swing starts at its end, not at its lowest sample)."""
        span = [(t, v) for t, v in self._recent if t_s - self.max_half_s <= t <= t_s]
        if not span:
            return None
        low = min(v for _, v in span)
        if value - low < self.reversal:
            return None
        near = low + LOW_MARGIN * self.reversal
        return max(t for t, v in span if v <= near)


class Trusted:
    """A counting signal that trusts what the camera sees: the gated value when the joints are
    visible; the model's estimate only once they have been hidden for ``persist_s`` (a leg
    steadily behind the other, side-on); nothing during a brief low-visibility glitch, when
    the estimate is often wild. Once on the estimate, it stays on it through a visible blip
    shorter than ``persist_s`` (a brief left/right swap shows the other leg, in full view).

    With ``hold_s``, the estimate of a joint hidden within that long of being seen is no lower
    than its last seen value: a heel pulled behind the body (a quad pull half side-on) is
    hidden exactly while it is held up, and the model's guess of it then wanders far below
    the fold seen a moment before. A frame seen right after a hidden one is not yet a
    sighting: side-on the far heel shows now and then for a single frame among hidden ones,
    with the near leg's reading."""

    def __init__(self, persist_s: float, hold_s: float = 0.0) -> None:
        self.persist_s = persist_s
        self.hold_s = hold_s
        self._seen: tuple[float, float] | None = None
        self._was_hidden = False  # whether the last frame was hidden
        self._hidden_since: float | None = None
        self._visible_since: float | None = None
        self._estimating = False

    def update(self, t_s: float, gated: float, raw: float) -> float:
        was_hidden, self._was_hidden = self._was_hidden, not math.isfinite(gated)
        if math.isfinite(gated):
            if not was_hidden:
                self._seen = (t_s, gated)
            self._hidden_since = None
            if self._estimating:
                if self._visible_since is None:
                    self._visible_since = t_s
                if t_s - self._visible_since >= self.persist_s:
                    self._estimating = False
            return gated
        self._visible_since = None
        if self._estimating:
            return self._held(t_s, raw)
        if self._hidden_since is None:
            self._hidden_since = t_s
        if t_s - self._hidden_since >= self.persist_s:
            self._estimating = True
            return self._held(t_s, raw)
        return math.nan

    def _held(self, t_s: float, raw: float) -> float:
        if self._seen is None or t_s - self._seen[0] > self.hold_s:
            return raw
        return max(raw, self._seen[1]) if math.isfinite(raw) else self._seen[1]
