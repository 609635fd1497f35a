"""The session's setup check, pauses, skip and quit, frame by frame (window 0 active 12.5-32.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from postrun.routines.calibration import check_framing
from postrun.routines.drills.spec import DrillSpec
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.routine import load_routine
from postrun.routines.session import Phase, Session
from postrun.routines.thresholds import Level, Thresholds, load_thresholds
from postrun.vision.types import Pose
from tests.routines.test_session import FRAME, feed, run, transitions

ACTIVE_0 = 12.5


def session() -> Session:
    return Session(load_routine("post-run"))


def _pose_at(t: float) -> Pose:
    data = feed()
    pose = data.poses[int(np.searchsorted(data.t_s, t))]
    assert pose is not None
    return pose


def _moved(pose: Pose, scale: float = 1.0, shift: float = 0.0) -> Pose:
    image = np.array(pose.image)
    image[:, 1] = 0.5 + (image[:, 1] - 0.5) * scale + shift
    image[:, 0] = 0.5 + (image[:, 0] - 0.5) * scale
    return Pose(image, pose.world, pose.visibility, pose.presence, pose.t_s)


def test_setup_guidance_says_what_to_change() -> None:
    pose = _pose_at(0.5)
    assert check_framing(pose).ok
    assert "Step into view" in check_framing(None).guidance
    assert "Too dark" in check_framing(pose, brightness=0.05).guidance
    assert check_framing(pose, brightness=0.6).ok
    assert check_framing(_moved(pose, scale=1.75)).guidance in (
        "Step back a little",
        "Step back so your feet are in view",
    )
    assert check_framing(_moved(pose, shift=0.3)).guidance == "Step back so your feet are in view"
    assert check_framing(_moved(pose, scale=0.6)).guidance == "Come a little closer"


def test_setup_waits_until_the_framing_holds() -> None:
    s = session()
    views = list(run(s, feed(), until=8.0, blank=(0.0, 2.0)))
    assert views[0].phase is Phase.SETUP and "Step into view" in views[0].instruction
    seen = transitions(iter(views))
    assert [p for p, _, _ in seen] == [Phase.SETUP, Phase.CALIBRATE, Phase.GET_READY]
    assert seen[1][1] == pytest.approx(2.0 + 1.5, abs=FRAME)
    assert seen[2][1] == pytest.approx(2.0 + 1.5 + 3.0, abs=FRAME)
    assert not any(v.phase is Phase.PAUSED for v in views)


def test_calibration_restarts_when_the_person_moves() -> None:
    # During the first knee hug (12.5 s on) the person is not standing tall.
    data = feed()
    s = session()
    for t in data.t_s[: int(1.6 / FRAME)]:
        s.update(float(t), _pose_at(0.5), data.features[0], data.signals[0])
    assert s.phase is Phase.CALIBRATE
    i = int(np.searchsorted(data.t_s, 15.0))
    hug = [
        (data.t_s[i + k], data.poses[i + k], data.features[i + k], data.signals[i + k])
        for k in range(60)
    ]
    guidance = set()
    for k, (_, pose, features, signals) in enumerate(hug):
        view = s.update(1.6 + k * FRAME, pose, features, signals)
        guidance.add(view.instruction)
    assert s.phase in (Phase.CALIBRATE, Phase.SETUP)
    assert guidance & {"Stand tall, legs straight", "Stand still for a moment"}


def test_leaving_the_frame_pauses_the_window_and_returning_resumes_it() -> None:
    s = session()
    views = list(run(s, feed(), until=36.0, blank=(20.0, 23.0)))
    seen = transitions(iter(views))
    phases = [p for p, _, _ in seen]
    assert phases[:6] == [
        Phase.SETUP,
        Phase.CALIBRATE,
        Phase.GET_READY,
        Phase.ACTIVE,
        Phase.PAUSED,
        Phase.ACTIVE,
    ]
    paused_at, resumed_at = seen[4][1], seen[5][1]
    assert paused_at == pytest.approx(21.0, abs=2 * FRAME)
    assert resumed_at == pytest.approx(23.0, abs=FRAME)
    paused = [v for v in views if v.phase is Phase.PAUSED]
    assert paused[0].paused_phase is Phase.ACTIVE and paused[0].title == "Paused"
    assert len({v.seconds_left for v in paused}) == 1  # the window's clock stopped
    record = s.records[0]
    assert record.end_s == pytest.approx(32.5 + (resumed_at - paused_at), abs=2 * FRAME)
    assert record.pose_frames < record.frames  # the second out of view before the pause counts
    assert record.frames == pytest.approx(20.0 * 30, abs=2)


def test_a_short_dropout_does_not_pause() -> None:
    views = list(run(session(), feed(), until=30.0, blank=(20.0, 20.8)))
    assert not any(v.phase is Phase.PAUSED for v in views)
    assert not all(v.tracking_ok for v in views if 20.0 <= v.t_s < 20.8)


def test_pause_key_freezes_the_clock_until_resumed() -> None:
    s = session()
    views = list(
        run(s, feed(), until=36.0, actions={15.0: Session.toggle_pause, 18.0: Session.toggle_pause})
    )
    paused = [v for v in views if v.phase is Phase.PAUSED]
    assert paused[0].t_s == pytest.approx(15.0, abs=FRAME)
    assert paused[-1].t_s == pytest.approx(18.0 - FRAME, abs=FRAME)
    assert paused[0].instruction == "Resume when you are ready"
    assert s.records[0].end_s == pytest.approx(35.5, abs=2 * FRAME)


def test_skip_cuts_an_active_window_and_skips_a_card() -> None:
    s = session()
    views = list(run(s, feed(), until=24.0, actions={20.0: Session.skip, 22.0: Session.skip}))
    assert len(s.records) == 1
    record = s.records[0]
    assert record.drill == "knee_hug" and record.end_s == pytest.approx(20.0, abs=2 * FRAME)
    seen = [(p, i) for p, _, i in transitions(iter(views))]
    assert seen[-2:] == [(Phase.GET_READY, 1), (Phase.GET_READY, 2)]
    assert views[-1].drill == "figure_four"


def test_quit_mid_window_keeps_the_partial_window_and_is_incomplete() -> None:
    s = session()
    views = list(run(s, feed(), until=20.0))
    assert views[-1].phase is Phase.ACTIVE
    live = s.windows()  # a report written now includes the running window
    assert len(live) == 1 and live[0].end_s == pytest.approx(20.0) and not s.records
    s.quit()
    assert s.done and not s.complete and s.view.phase is Phase.DONE
    assert s.view.title == "Session ended"
    (record,) = s.windows()
    assert record.start_s == pytest.approx(ACTIVE_0, abs=FRAME)
    assert record.end_s == pytest.approx(20.0)
    assert 1 <= len(record.reps) <= 4 and record.frames == pytest.approx(7.5 * 30, abs=2)
    assert s.update(20.1, None, {}).phase is Phase.DONE  # later frames change nothing
    with pytest.raises(ValueError, match="time order"):
        s.update(1.0, None, {})


class Shouting:
    """A stand-in cue selector: the seam a richer selector plugs into."""

    kind = "fix"

    def __init__(self, spec: DrillSpec) -> None:
        self.spec = spec

    def update(
        self, t_s: float, reps: Sequence[RepEvent], features: Mapping[str, float]
    ) -> str | None:
        return f"{self.spec.id.upper()} {len(reps)}" if reps else None


def test_cue_selector_and_levels_are_pluggable() -> None:
    asked: list[Level] = []

    def thresholds(level: Level) -> Thresholds:
        asked.append(level)
        return load_thresholds(level)

    routine = load_routine("post-run")
    s = Session(routine, level="gentle", thresholds=thresholds, cues=Shouting)
    list(run(s, feed(), until=33.0))
    assert asked == ["gentle"]
    assert {c.text for c in s.records[0].cues} == {"KNEE_HUG 1"}
