"""report.html: content, escaping, self-containedness, and the `postrun report` command."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from postrun.cli import app
from postrun.report import Cue, SourceInfo, WindowRecord, build_report, write_report
from postrun.report_files import write_session_outputs
from postrun.report_html import render_html, write_html
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.thresholds import Level, load_thresholds

CHROMIUM = Path("/usr/bin/chromium")
runner = CliRunner()

# --------------------------------------------------------------------------------------------
# Sample reports


_CROSSED = load_thresholds().of("figure_four")["ankle_not_crossed_below"]


def _line(drill: str, key: str, level: Level = "default") -> int:
    """A bundled threshold as the page prints it (whole degrees)."""
    return round(load_thresholds(level).of(drill)[key])


def rep(t: float, side: str, metrics: dict[str, float | None], *faults: str) -> RepEvent:
    return RepEvent(t, side, metrics, tuple(faults), t - 0.6, t + 0.6)  # type: ignore[arg-type]


def _alternating(
    start: float, metric: str, values: list[float | None], faults: dict[int, tuple[str, ...]]
) -> list[RepEvent]:
    out = []
    for i, value in enumerate(values):
        side = "left" if i % 2 == 0 else "right"
        metrics = {metric: value, "trunk_lean_deg": 4.0 + i % 3}
        out.append(rep(start + 1.2 + i * 1.9, side, metrics, *faults.get(i, ())))
    return out


def _one_side(start: float, side: str, values: list[float], low: float) -> list[RepEvent]:
    return [
        rep(
            start + 1.0 + i * 1.6,
            side,
            {"swing_range_deg": v, "knee_flexion_deg": 8.0},
            *(("swing_too_small",) if v < low else ()),
        )
        for i, v in enumerate(values)
    ]


SOURCE = SourceInfo("camera", None, 30.0, 5400, True)
MODEL = {"name": "full", "sha256": "0" * 64}


def session_windows() -> list[WindowRecord]:
    """The default post-run routine: four alternating drills, then two swings per side."""
    hug = _alternating(
        0.0,
        "hip_flexion_deg",
        [104, 110, 79, 112, 98, 115, 81, 108, 101, 106],
        {2: ("knee_too_low", "toes_not_up"), 6: ("knee_too_low",), 7: ("toes_not_up",)},
    )
    quad = _alternating(
        25.0,
        "knee_flexion_deg",
        [138, 131, 142, 109, 136, None, 140, 133],
        {3: ("heel_not_to_glute",), 4: ("trunk_leaning",)},
    )
    fig4 = [
        rep(
            50.0 + 1.5 + i * 2.3,
            "left" if i % 2 == 0 else "right",
            {"ankle_cross": v, "hip_flexion_deg": 88.0 + i, "figure_four_hands": 0.3},
            *(("ankle_not_crossed",) if v < _CROSSED else ()),
        )
        for i, v in enumerate([0.31, 0.32, 0.12, 0.27, 0.35, 0.29, 0.28])
    ]
    kick = _alternating(
        75.0,
        "hip_flexion_deg",
        [82, 88, 61, 90, 85, 87, 79, 92, 84],
        {2: ("kick_too_low", "knee_bent")},
    )
    return [
        WindowRecord(
            0,
            "knee_hug",
            None,
            0.0,
            20.0,
            hug,
            600,
            596,
            (Cue(5.1, "Knee higher"), Cue(14.2, "Toes up"), Cue(17.0, "Good hug")),
        ),
        WindowRecord(
            1, "quad_pull", None, 25.0, 45.0, quad, 600, 571, (Cue(31.0, "Heel to glute"),)
        ),
        WindowRecord(
            2, "figure_four", None, 50.0, 70.0, fig4, 600, 588, (Cue(57.0, "Foot across"),)
        ),
        WindowRecord(
            3, "straight_leg_kick", None, 75.0, 95.0, kick, 600, 599, (Cue(80.0, "Kick higher"),)
        ),
        WindowRecord(
            4,
            "lateral_swing",
            "left",
            100.0,
            120.0,
            _one_side(100.0, "left", [52, 55, 49, 58, 54, 51, 56, 53, 50, 55, 57], 40),
            600,
            600,
        ),
        WindowRecord(
            5,
            "lateral_swing",
            "right",
            122.0,
            142.0,
            _one_side(122.0, "right", [44, 47, 38, 45, 46, 43, 48, 41, 45, 44], 40),
            600,
            597,
            (Cue(127.0, "Swing wider"),),
        ),
        WindowRecord(
            6,
            "forward_swing",
            "left",
            147.0,
            167.0,
            _one_side(147.0, "left", [82, 86, 88, 85, 90, 87, 84, 89, 86, 88], 60),
            600,
            600,
        ),
        WindowRecord(
            7,
            "forward_swing",
            "right",
            169.0,
            189.0,
            _one_side(169.0, "right", [78, 81, 57, 83, 80, 84, 82, 79, 85, 81], 60),
            600,
            548,
            (Cue(176.0, "Swing wider"),),
        ),
    ]


def session_report() -> dict[str, Any]:
    report = build_report(SOURCE, MODEL, session_windows(), complete=True)
    report["created"] = "2025-06-14T08:12:03+02:00"
    return report


def partial_report() -> dict[str, Any]:
    """Quit during the third window: one empty window, reps whose key measure is None."""
    windows = session_windows()[:2]
    windows.append(
        WindowRecord(
            2,
            "figure_four",
            None,
            50.0,
            58.5,
            [rep(52.0, "left", {"ankle_cross": None, "hip_flexion_deg": None})],
            255,
            120,
        )
    )
    windows.append(WindowRecord(3, "straight_leg_kick", None, 60.0, 61.0, [], 30, 0))
    report = build_report(SOURCE, MODEL, windows, complete=False, level="gentle")
    report["created"] = "2025-06-14T08:20:00+02:00"
    return report


def hostile_report() -> dict[str, Any]:
    evil = "<script>alert('x')</script>"
    window = WindowRecord(
        0,
        evil,
        None,
        0.0,
        20.0,
        [rep(1.0, "left", {"hip_flexion_deg": 90.0}, evil)],
        600,
        600,
        (Cue(2.0, evil + ' "quoted" & <b>bold</b>'),),
    )
    report = build_report(
        SourceInfo("video", evil + ".mp4", 30.0, 600, False), MODEL, [window], complete=True
    )
    report["created"] = evil
    return report


# --------------------------------------------------------------------------------------------
# The page


def test_page_shows_every_window_with_titles_counts_and_targets() -> None:
    page = render_html(session_report())
    for index in range(8):
        assert f'id="window-{index}"' in page
    for title in (
        "Knee hug (hamstrings &amp; glutes)",
        "Quad pull",
        "Figure four",
        "Straight-leg kick",
        "Hip swing sideways",
        "Hip swing forward",
    ):
        assert title in page
    assert "Saturday 14 June 2025, 08:12" in page
    assert '<span class="badge ok">Complete</span>' in page and "ended early" not in page
    assert "Total reps</dt><dd>75 " in page
    assert f"target ≥ {_line('knee_hug', 'knee_too_low_below')}°" in page  # default level
    assert f"target ≥ {_CROSSED:.2f}\u00a0hip widths" in page  # figure four's measure: no angle
    assert "Knee too low" in page and "Knee higher" in page  # fault and its cue
    # the session's most frequent fault; a tie goes to the one the drill cues first
    assert (
        "Most frequent fault: knee too low (2 reps): next time, think <strong>Knee higher" in page
    )
    assert "Cues shown during the window: Knee higher, Toes up, Good hug." in page
    assert "596 of 600 frames (99%, good)" in page
    assert 'href="#window-5"' in page and 'href="#window-4"' in page  # swing sides paired
    for reminder in ("rehydrate", "nutrition", "sleep", "30 to 60 seconds", "Listen to your body"):
        assert reminder in page


def test_an_early_ended_session_is_flagged_and_empty_windows_render() -> None:
    page = render_html(partial_report())
    assert '<span class="badge early">Ended early</span>' in page
    assert "This session ended early." in page
    assert "No reps were recorded in this window." in page
    assert "1 rep could not be measured." in page  # quad pull
    assert "The foot across of no rep could be measured" in page  # figure four
    assert "not measured" in page
    gentle = _line("quad_pull", "heel_not_to_glute_below", "gentle")
    assert gentle != _line("quad_pull", "heel_not_to_glute_below")
    assert f"target ≥ {gentle}°" in page  # quad pull at the gentle level
    assert "Tracking: no frames recorded." not in page
    assert "0 of 30 frames (0%, poor)" in page


def test_report_strings_are_escaped() -> None:
    page = render_html(hostile_report())
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&quot;quoted&quot; &amp; &lt;b&gt;" in page


@pytest.mark.parametrize("make", [session_report, partial_report, hostile_report])
def test_page_is_self_contained_and_charts_have_text(make: Any) -> None:
    page = render_html(make())
    assert not re.search(r"https?://", page)
    assert "<script" not in page.lower()
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert "url(" not in page and "@import" not in page
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.S)
    assert svgs or make is hostile_report
    for svg in svgs:
        assert 'role="img"' in svg
        labels = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert labels is not None
        for ident in labels.group(1).split():
            text = re.search(rf'id="{ident}">([^<]+)<', svg)
            assert text is not None and len(text.group(1).strip()) > 10
    assert page.count('<html lang="en">') == 1 and '<meta name="viewport"' in page


def test_chart_description_reads_the_values() -> None:
    page = render_html(session_report())
    desc = re.search(r'id="window-0-chart-desc">([^<]+)<', page)
    assert desc is not None
    assert desc.group(1).startswith("Knee height per rep. Left leg: 104° at 1.2 s, ")
    assert f"Target ≥ {_line('knee_hug', 'knee_too_low_below')}°." in desc.group(1)


def test_write_session_outputs(tmp_path: Path) -> None:
    report = session_report()
    paths = write_session_outputs(report, tmp_path)
    assert [p.name for p in paths] == ["report.html", "reps.csv"]
    assert paths[0].read_text("utf-8") == render_html(report)
    assert len(paths[1].read_text("utf-8").splitlines()) == 1 + 75
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "reps.csv"]


# --------------------------------------------------------------------------------------------
# `postrun report SESSION_DIR`


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_command_rebuilds_html_and_csv(tmp_path: Path) -> None:
    write_report(tmp_path / "report.json", partial_report())
    (tmp_path / "report.html").write_text("stale")
    code, out, err = invoke("report", str(tmp_path))
    assert code == 0, err
    assert "report.html" in out and "reps.csv" in out
    assert "Ended early" in (tmp_path / "report.html").read_text("utf-8")
    assert (tmp_path / "reps.csv").read_text("utf-8").startswith("window,drill,")


def _breakages(tmp_path: Path) -> list[tuple[Path, str]]:
    cases: list[tuple[Path, str]] = [(tmp_path / "nowhere", "No session folder at")]
    empty = tmp_path / "empty"
    empty.mkdir()
    cases.append((empty, "No report.json in"))
    for name, text, message in [
        ("bad-json", "{not json", "is not valid JSON (line 1, column 2"),
        ("v2", json.dumps({**session_report(), "schema_version": 2}), "schema version 2"),
        ("list", "[]", "is not a postrun report"),
        (
            "no-windows",
            json.dumps({"schema_version": 1, "generator": "postrun 0.1.0"}),
            "does not match the report schema",
        ),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.json").write_text(text)
        cases.append((folder, message))
    broken = session_report()
    broken["windows"][0]["rep_events"][0]["side"] = "up"
    folder = tmp_path / "bad-side"
    write_report(folder / "report.json", broken)
    cases.append((folder, "at windows/0/rep_events/0/side: 'up' is not one of"))
    unwritable = tmp_path / "unwritable"
    write_report(unwritable / "report.json", session_report())
    (unwritable / "report.html").mkdir()  # a folder where the page should go: cannot replace
    cases.append((unwritable, "Cannot write"))
    return cases


def test_report_command_errors_are_one_sentence(tmp_path: Path) -> None:
    for folder, message in _breakages(tmp_path):
        code, out, err = invoke("report", str(folder))
        assert code == 2, (folder, out, err)
        assert message in err, (folder, err)
        assert len(err.strip().splitlines()) == 1 and err.strip().endswith(".")
        assert "Traceback" not in out + err


def test_report_command_without_jsonschema(tmp_path: Path, monkeypatch: Any) -> None:
    import builtins

    real_import = builtins.__import__

    def no_jsonschema(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "jsonschema":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jsonschema)
    write_report(tmp_path / "ok" / "report.json", session_report())
    assert invoke("report", str(tmp_path / "ok"))[0] == 0
    broken = session_report()
    del broken["windows"][1]["tracking"]
    write_report(tmp_path / "bad" / "report.json", broken)
    code, _, err = invoke("report", str(tmp_path / "bad"))
    assert code == 2 and "window 1 lacks 'tracking'" in err


def test_report_command_explains_itself() -> None:
    code, out, _ = invoke("report", "--help")
    assert code == 0 and "report.json" in out


# --------------------------------------------------------------------------------------------
# Headless Chromium


def screenshot(html: Path, png: Path, profile: Path, size: str = "1200,2000") -> None:
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
@pytest.mark.parametrize("size", ["1200,2000", "390,1600"])  # a laptop and a phone
def test_page_renders_in_headless_chromium(tmp_path: Path, size: str) -> None:
    cv2 = pytest.importorskip("cv2")
    html = tmp_path / "report.html"
    write_html(session_report(), html)
    png = tmp_path / "shot.png"
    screenshot(html, png, tmp_path / "profile", size)
    image = cv2.imread(str(png))
    assert image is not None
    width, height = (int(v) for v in size.split(","))
    assert image.shape[:2] == (height, width)
    flat = image.reshape(-1, 3)
    assert len(np.unique(flat[:: max(1, len(flat) // 200_000)], axis=0)) > 20  # not blank
    # the stylesheet applied: the page's grey (#f3f4f6) shows between the white cards
    assert (image == np.array([246, 244, 243], dtype=np.uint8)).all(axis=2).mean() > 0.02
