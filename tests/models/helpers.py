"""Shared helpers for the model-bundle tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from postrun.models import registry

MODELS_DIR: Path = registry.package_dir()
SHIPPED = ("lite", "full")


def registry_json() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((MODELS_DIR / "registry.json").read_text("utf-8"))
    return loaded


def shipped_path(name: str) -> Path:
    return MODELS_DIR / str(registry_json()["bundles"][name]["file"])


def assert_one_sentence(message: str) -> None:
    """A ModelError message: one line, one sentence, ending with a full stop."""
    assert "\n" not in message
    assert message.endswith("."), message
    assert ". " not in message, message
    assert message[0].isupper(), message
