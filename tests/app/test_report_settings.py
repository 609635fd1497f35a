"""--level and --thresholds are recorded in report.json (``settings``) and used by the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from postrun.cli import app
from postrun.report import RunSettings, build_report
from postrun.report_html import render_html
from postrun.routines.thresholds import load_thresholds
from tests.app.test_report import schema
from tests.app.test_report_html import MODEL, SOURCE, session_windows
from tests.vision.test_sources import write_video

runner = CliRunner()


def user_thresholds(folder: Path) -> Path:
    """A user's file: plain overrides, one per level, and one that repeats a bundled value."""
    bundled = load_thresholds("deep").of("knee_hug")["trunk_leaning_above"]
    path = folder / "mine.toml"
    path.write_text(
        "[common]\nmin_visibility = 0.6\n"
        f"[knee_hug]\ntoes_not_up_below = 8\ntrunk_leaning_above = {bundled}\n"
        "[levels.deep.quad_pull]\nheel_not_to_glute_below = 141\n"
        "[levels.gentle.quad_pull]\nheel_not_to_glute_below = 91\n"
    )
    return path


# What the rules used at --level deep: the gentle section and the repeated value are no change.
DEEP_OVERRIDES = {
    "common": {"min_visibility": 0.6},
    "knee_hug": {"toes_not_up_below": 8.0},
    "quad_pull": {"heel_not_to_glute_below": 141.0},
}


def run(tmp_path: Path, *args: str) -> dict[str, Any]:
    clip = tmp_path / "clip.mp4"
    write_video(clip, 6, fps=10.0, size=(160, 120))
    out = tmp_path / "run"
    result = runner.invoke(app, ["analyze", str(clip), "--out", str(out), *args])
    assert "Traceback" not in result.stderr, result.stderr
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    jsonschema.validate(report, schema())
    return report


@pytest.mark.parametrize("what", [["--drill", "knee_hug"], ["--routine", "post-run"]])
def test_level_and_thresholds_file_are_recorded(tmp_path: Path, what: list[str]) -> None:
    mine = user_thresholds(tmp_path)
    report = run(tmp_path, *what, "--level", "deep", "--thresholds", str(mine))
    assert report["level"] == "deep"
    assert report["settings"] == {
        "level": "deep",
        "thresholds_file": str(mine),
        "overrides": DEEP_OVERRIDES,
    }


def test_a_routine_level_is_the_report_level_when_no_level_is_given(tmp_path: Path) -> None:
    routine = tmp_path / "gentle.toml"
    routine.write_text('name = "gentle"\nlevel = "gentle"\n[[window]]\ndrill = "knee_hug"\n')
    report = run(tmp_path, "--routine", str(routine))
    assert report["level"] == "gentle"
    assert report["settings"] == {"level": None, "thresholds_file": None, "overrides": {}}


def test_the_page_judges_against_the_user_thresholds() -> None:
    bundled = load_thresholds("default").drills
    overrides = {"knee_hug": {"knee_too_low_below": 77.0}}
    settings = RunSettings("default", "mine.toml", overrides)
    page = render_html(build_report(SOURCE, MODEL, session_windows(), complete=True,
                                    settings=settings))  # fmt: skip
    assert "target ≥ 77°" in page
    assert f"target ≥ {bundled['knee_hug']['knee_too_low_below']:.0f}°" not in page
    # a drill the file leaves alone keeps the bundled target
    assert f"target ≥ {bundled['quad_pull']['heel_not_to_glute_below']:.0f}°" in page
    assert "your thresholds: mine.toml" in page
