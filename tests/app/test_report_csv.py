"""reps.csv: one row per rep, every metric its own column, blanks where not measured."""

from __future__ import annotations

import csv
from pathlib import Path

from postrun.report_csv import reps_table, write_reps_csv
from tests.app.test_report_html import partial_report, session_report


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_columns_and_rows_of_a_partial_session(tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    write_reps_csv(partial_report(), path)
    header = path.read_text("utf-8").splitlines()[0].split(",")
    assert header == [
        "window", "drill", "window_side", "t_s", "side",
        "hip_flexion_deg", "trunk_lean_deg", "knee_flexion_deg", "ankle_cross",
        "faults",
    ]  # fmt: skip
    rows = read(path)
    # 10 knee hug + 8 quad pull + 1 figure four; the empty kick window adds no row
    assert len(rows) == 19
    assert [r["window"] for r in rows] == ["0"] * 10 + ["1"] * 8 + ["2"]
    first = rows[0]
    assert first == {
        "window": "0", "drill": "knee_hug", "window_side": "", "t_s": "1.2", "side": "left",
        "hip_flexion_deg": "104.0", "trunk_lean_deg": "4.0", "knee_flexion_deg": "",
        "ankle_cross": "", "faults": "",
    }  # fmt: skip
    assert rows[2]["faults"] == "knee_too_low;toes_not_up"
    assert rows[15]["knee_flexion_deg"] == ""  # measured as None
    last = rows[-1]
    assert last["drill"] == "figure_four" and last["t_s"] == "52.0"
    assert last["ankle_cross"] == "" and last["hip_flexion_deg"] == ""


def test_one_sided_windows_carry_their_side(tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    write_reps_csv(session_report(), path)
    rows = read(path)
    assert len(rows) == 75
    swings = [r for r in rows if r["drill"] == "lateral_swing"]
    assert {(r["window"], r["window_side"], r["side"]) for r in swings} == {
        ("4", "left", "left"),
        ("5", "right", "right"),
    }
    assert all(r["swing_range_deg"] for r in swings)
    assert all(r["swing_range_deg"] == "" for r in rows if r["drill"] == "knee_hug")
    assert sum(r["faults"] == "swing_too_small" for r in swings) == 1


def test_a_report_without_reps_gives_a_header_only(tmp_path: Path) -> None:
    report = partial_report()
    report["windows"] = report["windows"][3:]
    header, rows = reps_table(report)
    assert header == ["window", "drill", "window_side", "t_s", "side", "faults"]
    assert rows == []
    write_reps_csv(report, tmp_path / "reps.csv")
    assert (tmp_path / "reps.csv").read_text("utf-8") == ",".join(header) + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["reps.csv"]  # no temporary file left over
