"""Builders shared by the synthetic-data tests."""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS, INDEX
from postrun.synth.motion import Motion
from postrun.synth.motions import generate

FloatArray = NDArray[np.float64]


def pose(**values: float) -> FloatArray:
    """One DOF row, zero except the named DOFs."""
    q = np.zeros(len(DOFS))
    for name, value in values.items():
        q[INDEX[name]] = value
    return q


@cache
def motion(name: str, seed: int = 0, faults: tuple[str, ...] = (), rate: float = 1.0) -> Motion:
    """Generated motions are reused across tests (they are immutable)."""
    return generate(name, seed=seed, faults=faults, fault_rate=rate)
