import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from postrun.report import Cue, SourceInfo, WindowRecord, build_report, write_report
from postrun.routines.drills.tracker import RepEvent


def schema() -> dict:  # type: ignore[type-arg]
    text = resources.files("postrun.data").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def sample_report(complete: bool = True) -> dict:  # type: ignore[type-arg]
    reps = [
        RepEvent(
            1.9,
            "left",
            {"hip_flexion_deg": 112.04, "ankle_dorsiflexion_deg": None},
            ("toes_not_up",),
            1.2,
            2.6,
        ),
        RepEvent(4.0, "right", {"hip_flexion_deg": 108.0}, (), 3.3, 4.6),
        RepEvent(6.1, "left", {"hip_flexion_deg": 99.0}, ("toes_not_up",), 5.4, 6.8),
    ]
    window = WindowRecord(0, "knee_hug", None, 0.0, 20.0, reps, 600, 597, (Cue(3.1, "Toes up"),))
    source = SourceInfo("video", "clip.mp4", 30.0, 600, False)
    return build_report(source, {"name": "full", "sha256": "a" * 64}, [window], complete=complete)


def test_report_matches_the_schema_and_the_contract(tmp_path: Path) -> None:
    report = sample_report()
    jsonschema.validate(report, schema())
    window = report["windows"][0]
    assert report["schema_version"] == 1 and report["generator"].startswith("postrun ")
    assert window["reps"] == {"left": 2, "right": 1}
    assert window["faults"] == {"toes_not_up": 2}
    assert window["rep_events"][0]["metrics"] == {
        "hip_flexion_deg": 112.04,
        "ankle_dorsiflexion_deg": None,
    }
    assert window["tracking"] == {"frames": 600, "pose_frames": 597}
    assert report["settings"] == {"level": None, "thresholds_file": None, "overrides": {}}
    write_report(tmp_path / "report.json", report)
    assert json.loads((tmp_path / "report.json").read_text()) == report


@pytest.mark.parametrize(
    "breakage",
    [
        lambda r: r.update(schema_version=2),
        lambda r: r["windows"][0]["rep_events"][0].update(side="up"),
        lambda r: r["windows"][0].pop("reps"),
        lambda r: r["source"].update(kind="tape"),
        lambda r: r["settings"].update(level="extreme"),
        lambda r: r["settings"].update(overrides={"knee_hug": {"knee_too_low_below": "high"}}),
    ],
)
def test_schema_rejects_broken_reports(breakage) -> None:  # type: ignore[no-untyped-def]
    report = sample_report()
    breakage(report)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema())
