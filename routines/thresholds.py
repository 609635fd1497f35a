"""Thresholds: the commented defaults in thresholds.toml < a level < the user's own file."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

Level = Literal["gentle", "default", "deep"]
LEVELS: tuple[Level, ...] = ("gentle", "default", "deep")


class ConfigError(Exception):
    """A threshold or routine file that cannot be used; the message says what and where."""


@dataclass(frozen=True)
class Thresholds:
    level: Level
    common: Mapping[str, float]
    drills: Mapping[str, Mapping[str, float]]

    def of(self, drill: str) -> Mapping[str, float]:
        return self.drills[drill]


def _defaults() -> dict[str, Any]:
    text = resources.files("postrun.routines").joinpath("thresholds.toml").read_text("utf-8")
    return tomllib.loads(text)


def _overlay(base: dict[str, dict[str, float]], extra: Mapping[str, Any], where: str) -> None:
    for section, values in extra.items():
        if section not in base:
            known = ", ".join(sorted(base))
            raise ConfigError(f"{where}: unknown section [{section}]; known: {known}.")
        if not isinstance(values, Mapping):
            raise ConfigError(f"{where}: [{section}] must be a table of numbers.")
        for key, value in values.items():
            if key not in base[section]:
                raise ConfigError(f"{where}: unknown key '{key}' in [{section}].")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{where}: '{key}' in [{section}] must be a number.")
            base[section][key] = float(value)


def load_thresholds(level: Level = "default", user_file: Path | None = None) -> Thresholds:
    if level not in LEVELS:
        raise ConfigError(f"Unknown level '{level}': choose gentle, default or deep.")
    raw = _defaults()
    levels: dict[str, Any] = raw.pop("levels", {})
    base = {section: {k: float(v) for k, v in values.items()} for section, values in raw.items()}
    if level != "default":
        _overlay(base, levels.get(level, {}), f"thresholds.toml [levels.{level}]")
    if user_file is not None:
        try:
            user = tomllib.loads(user_file.read_text("utf-8"))
        except OSError as err:
            raise ConfigError(f"Cannot read {user_file}: {err.strerror}.") from err
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{user_file} is not valid TOML ({err}).") from err
        user_levels = user.pop("levels", {})
        _overlay(base, user, str(user_file))
        if level != "default":
            _overlay(base, user_levels.get(level, {}), f"{user_file} [levels.{level}]")
    common = base.pop("common")
    where = str(user_file) if user_file is not None else "thresholds.toml"
    for drill, values in base.items():
        if "count_enter" in values and not values["count_exit"] < values["count_enter"]:
            raise ConfigError(f"{where}: [{drill}] count_exit must be below count_enter.")
    return Thresholds(level, common, base)
