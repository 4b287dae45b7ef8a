"""A hostile web site on loopback: pages written to make a crawler fetch what it
should not, hang, fill memory, or crash. Every case is one route; the tests in
``test_hostile.py`` crawl them and assert what the crawler did and attempted."""

from __future__ import annotations

import gzip
import itertools
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from newscrawl.sample_site.markup import ArticleView, ListLink, render_classic
from newscrawl.sample_site.stories import make_stories

HTML = "text/html; charset=utf-8"
STORIES = make_stories(40, seed=4242)
# Consecutive pages get different stories; a test uses fewer than 40, the whole suite more.
_next_story = itertools.cycle(range(len(STORIES)))


def article(related=(), ranking=(), recommendation=(), story=None, extra_body: str = "", canonical=None) -> bytes:
    """A template article page with the given list links (``(href, title)`` pairs)."""
    story = story or STORIES[next(_next_story)]
    view = ArticleView(
        site_name="HostileMirror", headline=story.headline, category="News", category_href="/news/",
        date="2025-05-01 10:00:00", paragraphs=story.paragraphs, credit=None, reactions=3,
        related=[ListLink(h, t) for h, t in related], ranking=[ListLink(h, t) for h, t in ranking],
        recommendation=[ListLink(h, t) for h, t in recommendation], previous=None, next=None,
        nav=[ListLink("/", "Home")], canonical=canonical,
    )
    html = render_classic(view)
    return (html.replace("</body>", extra_body + "</body>") if extra_body else html).encode("utf-8")


# -- behaviours: each is called with the request handler -----------------------

def static(body: bytes, status: int = 200, kind: str = HTML, headers: dict[str, str] | None = None):
    def respond(h) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return respond


def redirect(location: str, status: int = 302):
    return static(b"", status, headers={"Location": location})


def reset():
    """Close the connection with a TCP reset before any response."""
    def respond(h) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()
    return respond


def drip(seconds: float = 60.0):
    """Headers at once, then one byte a second: never done within a download timeout."""
    def respond(h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end and not h.server.stopping.is_set():
                h.wfile.write(b" ")
                h.wfile.flush()
                h.server.stopping.wait(1.0)
        except OSError:
            pass
    return respond


def gzip_bomb(inflated_mib: int = 64):
    """A small gzip body that inflates to ``inflated_mib`` MiB."""
    body = gzip.compress(b"\0" * (inflated_mib * 1024 * 1024), compresslevel=9)
    return static(body, headers={"Content-Encoding": "gzip"})


class HostileSite:
    """``routes[path] = behaviour`` (the query string is ignored when looking a path up);
    ``requests`` lists every path asked for, in order."""

    def __init__(self, routes: dict, host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                site.requests.append(self.path)
                respond = site.routes.get(self.path) or site.routes.get(urlsplit(self.path).path)
                if respond is None:
                    respond = static(b"<html><body>Not found</body></html>", 404)
                respond(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.stopping = threading.Event()
        self.origin = f"http://{host}:{self.server.server_address[1]}"
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "HostileSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
