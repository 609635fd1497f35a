"""A whole (short) guided session over a rendered clip through the real model, as
`postrun analyze --routine` runs it: phases in order, windows where the person did the drills,
reps counted, the report written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from postrun.cli import app
from postrun.synth.truth import read_truth
from tests.app.test_report import schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_short_session_on_a_rendered_clip(tmp_path: Path) -> None:
    clip = FIXTURES / "clips" / "mini-session.mp4"
    args = ["analyze", str(clip), "--routine", str(FIXTURES / "mini-session.toml"),
            "--out", str(tmp_path)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    jsonschema.validate(report, schema())
    assert report["complete"] is True
    truth = read_truth(clip.with_suffix(".json")).windows
    windows = report["windows"]
    assert [(w["drill"], w["side"]) for w in windows] == [(t.drill, t.side) for t in truth]
    for window, true in zip(windows, truth, strict=True):
        assert window["start_s"] == pytest.approx(true.start_s, abs=0.3)
        for side in ("left", "right"):
            expected = sum(r.side == side for r in true.reps)
            assert abs(window["reps"][side] - expected) <= 1, (window["drill"], side)
        assert window["tracking"]["pose_frames"] >= 0.95 * window["tracking"]["frames"]
    for name in ("report.html", "reps.csv", "landmarks.npz"):
        assert (tmp_path / name).stat().st_size > 0
