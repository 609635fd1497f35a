"""The real MediaPipe model on rendered people (the committed clips in tests/fixtures/clips):
it finds them, puts their joints where the ground truth says, keeps left and right anatomical,
and the CLI turns a clip into a valid report."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

from postrun.cli import app
from postrun.models.registry import resolve_model
from postrun.synth.truth import ClipTruth, read_truth
from postrun.vision.landmarks import INDEX
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.sources import open_source
from postrun.vision.tracking import PersonSelector
from tests.app.test_report import schema

CLIPS = Path(__file__).resolve().parents[1] / "fixtures" / "clips"
LEGS = [INDEX[f"{s}_{j}"] for s in ("left", "right") for j in ("hip", "knee", "ankle")]


@cache
def detect(name: str, mirrored: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Image landmarks in pixels (T, 33, 2), NaN where nobody was found, and the found mask."""
    found, points = [], []
    select = PersonSelector()
    path = CLIPS / f"{name}.mp4"
    with (
        open_source(path, mirrored=mirrored) as source,
        MediaPipePoseEstimator(resolve_model("full").path) as estimator,
    ):
        for frame in source:
            pose = select(estimator.estimate(frame), frame.t_s)
            w, h = frame.size
            found.append(pose is not None)
            xy = np.full((33, 2), np.nan) if pose is None else pose.image[:, :2] * (w, h)
            points.append(xy)
    return np.array(points), np.array(found)


def truth(name: str) -> ClipTruth:
    return read_truth(CLIPS / f"{name}.json")


def leg_errors(name: str, mirrored: bool = False) -> np.ndarray:
    """Pixel distance of each detected hip/knee/ankle from its true projection."""
    t = truth(name)
    camera = dataclasses.replace(t.camera, mirrored=t.camera.mirrored and not mirrored)
    expected = camera.project(t.joints)
    got, _ = detect(name, mirrored)
    n = min(len(got), len(expected))
    return np.linalg.norm(got[:n, LEGS] - expected[:n, LEGS], axis=-1)


@pytest.mark.parametrize(
    "name", ["standing", "knee_hug", "quad_pull", "straight_leg_kick", "forward_swing"]
)
def test_the_model_finds_the_person_and_their_legs(name: str) -> None:
    _, found = detect(name)
    assert found.mean() >= 0.95
    errors = leg_errors(name)
    height = truth(name).camera.height
    assert np.nanmedian(errors) < 0.03 * height  # within ~15 px on a 480-px-high frame


def test_a_mirrored_recording_keeps_anatomical_sides() -> None:
    """The clip was recorded as a selfie view; unflipped with mirrored=True, the model's left
    hip, knee and ankle land on the person's real left ones (not their right)."""
    name = "knee_hug-toes_not_up"
    assert truth(name).mirrored
    errors = leg_errors(name, mirrored=True)
    assert np.nanmedian(errors) < 0.03 * truth(name).camera.height
    t = truth(name)
    camera = dataclasses.replace(t.camera, mirrored=False)
    expected = camera.project(t.joints)
    got, _ = detect(name, mirrored=True)
    left, right = INDEX["left_hip"], INDEX["right_hip"]
    n = min(len(got), len(expected))
    same = np.nanmedian(np.linalg.norm(got[:n, left] - expected[:n, left], axis=-1))
    swapped = np.nanmedian(np.linalg.norm(got[:n, left] - expected[:n, right], axis=-1))
    assert same < swapped


def test_analyze_counts_a_rendered_knee_hug(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(CLIPS / "knee_hug.mp4"),
            "--drill",
            "knee_hug",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    jsonschema.validate(report, schema())
    window = report["windows"][0]
    reps = truth("knee_hug").windows[0].reps
    for side in ("left", "right"):
        assert abs(window["reps"][side] - sum(r.side == side for r in reps)) <= 1
    assert window["tracking"]["pose_frames"] >= 0.95 * window["tracking"]["frames"]
