import csv
from pathlib import Path

import numpy as np

from postrun.landmark_log import LandmarkLog, csv_header
from tests.vision.helpers import pose_in_box


def test_csv_and_npz_hold_one_row_per_frame(tmp_path: Path) -> None:
    log = LandmarkLog()
    log.add(0, 0.0, pose_in_box(0.2, 0.1, 0.6, 0.9))
    log.add(1, 0.04, None)
    log.write_csv(tmp_path / "l.csv")
    log.write_npz(tmp_path / "l.npz")
    rows = list(csv.reader((tmp_path / "l.csv").open()))
    assert rows[0] == csv_header() and len(rows[0]) == 3 + 2 * 33 * 4
    assert [r[2] for r in rows[1:]] == ["1", "0"]
    assert rows[2][3] == "nan"
    data = np.load(tmp_path / "l.npz")
    assert data["image"].shape == (2, 33, 3) and data["t_s"].tolist() == [0.0, 0.04]
    assert np.isnan(data["world"][1]).all()
    assert not list(tmp_path.glob("*.partial"))
