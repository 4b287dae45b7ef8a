"""URL clean-up and the one normalised key that says "this is the same page".

Two jobs, kept apart on purpose:

* :func:`clean_url` is what we *request*: tracking parameters and the fragment
  are removed, everything else (scheme, host, path, other parameters) is kept,
  because the server may care about them.
* :func:`url_key` is what we *compare*: on top of the clean-up it folds the
  scheme, a leading ``www.``, default ports and the query order, so the http
  and https or www and bare variants of one page share a key.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

#: Query parameters that only track where a visitor came from. ``utm_*`` is
#: matched as a prefix; the others exactly (case-insensitive).
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "ref_src", "cmpid",
        "spm", "share", "ocid",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidURL(ValueError):
    """A string that cannot be crawled as an http(s) URL."""


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """Return ``url`` without tracking parameters or fragment.

    Raises :class:`InvalidURL` for anything that is not an absolute http(s) URL
    with a host.
    """
    try:
        url = safe_url_string(url.strip())
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
    except ValueError as exc:
        # A page's bad link ("http://h:99999/x", "http://[::1/x") is one invalid link, not a crash.
        raise InvalidURL(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidURL(f"not an absolute http(s) URL: {url!r}")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


@lru_cache(maxsize=4096)
def url_key(url: str) -> str:
    """The comparison key of a page URL (see the module docstring).

    Cached: the spider, the request fingerprinter and the dedupe pipeline all
    ask for the key of the same URL."""
    parts = urlsplit(canonicalize_url(clean_url(url)))
    host = parts.hostname or ""
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and port != DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return urlunsplit(("", host, parts.path or "/", parts.query, ""))[2:]


def host_of(url: str) -> str:
    """Host name of ``url`` without port, lower case; ``""`` when it has none
    (or cannot be parsed, as ``http://[::1/x``)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def site_host(host: str) -> str:
    """``host`` as the host rules compare it: lower case, without a leading ``www.``
    (``example.com`` redirecting to ``www.example.com`` stays on its site)."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (where its robots.txt lives)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
