"""A session folder's report files.

:func:`write_session_outputs` writes report.html and reps.csv beside a session's report.json;
:func:`load_session_report` reads a report.json back and checks it (for ``postrun report``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from postrun.report_csv import write_reps_csv
from postrun.report_html import write_html

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REPS_CSV = "reps.csv"


class ReportError(Exception):
    """A report.json that cannot be read or used, or outputs that cannot be written; the message
    is one sentence that says what to do."""


def write_session_outputs(report: Mapping[str, Any], folder: Path) -> list[Path]:
    """Write report.html and reps.csv into ``folder`` (atomically); return their paths.

    Call after report.json is written. Raises :class:`ReportError` when they cannot be written.
    """
    folder = Path(folder)
    html_path, csv_path = folder / REPORT_HTML, folder / REPS_CSV
    for path, write in ((html_path, write_html), (csv_path, write_reps_csv)):
        try:
            write(report, path)
        except OSError as err:
            reason = err.strerror or str(err)
            raise ReportError(
                f"Cannot write {path} ({reason}): make the folder writable or copy it elsewhere."
            ) from err
    return [html_path, csv_path]


REQUIRED = ("schema_version", "generator", "complete", "source", "model", "windows")
WINDOW_REQUIRED = (
    "index",
    "drill",
    "side",
    "start_s",
    "end_s",
    "reps",
    "rep_events",
    "faults",
    "cues",
    "tracking",
)


def _schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("postrun.data").joinpath("report.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def check_report(report: Any, where: str) -> None:
    """Raise :class:`ReportError` unless ``report`` is a usable schema-v1 report."""
    if not isinstance(report, dict):
        raise ReportError(f"{where} is not a postrun report (expected a JSON object).")
    version = report.get("schema_version")
    if version != 1:
        raise ReportError(
            f"{where} has schema version {version!r}; this postrun reads version 1 only."
        )
    try:
        import jsonschema
    except ImportError:
        missing = [k for k in REQUIRED if k not in report]
        if missing:
            raise ReportError(f"{where} lacks the field '{missing[0]}'.") from None
        if not isinstance(report["windows"], list):
            raise ReportError(f"{where}: 'windows' must be a list.") from None
        for number, window in enumerate(report["windows"]):
            if not isinstance(window, dict):
                raise ReportError(f"{where}: window {number} is not an object.") from None
            gaps = [k for k in WINDOW_REQUIRED if k not in window]
            if gaps:
                raise ReportError(f"{where}: window {number} lacks '{gaps[0]}'.") from None
        return
    schema = _schema()
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(report)
    )
    if error is not None:
        at = "/".join(str(p) for p in error.absolute_path) or "the top level"
        message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
        raise ReportError(f"{where} does not match the report schema at {at}: {message}.")


def load_session_report(folder: Path) -> dict[str, Any]:
    """Read and check ``folder/report.json``; raise :class:`ReportError` with one sentence."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"No session folder at {folder}.")
    path = folder / REPORT_JSON
    if not path.is_file():
        raise ReportError(f"No {REPORT_JSON} in {folder}: give a session folder postrun wrote.")
    try:
        report: Any = json.loads(path.read_text("utf-8"))
    except OSError as err:
        raise ReportError(f"Cannot read {path} ({err.strerror}).") from err
    except UnicodeDecodeError as err:
        raise ReportError(f"{path} is not UTF-8 text.") from err
    except json.JSONDecodeError as err:
        raise ReportError(
            f"{path} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
        ) from err
    check_report(report, str(path))
    assert isinstance(report, dict)
    return report
