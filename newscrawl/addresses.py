"""Which network addresses a crawl may connect to: a pure decision on one address."""

from __future__ import annotations

import ipaddress


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``host`` as an address when it is written as one (``10.0.0.1``, ``::1``), else ``None``."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    return mapped or address


def non_public_kind(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` is not on the public internet (``loopback``, ``private``,
    ``link_local``, ``multicast``, ``reserved``), or ``None`` when it is."""
    if isinstance(address, str):
        address = ip_literal(address)
        if address is None:
            return "reserved"  # not an address at all: never connect to it
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"  # 169.254.169.254: cloud metadata services live here
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if not address.is_global or address.is_unspecified or address.is_reserved:
        return "reserved"
    return None
