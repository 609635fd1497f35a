import socket

import pytest

from tests.conftest import NetworkBlocked


def test_tcp_connections_are_refused_during_tests() -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlocked):
            sock.connect(("192.0.2.1", 80))
    finally:
        sock.close()
