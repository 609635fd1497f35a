"""Suite-wide guards: no test may reach the network."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest


class NetworkBlocked(RuntimeError):
    pass


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(sock: socket.socket) -> bool:
    return sock.family == getattr(socket, "AF_UNIX", None)


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(self):
        raise NetworkBlocked(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(self):
        raise NetworkBlocked(f"test tried to reach the network: {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    patch = pytest.MonkeyPatch()
    patch.setattr(socket.socket, "connect", _guarded_connect)
    patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    patch.setattr(socket, "create_connection", _refuse)
    yield
    patch.undo()


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkBlocked(f"test tried to reach the network: {args!r}")
