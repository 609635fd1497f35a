"""Ground-truth files round-trip, and the truth agrees with the metrics run on the landmarks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from postrun.routines import metrics as m
from postrun.synth.camera import Camera
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.landmarks import synthesize
from postrun.synth.truth import clip_truth, joints_path, read_truth, write_truth
from tests.synth.helpers import motion


def test_truth_round_trips(tmp_path: Path) -> None:
    mo = motion("figure_four", 1, ("knee_too_low",), 0.5)
    camera = Camera(azimuth_deg=30, mirrored=True, height_m=1.1)
    truth = clip_truth(mo, camera)
    path = write_truth(tmp_path / "clip.truth.json", truth)
    assert joints_path(path).exists()
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.truth.json", "clip.truth.npz"]

    back = read_truth(path)
    assert (back.name, back.kind, back.fps, back.mirrored, back.seed) == (
        "figure_four",
        "drill",
        30.0,
        True,
        1,
    )
    assert back.camera == camera and back.body == mo.body
    assert len(back.reps) == len(mo.reps)
    for a, b in zip(back.reps, mo.reps, strict=True):
        assert a.side == b.side and a.faults == b.faults
        assert a.t_peak_s == pytest.approx(b.t_peak_s, abs=1e-4)
        assert a.metrics.keys() == b.metrics.keys()
        for k in a.metrics:
            assert a.metrics[k] == pytest.approx(b.metrics[k], abs=1e-3)
    assert back.windows[0].faults == ("knee_too_low",)
    np.testing.assert_allclose(back.joints, forward_kinematics(mo.dofs, mo.body), atol=5e-4)
    np.testing.assert_allclose(back.t_s, mo.t_s)
    np.testing.assert_allclose(back.dofs, mo.dofs, atol=1e-3)


def test_json_has_the_documented_fields(tmp_path: Path) -> None:
    path = write_truth(tmp_path / "a.truth.json", clip_truth(motion("lateral_swing", 0), Camera()))
    data = json.loads(path.read_text())
    for key in ("format", "version", "fps", "frames", "mirrored", "camera", "windows", "body"):
        assert key in data
    assert data["camera"]["position_m"] == pytest.approx([0.0, 1.0, 3.0])
    window = data["windows"][0]
    assert window["drill"] == "lateral_swing" and window["side"] in ("left", "right")
    rep = window["reps"][0]
    assert {"t_peak_s", "side", "metrics", "faults"} <= rep.keys()
    assert "swing_range_deg" in rep["metrics"]


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.truth.json"
    path.write_text(json.dumps({"format": "something-else", "version": 1}))
    with pytest.raises(ValueError, match="regenerate"):
        read_truth(path)


def test_swing_cycles_found_from_the_signal_match_the_truth() -> None:
    for drill, metric in (
        ("lateral_swing", m.hip_abduction_signed_deg),
        ("forward_swing", m.hip_flexion_signed_deg),
    ):
        for seed in (0, 1):
            mo = motion(drill, seed)
            assert mo.side is not None
            signal = metric(forward_kinematics(mo.dofs, mo.body), mo.side)
            found = m.swing_range_deg(signal)
            truth = [r.metrics["swing_range_deg"] for r in mo.reps]
            assert found.size == len(truth)
            np.testing.assert_allclose(found, truth, atol=1.0)


def test_metrics_on_the_mediapipe_style_world_match_the_truth() -> None:
    """Rules measuring the clean synthetic stream get the truth's peak values back."""
    mo = motion("knee_hug", 2)
    s = synthesize(mo, Camera(azimuth_deg=-40))
    for rep in mo.reps:
        i = int(np.argmin(np.abs(s.t_s - rep.t_peak_s)))
        assert m.hip_flexion_deg(s.mp_world[i], rep.side) == pytest.approx(
            rep.metrics["hip_flexion_deg"], abs=1e-6
        )
        assert m.ankle_dorsiflexion_deg(s.mp_world[i], rep.side) == pytest.approx(
            rep.metrics["ankle_dorsiflexion_deg"], abs=1e-6
        )
