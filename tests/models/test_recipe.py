"""The recipe's zip writer: deterministic, stored, 4-byte aligned, and it reproduces the bundles."""

from __future__ import annotations

import io
import zipfile
from types import ModuleType

import pytest

from postrun.models import registry
from tests.models.helpers import SHIPPED, registry_json, shipped_path


@pytest.mark.parametrize("name", SHIPPED)
def test_writer_reproduces_the_shipped_bundle_byte_for_byte(recipe: ModuleType, name: str) -> None:
    data = shipped_path(name).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        members = {m: bundle.read(m) for m in bundle.namelist()}
    assert recipe.write_bundle(members) == data


@pytest.mark.parametrize("name_length", range(1, 9))
def test_writer_aligns_any_member_name(recipe: ModuleType, name_length: int) -> None:
    members = {"b" * name_length: b"\x01\x02\x03", "a.tflite": bytes(range(256)) * 3 + b"x"}
    first = recipe.write_bundle(members)
    assert first == recipe.write_bundle(dict(reversed(members.items())))
    recipe.check_bundle(first, members)  # reads back, checks CRCs and 4-byte alignment
    with zipfile.ZipFile(io.BytesIO(first)) as bundle:
        assert bundle.namelist() == sorted(members)


def test_recipe_pins_match_the_registry(recipe: ModuleType) -> None:
    document = registry_json()
    assert registry.bundle_names() == recipe.NAMES
    assert recipe.SHIPPED == SHIPPED
    assert document["sources"]["npm-pose"]["integrity"] == recipe.NPM_INTEGRITY
    for name in recipe.NAMES:
        assert document["bundles"][name]["file"] == recipe.bundle_file(name)
        members = document["bundles"][name]["members"]
        assert members[recipe.DETECTOR_MEMBER]["from"]["sha256"] == recipe.DETECTOR.sha256
        assert members[recipe.LANDMARKS_MEMBER]["from"]["sha256"] == recipe.LANDMARKS[name].sha256
