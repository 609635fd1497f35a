"""An unexpected error ends a command in one line, exit code 3 and a log with the traceback, and
a session keeps what it recorded."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Self

import pytest
from typer.testing import CliRunner

from postrun import session_app
from postrun.cli import app
from postrun.routines.session import Session
from postrun.vision.types import Frame, Pose
from tests.app.test_session_loop import FPS, LEAD_IN_S, ScriptedSource, StreamEstimator, stream

runner = CliRunner()
CRASH_AT = int((LEAD_IN_S + 8.0 + 12.0) * FPS)  # 12 s into the first drill


class CrashingEstimator(StreamEstimator):
    """The pose model failing in the middle of a window."""

    def __init__(self, _model_path: Path) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def estimate(self, frame: Frame) -> list[Pose]:
        if frame.index == CRASH_AT:
            raise RuntimeError("pose model crashed\non this frame")  # two lines: shown as one
        return super().estimate(frame)


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("quit_fails", [False, True])
def test_an_error_mid_session_is_one_line_and_the_report_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quit_fails: bool
) -> None:
    monkeypatch.setattr(
        session_app, "open_source", lambda *_a, **_k: ScriptedSource(stream().frames)
    )
    monkeypatch.setattr(session_app, "MediaPipePoseEstimator", CrashingEstimator)
    if quit_fails:  # the error also left the session unable to close its window

        def broken_quit(self: Session) -> None:
            raise ValueError("cannot close the window")

        monkeypatch.setattr(Session, "quit", broken_quit)
    out = tmp_path / "run"
    code, stdout, err = invoke("analyze", "session.mp4", "--routine", "post-run", "--out", str(out))
    assert code == 3
    assert "Traceback" not in stdout + err
    assert len(err.strip().splitlines()) == 1
    log = out / "error.log"
    shown = "ValueError: cannot close the window" if quit_fails else (
        "RuntimeError: pose model crashed on this frame")  # fmt: skip
    assert err.strip() == f"postrun: internal error: {shown} (details in {log})"
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    assert report["complete"] is False
    assert [w["drill"] for w in report["windows"]] == ["knee_hug"]
    assert sum(report["windows"][0]["reps"].values()) >= 2
    assert (out / "report.html").stat().st_size > 0 and (out / "landmarks.npz").exists()
    text = log.read_text()
    assert text.startswith("postrun ") and "Traceback (most recent call last)" in text
    assert "in estimate" in text and "RuntimeError: pose model crashed\non this frame" in text
    assert ("ValueError: cannot close the window" in text) == quit_fails


def test_an_error_before_the_output_folder_exists_is_logged_to_a_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("window")

    monkeypatch.setattr(session_app, "load_routine", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = tmp_path / "never-made"
    code, stdout, err = invoke("analyze", "session.mp4", "--routine", "post-run", "--out", str(out))
    assert code == 3 and "Traceback" not in stdout + err
    assert not out.exists()
    logs = list(tmp_path.glob("postrun-error-*.log"))
    assert len(logs) == 1
    assert err.strip() == f"postrun: internal error: KeyError: 'window' (details in {logs[0]})"
    assert "in broken" in logs[0].read_text()


def test_ctrl_c_before_a_run_still_ends_with_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(session_app, "load_routine", interrupted)
    code, _, err = invoke("analyze", "x.mp4", "--routine", "post-run", "--out", str(tmp_path))
    assert code == 130 and err.strip() == "postrun: stopped."
    assert not (tmp_path / "error.log").exists()
