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

    @property
    def active(self) -> bool:
        """True while a rep is in progress (the signal went past enter, not yet back)."""
        return self._start is not None

    @property
    def peak_so_far(self) -> tuple[float, float] | None:
        """(time, value) of the current rep's highest sample, while a rep is in progress."""
        return (self._peak_s, self._peak) if self._start is not None else None

    def reset(self) -> None:
        self._start = None

    def update(self, t_s: float, value: float) -> Peak | None:
        """Feed one sample; returns the rep that this sample completed, if any."""
        p = self.params
        if not math.isfinite(value):
            if self._start is not None and t_s - self._last_seen > p.max_gap_s:
                self._start = None
            return None
        self._last_seen = t_s
        if self._start is None:
            if value <= p.exit:
                self._armed = True
            elif value >= p.enter and self._armed:
                self._start, self._peak_s, self._peak = t_s, t_s, value
            return None
        if value > self._peak:
            self._peak_s, self._peak = t_s, value
        if value > p.exit:
            if t_s - self._start > p.max_duration_s:
                # Held, not a rep (standing on one leg, a long stretch).
                self._start, self._armed = None, False
            return None
        start, self._start = self._start, None
        if t_s - start < p.min_duration_s:
            return None
        self.count += 1
        return Peak(start, self._peak_s, t_s, self._peak)


class RollingMedian:
    """The median of the finite samples of the last ``span_s`` seconds: takes single-frame
    jitter and label swaps out of a counting signal at the cost of ``span_s / 2`` of delay."""

    def __init__(self, span_s: float) -> None:
        self.span_s = span_s
        self._samples: deque[tuple[float, float]] = deque()

    def update(self, t_s: float, value: float) -> float:
        if math.isfinite(value):
            self._samples.append((t_s, value))
        while self._samples and self._samples[0][0] < t_s - self.span_s:
            self._samples.popleft()
        if not self._samples:
            return math.nan
        return statistics.median(v for _, v in self._samples)


@dataclass(frozen=True)
class Cycle:
    """One swing cycle: out (or forward) to its high extreme, then across (or back) to its low."""

    start_s: float
    peak_s: float
    high: float
    low_s: float
    low: float
    end_s: float


class CycleCounter:
    """Swing cycles by turning points: an extreme is confirmed once the signal has come back
    from it by ``reversal`` (so no neutral angle is assumed, and a leaning trunk or a mix of
    big and small swings does not shift anything). A cycle is a high extreme followed by a low
    one; the swing from one to the other must last ``min_half_s`` to ``max_half_s``."""

    def __init__(self, reversal: float, min_half_s: float, max_half_s: float) -> None:
        if reversal <= 0:
            raise ValueError(f"reversal ({reversal}) must be positive")
        self.reversal = reversal
        self.min_half_s = min_half_s
        self.max_half_s = max_half_s
        self.count = 0
        self._rising: bool | None = None  # None until the first reversal
        self._ext: tuple[float, float] | None = None  # running extreme (time, value)
        self._low: tuple[float, float] | None = None  # before anything: the running minimum
        self._high: tuple[float, float] | None = None  # the last confirmed high extreme
        self._start = math.nan  # the low before the current high
        self._last_seen = -math.inf

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
        return Cycle(self._start, high[0], high[1], low[0], low[1], t_s)

    def update(self, t_s: float, value: float) -> Cycle | None:
        """Feed one sample; returns the cycle that this sample completed, if any."""
        if not math.isfinite(value):
            if t_s - self._last_seen > self.max_half_s:
                self._rising = self._ext = self._low = self._high = None  # lost: start afresh
            return None
        if self._rising is None:  # not moving yet: wait for the first rise from a low
            if self._low is None or value < self._low[1]:
                self._low = (t_s, value)
            self._start = self._low[0]
            self._last_seen = t_s
            if value - self._low[1] >= self.reversal:
                self._rising, self._ext = True, (t_s, value)
            return None
        self._last_seen = t_s
        assert self._ext is not None
        if self._rising:
            if value > self._ext[1]:
                self._ext = (t_s, value)
            elif self._ext[1] - value >= self.reversal:
                self._high, self._rising, self._ext = self._ext, False, (t_s, value)
            return None
        if value < self._ext[1]:
            self._ext = (t_s, value)
            return None
        if value - self._ext[1] < self.reversal:
            return None
        low = self._ext
        cycle = self._cycle(low, t_s)
        self._start, self._rising, self._ext = low[0], True, (t_s, value)
        return cycle


class Trusted:
    """A counting signal that trusts what the camera sees: the gated value when the joints are
    visible; the model's estimate only once they have been hidden for ``persist_s`` (a leg
    steadily behind the other, side-on); nothing during a brief low-visibility glitch, when
    the estimate is often wild."""

    def __init__(self, persist_s: float) -> None:
        self.persist_s = persist_s
        self._hidden_since: float | None = None

    def update(self, t_s: float, gated: float, raw: float) -> float:
        if math.isfinite(gated):
            self._hidden_since = None
            return gated
        if self._hidden_since is None:
            self._hidden_since = t_s
        return raw if t_s - self._hidden_since >= self.persist_s else math.nan
