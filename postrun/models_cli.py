"""`postrun models`: the bundles with their size and hash, verified."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from postrun.models.registry import list_bundles


def print_models(verify: bool = True) -> bool:
    """Print the table; False when a present bundle fails its check."""
    table = Table("model", "file", "size", "sha256", "status")
    healthy = True
    for status in list_bundles(verify=verify):
        if not status.present:
            state = f"not built: {status.hint}" if status.hint else "missing"
        elif not verify:
            state = "present"
        elif status.verified:
            state = "ok"
        else:
            state, healthy = "CORRUPT: hash mismatch", False
        table.add_row(
            status.name, status.file, f"{status.size / 1e6:.1f} MB", status.sha256[:16], state
        )
    Console().print(table)
    return healthy
