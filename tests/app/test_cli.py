from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from postrun.cli import app
from tests.vision.test_sources import write_video

runner = CliRunner()
COMMANDS = ["pose", "demo", "start", "models", "drills", "analyze", "report"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_every_command_explains_itself(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Usage:" in out and len(out.splitlines()) > 5
    if not command:
        assert all(c in out for c in COMMANDS)


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("postrun 0.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pose", "missing.mp4"], "No video file at missing.mp4"),
        (["pose", "--camera", "93"], "No camera at index 93"),
        (["pose"], "give either"),
        (["pose", "x.mp4", "--model", "giant"], "Unknown model 'giant'"),
    ],
)
def test_user_errors_are_one_sentence_without_traceback(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_unwritable_output_folder(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    write_video(clip, 3, fps=10.0)
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    code, _, err = invoke("pose", str(clip), "--out", str(blocker / "out"), "--no-show")
    assert code == 2
    assert "pass --out with a folder you can write to" in err


def test_nobody_in_view_still_writes_what_was_recorded(tmp_path: Path) -> None:
    clip = tmp_path / "empty.mp4"
    write_video(clip, 8, fps=10.0, size=(160, 120))
    out = tmp_path / "run"
    code, stdout, err = invoke("pose", str(clip), "--out", str(out), "--no-show", "--save-video")
    assert code == 1
    assert "nobody was found" in err
    assert "8 frames" in stdout
    data = np.load(out / "landmarks.npz")
    assert data["t_s"].shape == (8,) and np.isnan(data["image"]).all()
    assert (out / "annotated.mp4").stat().st_size > 0
    assert len((out / "landmarks.csv").read_text().splitlines()) == 9


def test_models_lists_and_verifies_bundles() -> None:
    code, out, _ = invoke("models")
    assert code == 0
    for name in ("lite", "full", "heavy"):
        assert name in out
    assert "ok" in out


def test_drills_lists_all_six_with_what_is_checked() -> None:
    code, out, _ = invoke("drills")
    assert code == 0
    for drill in ("knee_hug", "quad_pull", "figure_four", "straight_leg_kick", "lateral_swing",
                  "forward_swing"):  # fmt: skip
        assert drill in out
    assert out.count("checks:") == 6
    # A fault the camera can judge from some views only says which.
    assert "toes_not_up (half side-on or side-on)" in out
    assert "hand_not_on_foot (side-on)" in out
    assert "same_side_repeated (not side-on)" in out


def test_analyze_says_when_the_runner_was_mostly_out_of_view(tmp_path: Path) -> None:
    """A rendered runner in the first 8 frames, then an empty room for 16: the count is
    reported, with one line saying why it may be short; in view throughout, no such line."""
    import cv2

    source = cv2.VideoCapture(str(Path(__file__).parents[1] / "fixtures/clips/knee_hug.mp4"))
    frames = [source.read()[1] for _ in range(8)]
    source.release()
    height, width = frames[0].shape[:2]

    def clip(name: str, empty: int) -> Path:
        path = tmp_path / name
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 15.0, (width, height))
        for frame in frames + [np.zeros_like(frames[0])] * empty:
            writer.write(frame)
        writer.release()
        return path

    code, out, err = invoke("analyze", str(clip("gone.mp4", 16)), "--drill", "knee_hug",
                            "--out", str(tmp_path / "gone"))  # fmt: skip
    assert code == 0 and "knee_hug: 0 left, 0 right" in out
    assert "found in only 33% of the frames" in err and len(err.strip().splitlines()) == 1
    code, _, err = invoke("analyze", str(clip("seen.mp4", 0)), "--drill", "knee_hug",
                          "--out", str(tmp_path / "seen"))  # fmt: skip
    assert code == 0 and "found in only" not in err


def test_analyze_rejects_an_unknown_drill(tmp_path: Path) -> None:
    code, _, err = invoke("analyze", str(tmp_path / "x.mp4"), "--drill", "cartwheel")
    assert code == 2 and "unknown drill 'cartwheel'" in err


def test_analyze_writes_a_valid_report_even_with_nobody_in_view(tmp_path: Path) -> None:
    import json

    import jsonschema

    from tests.app.test_report import schema

    clip = tmp_path / "empty.mp4"
    write_video(clip, 6, fps=10.0, size=(160, 120))
    out = tmp_path / "run"
    code, _, err = invoke("analyze", str(clip), "--drill", "knee_hug", "--out", str(out))
    assert code == 1 and "nobody was found" in err
    report = json.loads((out / "report.json").read_text())
    jsonschema.validate(report, schema())
    assert report["windows"][0]["reps"] == {"left": 0, "right": 0}
    assert report["windows"][0]["tracking"] == {"frames": 6, "pose_frames": 0}
    assert (out / "report.html").stat().st_size > 0 and (out / "reps.csv").exists()
