"""Fixtures for the model-bundle tests."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.models.helpers import MODELS_DIR


@pytest.fixture(scope="session")
def recipe() -> ModuleType:
    """models/recipe/build_bundles.py, imported by path (its top level needs only the stdlib)."""
    path = MODELS_DIR / "recipe" / "build_bundles.py"
    if not path.is_file():
        pytest.skip("the recipe ships only in a source checkout")
    spec = importlib.util.spec_from_file_location("postrun_build_bundles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
