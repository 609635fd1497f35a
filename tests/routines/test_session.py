"""The guided session, frame by frame on a synthetic post-run routine with a fake timeline.

The synthesized person follows the screen: the motion library's routine is retimed so each of
its drill windows lies where the session's schedule puts the window (standing in between), and
every test feeds those frames to a :class:`Session` and checks its phase and state as it goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

import jsonschema
import numpy as np
import pytest

from postrun.report import SourceInfo, build_report
from postrun.routines.analysis import frame_features
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.routine import Routine, load_routine
from postrun.routines.session import Phase, Session, SessionView
from postrun.synth import motions
from postrun.synth.landmarks import synthesize
from postrun.synth.motion import WindowTruth
from postrun.synth.schedule import follow_schedule
from postrun.vision.types import Pose

FPS = 30.0
FRAME = 1.0 / FPS
SETUP_S, CALIBRATE_S = 1.5, 3.0  # SessionTiming's defaults


@dataclass(frozen=True)
class Feed:
    """Per-frame session input, and where each truth window was moved to."""

    t_s: np.ndarray
    poses: list[Pose | None]
    features: list[dict[str, float]]
    signals: list[dict[str, float]]
    truth: tuple[WindowTruth, ...]
    active_starts: tuple[float, ...]

    def truth_reps(self, index: int) -> dict[str, int]:
        window = self.truth[index]
        return {s: sum(r.side == s for r in window.reps) for s in ("left", "right")}


def schedule(routine: Routine) -> list[float]:
    """When each window's active part starts, with the person in view from t = 0."""
    return routine.active_starts(SETUP_S + CALIBRATE_S)


@cache
def feed(faults: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Feed:
    routine = load_routine("post-run")
    starts = schedule(routine)
    end = starts[-1] + routine.windows[-1].duration_s + routine.windows[-1].summary_s + 1.0
    motion = motions.routine(fps=FPS, seed=1, gap_s=(4.0, 4.0), faults=dict(faults))
    motion = follow_schedule(motion, starts, end)  # the person follows the screen
    stream = synthesize(motion)
    features, signals = frame_features(stream.mp_world, stream.visibility, MEDIAPIPE_WORLD_UP, 0.5)
    t_s = stream.t_s
    poses: list[Pose | None] = [
        Pose(stream.image[i], stream.mp_world[i], stream.visibility[i], stream.visibility[i], t)
        if stream.has_pose[i]
        else None
        for i, t in enumerate(t_s)
    ]
    return Feed(
        t_s=t_s,
        poses=poses,
        features=features,
        signals=signals,
        truth=motion.windows,
        active_starts=tuple(starts),
    )


Action = Callable[[Session], None]


def run(
    session: Session,
    data: Feed,
    *,
    until: float = np.inf,
    blank: tuple[float, float] | None = None,
    actions: Mapping[float, Action] | None = None,
) -> Iterator[SessionView]:
    """Feed frames up to ``until``; ``blank`` = (from, to) with nobody in view; ``actions`` run
    just before the first frame at or after their time."""
    pending = sorted((actions or {}).items())
    for t, pose, features, signals in zip(
        data.t_s, data.poses, data.features, data.signals, strict=True
    ):
        if t > until:
            return
        while pending and pending[0][0] <= t:
            pending.pop(0)[1](session)
        gone = blank is not None and blank[0] <= t < blank[1]
        yield session.update(
            float(t), None if gone else pose, {} if gone else features, None if gone else signals
        )


def transitions(views: Iterator[SessionView]) -> list[tuple[Phase, float, int | None]]:
    out: list[tuple[Phase, float, int | None]] = []
    for view in views:
        if not out or out[-1][0] is not view.phase or out[-1][2] != view.window_index:
            out.append((view.phase, view.t_s, view.window_index))
    return out


@dataclass
class FullRun:
    session: Session
    views: list[SessionView]


@pytest.fixture(scope="module")
def full() -> FullRun:
    session = Session(load_routine("post-run"))
    views = list(run(session, feed()))
    return FullRun(session, views)


def test_phase_sequence_and_window_boundaries(full: FullRun) -> None:
    data = feed()
    routine = full.session.routine
    seen = transitions(iter(full.views))
    expected: list[tuple[Phase, int | None]] = [(Phase.SETUP, None), (Phase.CALIBRATE, None)]
    for i in range(len(routine.windows)):
        card = Phase.SIDE_SWITCH if i in (5, 7) else Phase.GET_READY
        expected += [(card, i), (Phase.ACTIVE, i), (Phase.SUMMARY, i)]
    expected.append((Phase.DONE, None))
    assert [(phase, index) for phase, _, index in seen] == expected
    actives = [t for phase, t, _ in seen if phase is Phase.ACTIVE]
    assert actives == pytest.approx(data.active_starts, abs=FRAME)
    for record, window, start in zip(
        full.session.records, routine.windows, data.active_starts, strict=True
    ):
        assert record.start_s == pytest.approx(start, abs=FRAME)
        assert record.end_s - record.start_s == pytest.approx(window.duration_s, abs=1e-6)
        assert (record.drill, record.side) == (window.drill, window.side)
        assert record.frames == pytest.approx(window.duration_s * FPS, abs=1)
        assert record.pose_frames == record.frames
    assert full.session.complete and full.views[-1].complete


def test_rep_counts_match_the_truth(full: FullRun) -> None:
    data = feed()
    for record in full.session.records:
        counted = {s: sum(r.side == s for r in record.reps) for s in ("left", "right")}
        truth = data.truth_reps(record.index)
        assert abs(counted["left"] - truth["left"]) <= 1, (record.drill, counted, truth)
        assert abs(counted["right"] - truth["right"]) <= 1, (record.drill, counted, truth)
        assert all(record.start_s <= r.t_s <= record.end_s for r in record.reps)


def test_side_switch_prompt_only_between_sides_of_one_drill(full: FullRun) -> None:
    switches = [v for v in full.views if v.phase is Phase.SIDE_SWITCH]
    assert {v.window_index for v in switches} == {5, 7}
    assert all(v.title.startswith("Switch sides: right leg") for v in switches)
    cards: dict[int | None, SessionView] = {}
    for view in full.views:
        if view.phase is Phase.GET_READY:
            cards.setdefault(view.window_index, view)
    assert cards[6].drill == "forward_swing" and cards[6].side == "left"
    assert cards[0].seconds_left == pytest.approx(8.0, abs=FRAME)
    assert cards[1].seconds_left == pytest.approx(4.0, abs=FRAME)


def test_calibration_measures_the_standing_person(full: FullRun) -> None:
    calibration = full.session.calibration
    assert calibration is not None and calibration.samples >= 80
    assert 0.45 < calibration.body_height < 0.9
    up = np.array(calibration.up)
    assert np.degrees(np.arccos(np.dot(up, (0.0, -1.0, 0.0)))) < 5.0
    ankles = calibration.neutral_ankle_dorsiflexion_deg
    assert all(v is not None and abs(v) < 15.0 for v in ankles.values())


def test_views_carry_countdown_gauge_cue_and_summary(full: FullRun) -> None:
    active = [v for v in full.views if v.phase is Phase.ACTIVE and v.window_index == 0]
    lefts = [v.seconds_left for v in active]
    assert lefts[0] == pytest.approx(20.0, abs=FRAME) and lefts[-1] < 2 * FRAME
    assert all(a is not None and b is not None and a >= b for a, b in pairwise(lefts))
    assert [v.window_progress for v in active] == sorted(v.window_progress for v in active)
    assert all(v.gauge_label == "knee height" for v in active)
    assert np.mean([v.tracking_ok for v in active]) > 0.8
    assert max(v.gauge or 0.0 for v in active) > (active[0].gauge_target or 90.0)
    assert any(v.cue == "Good hug" for v in active)
    assert active[-1].reps == {"left": 3, "right": 4}
    swing = [v for v in full.views if v.phase is Phase.ACTIVE and v.drill == "lateral_swing"]
    assert max(v.gauge or 0.0 for v in swing) > (swing[0].gauge_target or 0.0)
    summary = next(v for v in full.views if v.phase is Phase.SUMMARY)
    assert summary.summary is not None and summary.summary.best is not None
    assert summary.reps == {"left": 3, "right": 4} and "3 left, 4 right" in summary.instruction
    assert full.views[-1].title == "Routine complete"


def test_report_from_the_session_follows_the_schema(full: FullRun) -> None:
    source = SourceInfo("video", None, FPS, len(full.views), False)
    report = build_report(
        source,
        {"name": "synthetic", "sha256": "0" * 64},
        full.session.windows(),
        complete=full.session.complete,
    )
    schema = resources.files("postrun.data").joinpath("report.schema.json").read_text("utf-8")
    jsonschema.validate(report, json.loads(schema))
    assert report["complete"] is True and len(report["windows"]) == 8
    assert report["windows"][0]["cues"][0]["text"] == "Good hug"


def test_faults_reach_the_summary_and_the_cues() -> None:
    session = Session(load_routine("post-run"))
    views = list(run(session, feed((("knee_hug", ("knee_too_low",)),)), until=34.0))
    assert views[-1].phase is Phase.SUMMARY
    summary = views[-1].summary
    assert summary is not None and summary.main_fault == "knee_too_low"
    assert "next time: Knee higher" in views[-1].instruction
    assert "Knee higher" in {c.text for c in session.records[0].cues}
