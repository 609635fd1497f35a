"""The live window for real: the session over the demo clip under a virtual X display (Xvfb),
keys typed with xdotool, the screen read back from Xvfb's framebuffer file.

Skipped where Xvfb or xdotool is missing (.ci/run installs them). With POSTRUN_SCREENSHOTS=1 the
phase screenshots are saved to docs/ for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from postrun.demo import demo_clip
from postrun.models.registry import resolve_model
from postrun.report import SourceInfo
from postrun.routines.routine import load_routine
from postrun.routines.session import Phase, Session
from postrun.routines.session_view import SessionView
from postrun.session_paint import paint
from postrun.session_run import SessionLoop
from postrun.vision.display import Window
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.smoothing import OneEuroSmoother
from postrun.vision.sources import open_source
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)",
)
DOCS = Path(__file__).resolve().parents[2] / "docs"


def read_xwd(path: Path) -> np.ndarray:
    """Xvfb's screen as BGR pixels (the XWD format, 32 bits a pixel)."""
    data = path.read_bytes()
    header = struct.unpack(">25I", data[:100])
    size, width, height, per_line, colours = header[0], header[4], header[5], header[12], header[19]
    offset = size + colours * 12
    rows = np.frombuffer(data, np.uint8, count=per_line * height, offset=offset)
    return rows.reshape(height, per_line)[:, : width * 4].reshape(height, width, 4)[..., :3].copy()


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A virtual screen the size of the demo clip, so screenshots are just the window."""
    folder = tmp_path_factory.mktemp("xvfb")
    number = 50 + os.getpid() % 40
    server = subprocess.Popen(
        [
            "Xvfb",
            f":{number}",
            "-screen",
            "0",
            "360x480x24",
            "-fbdir",
            str(folder),
            "-nolisten",
            "tcp",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    framebuffer = folder / "Xvfb_screen0"
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists() and framebuffer.exists():
            break
        time.sleep(0.05)
    previous = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{number}"
    subprocess.run(["xdotool", "mousemove", "359", "479"], check=False)  # pointer out of the way
    yield framebuffer
    server.terminate()
    server.wait(timeout=5)
    if previous is None:
        os.environ.pop("DISPLAY", None)
    else:
        os.environ["DISPLAY"] = previous


def press(key: str) -> None:
    found = subprocess.run(["xdotool", "search", "--name", "^postrun$"], capture_output=True,
                           text=True, check=True)  # fmt: skip
    window = found.stdout.split()[0]
    subprocess.run(["xdotool", "key", "--window", window, key], check=True,
                   stderr=subprocess.DEVNULL)  # fmt: skip


class Script:
    """Takes a screenshot the first time each phase shows, and types keys as a runner would:
    pause during the first drill, resume, skip it, then quit at the next card."""

    def __init__(self, framebuffer: Path) -> None:
        self.framebuffer = framebuffer
        self.shots: dict[Phase, np.ndarray] = {}
        self.actions: list[str] = []
        self._active_frames = 0

    def __call__(self, frame: Frame, view: SessionView) -> None:
        if view.phase not in self.shots and frame.index > 2:
            self.shots[view.phase] = read_xwd(self.framebuffer)
        if view.phase is Phase.ACTIVE:
            self._active_frames += 1
            step = {20: "space", 60: "n"}.get(self._active_frames)
            if step == "space" and "pause" not in self.actions:
                self.actions.append("pause")
                press("space")
            elif step == "n":
                self.actions.append("skip")
                press("n")
        elif view.phase is Phase.PAUSED and "resume" not in self.actions:
            self.shots[Phase.PAUSED] = read_xwd(self.framebuffer)
            self.actions.append("resume")
            press("space")
        elif (
            view.phase is Phase.GET_READY and "skip" in self.actions and "quit" not in self.actions
        ):
            self.actions.append("quit")
            press("q")


def test_the_window_follows_the_keys_and_shows_each_phase(screen: Path, tmp_path: Path) -> None:
    script = Script(screen)
    bundle = resolve_model("lite")
    with open_source(demo_clip()) as source, MediaPipePoseEstimator(bundle.path) as estimator:
        loop = SessionLoop(
            source=source,
            estimator=estimator,
            runner=Runner(OneEuroSmoother()),
            session=Session(load_routine("post-run")),
            painter=paint,
            out_dir=tmp_path,
            source_info=lambda n: SourceInfo("video", str(demo_clip()), source.fps, n, False),
            model={"name": bundle.name, "sha256": bundle.sha256},
            window=Window(),
            mirror=True,  # the demo previews like a selfie, as a webcam does
            on_frame=script,
        )
        outcome = loop.run()
    assert script.actions == ["pause", "resume", "skip", "quit"]
    assert not outcome.complete
    seen = set(script.shots)
    assert {Phase.SETUP, Phase.CALIBRATE, Phase.GET_READY, Phase.ACTIVE, Phase.PAUSED} <= seen
    pictures = [script.shots[p] for p in (Phase.GET_READY, Phase.ACTIVE, Phase.PAUSED)]
    for picture in pictures:
        assert picture.std() > 20  # a real picture, not an empty screen
    assert np.abs(pictures[0].astype(int) - pictures[1]).mean() > 5
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["complete"] is False
    assert [w["drill"] for w in report["windows"]] == ["knee_hug"]
    assert report["windows"][0]["end_s"] - report["windows"][0]["start_s"] < 15
    if os.environ.get("POSTRUN_SCREENSHOTS"):
        for phase, picture in script.shots.items():
            cv2.imwrite(str(DOCS / f"window-{phase.value.replace('_', '-')}.png"), picture)
