"""Routine files: the bundled post-run routine, and one clear sentence for a bad user file."""

from __future__ import annotations

from pathlib import Path

import pytest

from postrun.routines.routine import load_routine
from postrun.routines.thresholds import ConfigError


def test_bundled_routine_follows_the_source() -> None:
    routine = load_routine("post-run")
    assert routine.name == "post-run"
    assert [(w.drill, w.side) for w in routine.windows] == [
        ("knee_hug", None),
        ("quad_pull", None),
        ("figure_four", None),
        ("straight_leg_kick", None),
        ("lateral_swing", "left"),
        ("lateral_swing", "right"),
        ("forward_swing", "left"),
        ("forward_swing", "right"),
    ]
    assert all(w.duration_s == 20.0 for w in routine.windows)
    first, *rest = routine.windows
    assert first.get_ready_s > max(w.get_ready_s for w in rest) > 0
    assert all(w.summary_s > 0 for w in routine.windows)
    assert routine.active_s == 160.0
    assert routine.total_s == pytest.approx(sum(w.get_ready_s + 24.0 for w in routine.windows))


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text)
    return str(path)


def test_user_routine_with_defaults_and_levels(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        name = "short"
        level = "gentle"
        [defaults]
        duration_s = 10
        get_ready_s = 2
        [[window]]
        drill = "knee_hug"
        [[window]]
        drill = "forward_swing"
        side = "right"
        duration_s = 15.5
        summary_s = 0
        level = "deep"
        """,
    )
    routine = load_routine(path)
    assert routine.name == "short" and routine.level == "gentle" and routine.source == path
    hug, swing = routine.windows
    assert (hug.duration_s, hug.get_ready_s, hug.summary_s, hug.side, hug.level) == (
        10.0,
        2.0,
        4.0,
        None,
        None,
    )
    assert (swing.duration_s, swing.summary_s, swing.side, swing.level) == (
        15.5,
        0.0,
        "right",
        "deep",
    )


_HUG = '[[window]]\ndrill = "knee_hug"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_HUG + '[[window]]\ndrill = "knee_hugs"\n', ["window 2", "unknown drill 'knee_hugs'"]),
        (_HUG + "[[window]]\nduration_s = 20\n", ["window 2", "'drill' is missing"]),
        (_HUG + 'sid = "left"\n', ["window 1", "unknown key 'sid'"]),
        ('[[window]]\ndrill = "lateral_swing"\nside = "up"\n', ["window 1", "side must be"]),
        (_HUG + "duration_s = 0\n", ["window 1", "duration_s must be a positive"]),
        (_HUG + "duration_s = -5\n", ["window 1", "duration_s must be a positive"]),
        (_HUG + 'duration_s = "20"\n', ["window 1", "duration_s must be a number"]),
        (_HUG + "get_ready_s = -1\n", ["window 1", "get_ready_s cannot be negative"]),
        (_HUG + 'side = "left"\n', ["window 1", "knee_hug alternates legs", "remove 'side'"]),
        ('[[window]]\ndrill = "forward_swing"\n', ["window 1", "add side"]),
        (_HUG + 'level = "hard"\n', ["window 1", "level must be gentle, default or deep"]),
        ('name = "x"\n', ["no [[window]] tables"]),
        ("tempo = 3\n" + _HUG, ["unknown key 'tempo'"]),
        ("[defaults]\nduration = 20\n" + _HUG, ["[defaults]", "unknown key 'duration'"]),
        (_HUG + "drill = [\n", ["is not valid TOML"]),
    ],
)
def test_bad_routine_file_is_one_clear_sentence(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_routine(path)
    message = str(err.value)
    assert message.startswith(path)
    for part in expected:
        assert part in message
    assert "\n" not in message and message.endswith(".")
    assert "Traceback" not in message


def test_unknown_name_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No routine named 'post_run': use post-run"):
        load_routine("post_run")
    with pytest.raises(ConfigError, match=r"Cannot read routine file .*nope\.toml"):
        load_routine(str(tmp_path / "nope.toml"))
