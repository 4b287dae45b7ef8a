"""Loaded by every crawl a test starts (``PYTHONPATH``): the process may connect
only to loopback addresses and look up only ``localhost``. Anything else is
refused before a packet leaves, and recorded in ``$NEWSCRAWL_TEST_CONNECT_LOG``
(one line per attempt), so a test can assert on what the crawler *attempted*.
"""

import errno
import ipaddress
import os
import socket

_LOG = os.environ.get("NEWSCRAWL_TEST_CONNECT_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(what + "\n")


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]")
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_address(host) -> bool:
    """An address written out needs no lookup, so "looking it up" sends nothing."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def _guard_address(address) -> bool:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        _record(f"connect {address[0]} {address[1] if len(address) > 1 else ''}")
        return False
    return True


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _guard_address(address):
        raise ConnectionRefusedError(errno.ECONNREFUSED, "refused by the test network guard")
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _guard_address(address):
        return errno.ECONNREFUSED
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not _is_loopback(host) and not _is_address(host):
        _record(f"lookup {host}")
        raise socket.gaierror(socket.EAI_NONAME, "lookup refused by the test network guard")
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _is_loopback(host) and not _is_address(host):
        _record(f"lookup {host}")
        raise socket.gaierror(socket.EAI_NONAME, "lookup refused by the test network guard")
    return _gethostbyname(host)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = gethostbyname
