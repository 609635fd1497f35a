"""Thresholds: defaults < level < the user's file; bad files end in one clear sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from postrun.routines.drills import DRILLS
from postrun.routines.thresholds import LEVELS, ConfigError, Thresholds, load_thresholds


def _lines(level: str) -> dict[tuple[str, str], tuple[str, float]]:
    """(drill, threshold key) -> (direction, value) of every fault line."""
    th = load_thresholds(level)  # type: ignore[arg-type]
    return {
        (drill, rule.threshold_key): (rule.direction, th.of(drill)[rule.threshold_key])
        for drill, spec in DRILLS.items()
        for rule in spec.faults
    }


def test_every_drill_has_every_fault_line() -> None:
    for level in LEVELS:
        th = load_thresholds(level)
        assert th.level == level
        for drill, spec in DRILLS.items():
            limits = th.of(drill)
            assert all(rule.threshold_key in limits for rule in spec.faults), drill
            assert spec.gauge.target_key in limits


@pytest.mark.parametrize(("easier", "harder"), [("gentle", "default"), ("default", "deep")])
def test_levels_move_the_fault_lines_the_documented_way(easier: str, harder: str) -> None:
    """Gentle asks for less range, deep for more: a "below" line (a minimum to reach) never
    rises from gentle to default to deep, an "above" line (a maximum to keep under) never
    falls; and every drill asks something different at each level."""
    low, high = _lines(easier), _lines(harder)
    changed = set()
    for key, (direction, value) in low.items():
        other = high[key][1]
        if direction == "below":
            assert value <= other, key
        else:
            assert value >= other, key
        if value != other:
            changed.add(key[0])
    assert changed == set(DRILLS)


def test_the_range_lines_by_level() -> None:
    knee = [load_thresholds(level).of("knee_hug")["knee_too_low_below"] for level in LEVELS]
    assert knee[0] < knee[1] < knee[2]
    kick = [load_thresholds(level).of("straight_leg_kick") for level in LEVELS]
    assert kick[0]["knee_bent_above"] > kick[1]["knee_bent_above"] > kick[2]["knee_bent_above"]
    # Levels change the fault lines, not what counts as a rep.
    counts = {
        level: {d: load_thresholds(level).of(d).get("count_enter") for d in DRILLS}
        for level in LEVELS
    }
    assert counts["gentle"] == counts["default"] == counts["deep"]


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_overrides_a_key_and_leaves_the_rest(tmp_path: Path) -> None:
    path = _file(tmp_path, "[knee_hug]\nknee_too_low_below = 92\n[common]\nmin_rep_s = 0.4\n")
    base, mine = load_thresholds(), load_thresholds(user_file=path)
    assert mine.of("knee_hug")["knee_too_low_below"] == 92.0
    assert mine.common["min_rep_s"] == 0.4
    assert {k: v for k, v in mine.of("knee_hug").items() if k != "knee_too_low_below"} == {
        k: v for k, v in base.of("knee_hug").items() if k != "knee_too_low_below"
    }
    assert mine.of("quad_pull") == base.of("quad_pull")
    # The user's file beats the level; the user's own level section applies at that level.
    assert load_thresholds("deep", path).of("knee_hug")["knee_too_low_below"] == 92.0
    path = _file(tmp_path, "[levels.deep.knee_hug]\nknee_too_low_below = 110\n")
    assert load_thresholds("deep", path).of("knee_hug")["knee_too_low_below"] == 110.0
    assert load_thresholds("default", path).of("knee_hug") == base.of("knee_hug")


def _error(path: Path, level: str = "default") -> str:
    with pytest.raises(ConfigError) as info:
        load_thresholds(level, path)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message.strip() == message
    return message


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("[knee_hugs]\nknee_too_low_below = 90\n", "knee_hugs"),
        ("[knee_hug]\nknee_too_low = 90\n", "knee_too_low"),
        ("[knee_hug]\nknee_too_low_below = 'high'\n", "knee_too_low_below"),
        ("[knee_hug]\nknee_too_low_below = true\n", "knee_too_low_below"),
        ("[knee_hug]\nknee_too_low_below = [90]\n", "knee_too_low_below"),
        ("knee_hug = 90\n", "knee_hug"),
        ("[levels.deep.knee_hug]\nknee_too_high = 1\n", "knee_too_high"),
    ],
)
def test_a_bad_key_is_one_line_naming_the_key_and_the_file(
    tmp_path: Path, text: str, names: str
) -> None:
    message = _error(_file(tmp_path, text), "deep")
    assert names in message and "mine.toml" in message


def test_a_file_that_cannot_be_read_or_parsed(tmp_path: Path) -> None:
    assert "missing.toml" in _error(tmp_path / "missing.toml")
    message = _error(_file(tmp_path, "[knee_hug\n"))
    assert "mine.toml" in message and "TOML" in message


def test_count_exit_not_below_count_enter_is_refused(tmp_path: Path) -> None:
    for exit_ in (50, 60):
        path = _file(tmp_path, f"[knee_hug]\ncount_enter = 50\ncount_exit = {exit_}\n")
        message = _error(path)
        assert "count_exit" in message and "count_enter" in message and "knee_hug" in message


def test_count_exit_error_names_the_file(tmp_path: Path) -> None:
    path = _file(tmp_path, "[knee_hug]\ncount_exit = 60\n")
    assert "mine.toml" in _error(path)


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ConfigError, match="gentle, default or deep"):
        load_thresholds("extreme")  # type: ignore[arg-type]


def test_thresholds_are_plain_numbers() -> None:
    th: Thresholds = load_thresholds()
    values = [*th.common.values(), *(v for d in th.drills.values() for v in d.values())]
    assert all(isinstance(v, float) for v in values)
