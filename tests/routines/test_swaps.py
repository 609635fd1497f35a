"""The standing leg read through brief left/right swaps (routines/drills/swaps.py)."""

from __future__ import annotations

import numpy as np

from postrun.routines.drills.swaps import MAX_SWAP_S, StandingLeg

FPS = 15.0
NAMES = ("thigh_forward_deg",)


def run(swinging: np.ndarray, standing: np.ndarray, may_trade: bool = True) -> np.ndarray:
    """The standing (right) thigh as StandingLeg reads it, the left one swinging."""
    leg = StandingLeg("left", NAMES)
    out = []
    for k, (swing, stand) in enumerate(zip(swinging, standing, strict=True)):
        values = {"left_thigh_forward_deg": swing, "right_thigh_forward_deg": stand}
        out.append(leg.update(k / FPS, values, may_trade)["right_thigh_forward_deg"])
    return np.array(out)


def swing(seconds: float = 4.0) -> np.ndarray:
    t = np.arange(0.0, seconds, 1.0 / FPS)
    return 20.0 + 45.0 * np.sin(2 * np.pi * t / 1.3)  # +65 forward to -25 back


def test_a_swap_at_the_front_extreme_is_traded_back() -> None:
    swinging, standing = swing(), np.full(60, 2.0)
    top = int(np.argmax(swinging[20:])) + 20
    swapped = slice(top, top + 3)  # the model names the swinging leg the standing one
    swinging[swapped], standing[swapped] = standing[swapped].copy(), swinging[swapped].copy()
    read = run(swinging, standing)
    assert np.abs(read - 2.0).max() < 1e-9
    np.testing.assert_array_equal(run(swinging, standing, may_trade=False), standing)


def test_a_marchers_other_leg_rising_is_no_swap() -> None:
    t = np.arange(0.0, 4.0, 1.0 / FPS)
    lifting = np.clip(35.0 * np.sin(2 * np.pi * t / 1.2), 0.0, None)  # up from the floor
    read = run(np.zeros_like(t), lifting)
    np.testing.assert_array_equal(read, lifting)


def test_a_walkers_legs_passing_are_no_swap() -> None:
    t = np.arange(0.0, 4.0, 1.0 / FPS)
    forward = 17.0 * np.sin(2 * np.pi * t / 1.1)
    read = run(forward, -forward)
    np.testing.assert_array_equal(read, -forward)


def test_a_trade_held_longer_than_a_glitch_is_believed() -> None:
    swinging, standing = swing(), np.full(60, 2.0)
    held = slice(20, 20 + int(3 * MAX_SWAP_S * FPS))
    swinging[held], standing[held] = standing[held].copy(), swinging[held].copy()
    read = run(swinging, standing)
    assert read[held][-1] == standing[held][-1]  # the model is believed after the hold


def _shared_at_the_front(frames: int) -> tuple[np.ndarray, np.ndarray, slice]:
    """A swing whose raised leg the model shares between both labels for ``frames`` frames at
    its front extreme (each reads part of it, neither where the other stood or swung)."""
    swinging, standing = swing(), np.full(60, 2.0)
    top = int(np.argmax(swinging[20:])) + 20
    shared = slice(top, top + frames)
    standing[shared] = np.linspace(30.0, 44.0, frames)
    swinging[shared] = 62.0 - standing[shared] - 10.0
    return swinging, standing, shared


def test_a_raised_leg_shared_between_both_labels_is_not_read_as_the_standing_one() -> None:
    swinging, standing, shared = _shared_at_the_front(4)
    read = run(swinging, standing)
    assert np.isnan(read[shared]).all()
    outside = np.ones(len(read), dtype=bool)
    outside[shared] = False
    np.testing.assert_array_equal(read[outside], standing[outside])
    np.testing.assert_array_equal(run(swinging, standing, may_trade=False), standing)


def test_a_standing_leg_up_longer_than_a_glitch_is_read_again() -> None:
    swinging, standing, shared = _shared_at_the_front(int(2 * MAX_SWAP_S * FPS))
    read = run(swinging, standing)
    assert np.isnan(read[shared][0])
    assert read[shared][-1] == standing[shared][-1]


def test_unknown_readings_pass_through() -> None:
    standing = np.full(30, np.nan)
    assert np.isnan(run(swing(2.0), standing)).all()
