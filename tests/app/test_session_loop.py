"""The session app loop end to end with a scripted source, estimator and window (no model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Self

import jsonschema
import numpy as np
import pytest

from postrun.report import SourceInfo
from postrun.routines.routine import load_routine
from postrun.routines.session import Session
from postrun.session_paint import paint
from postrun.session_run import SessionLoop, SessionOutcome
from postrun.synth import motions
from postrun.synth.landmarks import SyntheticStream, synthesize
from postrun.synth.schedule import follow_schedule
from postrun.vision.smoothing import NoSmoothing
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame, Pose
from postrun.vision.video_out import VideoSink
from tests.app.test_report import schema

FPS = 15.0
LEAD_IN_S = 4.5  # setup hold + calibration, SessionTiming's defaults


@cache
def stream() -> SyntheticStream:
    routine = load_routine("post-run")
    starts = routine.active_starts(LEAD_IN_S)
    end = starts[-1] + routine.windows[-1].duration_s + routine.windows[-1].summary_s + 1.0
    motion = follow_schedule(motions.routine(fps=FPS, seed=2), starts, end)
    return synthesize(motion)


class ScriptedSource:
    """Grey frames at the stream's times; raises KeyboardInterrupt at ``interrupt_at``."""

    live = False
    description = "scripted"

    def __init__(self, frames: int, interrupt_at: int | None = None) -> None:
        self.fps: float | None = FPS
        self.frame_count: int | None = frames
        self._interrupt_at = interrupt_at
        self._image = np.full((64, 48, 3), 128, np.uint8)

    def __iter__(self) -> Iterator[Frame]:
        for index, t in enumerate(stream().t_s[: self.frame_count]):
            if index == self._interrupt_at:
                raise KeyboardInterrupt
            yield Frame(self._image, float(t), index)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class StreamEstimator:
    def estimate(self, frame: Frame) -> list[Pose]:
        s = stream()
        i = frame.index
        if not s.has_pose[i]:
            return []
        return [Pose(s.image[i], s.mp_world[i], s.visibility[i], s.visibility[i], frame.t_s)]

    def close(self) -> None:
        pass


class ScriptedWindow:
    """Presses keys at given frames, like a person at the keyboard."""

    def __init__(self, keys: dict[int, str]) -> None:
        self.keys, self.shown = keys, 0

    def show(self, image: np.ndarray, wait_ms: int = 1) -> str | None:
        self.shown += 1
        return self.keys.get(self.shown - 1)

    def closed_by_user(self) -> bool:
        return False

    def close(self) -> None:
        pass


def run_loop(tmp_path: Path, source: ScriptedSource, **kwargs: object) -> SessionOutcome:
    loop = SessionLoop(
        source=source,
        estimator=StreamEstimator(),
        runner=Runner(NoSmoothing()),
        session=Session(load_routine("post-run")),
        painter=paint,
        out_dir=tmp_path,
        source_info=lambda frames: SourceInfo("video", "scripted.mp4", FPS, frames, False),
        model={"name": "full", "sha256": "0" * 64},
        **kwargs,  # type: ignore[arg-type]
    )
    return loop.run()


def report(folder: Path) -> dict:  # type: ignore[type-arg]
    data = json.loads((folder / "report.json").read_text())
    jsonschema.validate(data, schema())
    return data  # type: ignore[no-any-return]


def test_a_whole_routine_gives_a_complete_report(tmp_path: Path) -> None:
    outcome = run_loop(tmp_path, ScriptedSource(stream().frames))
    assert outcome.complete and not outcome.interrupted
    data = report(tmp_path)
    assert data["complete"] is True
    windows = data["windows"]
    truth = stream().motion.windows
    assert [(w["drill"], w["side"]) for w in windows] == [(t.drill, t.side) for t in truth]
    # The windows sit where the person did the drills (rule accuracy itself: bench/).
    counted = sum(sum(w["reps"].values()) for w in windows)
    assert counted == pytest.approx(sum(len(t.reps) for t in truth), rel=0.15)
    for window, true in zip(windows, truth, strict=True):
        assert window["start_s"] == pytest.approx(true.start_s, abs=0.2)
    for name in ("report.html", "reps.csv", "landmarks.npz"):
        assert (tmp_path / name).stat().st_size > 0


def test_ctrl_c_mid_window_keeps_what_was_recorded(tmp_path: Path) -> None:
    stop = int((LEAD_IN_S + 8.0 + 12.0) * FPS)  # 12 s into the first drill
    outcome = run_loop(tmp_path, ScriptedSource(stream().frames, interrupt_at=stop))
    assert outcome.interrupted and not outcome.complete
    data = report(tmp_path)
    assert data["complete"] is False
    assert len(data["windows"]) == 1 and data["windows"][0]["drill"] == "knee_hug"
    assert sum(data["windows"][0]["reps"].values()) >= 2


def test_keys_skip_a_window_and_quit(tmp_path: Path) -> None:
    first_go = int((LEAD_IN_S + 8.0 + 2.0) * FPS)
    window = ScriptedWindow({first_go: "n", first_go + 30: "q"})
    video = VideoSink(tmp_path / "session.mp4", FPS)
    outcome = run_loop(tmp_path, ScriptedSource(stream().frames), window=window, video=video)
    assert not outcome.complete
    data = report(tmp_path)
    # The first window was cut short by "n"; "q" came during the next window's get-ready card.
    assert [w["drill"] for w in data["windows"]] == ["knee_hug"]
    assert data["windows"][0]["end_s"] == pytest.approx(first_go / FPS, abs=0.2)
    assert (tmp_path / "session.mp4").stat().st_size > 0


class FrozenSmoother:
    """A filter that never lets go of the first pose: the worst lag there is."""

    def __init__(self) -> None:
        self.first: Pose | None = None

    def __call__(self, pose: Pose) -> Pose:
        self.first = self.first or pose
        return self.first

    def reset(self) -> None:
        pass


def test_the_rules_read_the_model_and_the_screen_shows_the_smoothed_pose(tmp_path: Path) -> None:
    """A filter smears a brief left/right swap over more frames than the rules' medians
    remove, so the rules read the model's landmarks; only the drawing is smoothed."""
    drawn: list[Pose | None] = []

    def painter(image: np.ndarray, pose: Pose | None, *_: object) -> np.ndarray:
        drawn.append(pose)
        return image

    first_window_end = int((LEAD_IN_S + 8.0 + 20.0) * FPS)
    loop = SessionLoop(
        source=ScriptedSource(first_window_end),
        estimator=StreamEstimator(),
        runner=Runner(FrozenSmoother()),
        session=Session(load_routine("post-run")),
        painter=painter,  # type: ignore[arg-type]
        out_dir=tmp_path,
        source_info=lambda frames: SourceInfo("video", "scripted.mp4", FPS, frames, False),
        model={"name": "full", "sha256": "0" * 64},
        window=ScriptedWindow({}),  # type: ignore[arg-type]
    )
    loop.run()
    hug = report(tmp_path)["windows"][0]
    assert hug["drill"] == "knee_hug"
    assert sum(hug["reps"].values()) >= len(stream().motion.windows[0].reps) - 1
    shown = [p for p in drawn if p is not None]
    assert shown and all(p is shown[0] for p in shown)
