"""Serve the sample site over real HTTP on loopback, one server per mirror host."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .site import SampleSite, build_site

logger = logging.getLogger(__name__)

#: One loopback address per mirror, so the mirrors are different hosts.
DEFAULT_HOSTS = {"lotrade": "127.0.0.2", "predictiq": "127.0.0.3"}


class _Handler(BaseHTTPRequestHandler):
    server_version = "newscrawl-sample/1"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        self.server.requests.append((self.server.mirror_name, self.path))  # type: ignore[attr-defined]
        body = self.server.sample.page(self.server.mirror_name, path)  # type: ignore[attr-defined]
        status = 200 if body is not None else 404
        if body is None:
            body = "<html><body><h1>Not Found</h1></body></html>"
        data = body.encode("utf-8")
        kind = "text/plain" if path.endswith(".txt") else "text/html"
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - keep the crawl log clean
        logger.debug("sample site %s: " + format, self.server.mirror_name, *args)  # type: ignore[attr-defined]


class SampleSiteServer:
    """Start with :meth:`start` (or ``with``); :attr:`site` then holds the
    pages and the URLs the crawl starts from."""

    def __init__(self, hosts: dict[str, str] | None = None) -> None:
        self.hosts = dict(hosts or DEFAULT_HOSTS)
        self.site: SampleSite | None = None
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        #: Every request served, as ``(mirror, path with query)``, for tests.
        self.requests: list[tuple[str, str]] = []

    def start(self) -> SampleSite:
        origins = {}
        for mirror, host in self.hosts.items():
            try:
                server = ThreadingHTTPServer((host, 0), _Handler)
            except OSError:
                # Some sandboxes only route 127.0.0.1: distinct ports still make distinct origins.
                server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
            server.daemon_threads = True
            server.mirror_name = mirror  # type: ignore[attr-defined]
            server.requests = self.requests  # type: ignore[attr-defined]
            self._servers.append(server)
            address, port = server.server_address[:2]
            origins[mirror] = f"http://{address}:{port}"
        self.site = build_site(origins)
        for server in self._servers:
            server.sample = self.site  # type: ignore[attr-defined]
            thread = threading.Thread(target=server.serve_forever, name=f"sample-{server.mirror_name}", daemon=True)  # type: ignore[attr-defined]
            thread.start()
            self._threads.append(thread)
        return self.site

    def rebuild(self, **kwargs) -> SampleSite:
        """Serve a new version of the site (e.g. ``fresh=3``) on the same origins."""
        origins = {m.name: m.origin for m in self.site.mirrors.values()}
        self.site = build_site(origins, **kwargs)
        for server in self._servers:
            server.sample = self.site  # type: ignore[attr-defined]
        return self.site

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    """``python -m newscrawl.sample_site.server``: serve the site until Ctrl-C."""
    logging.basicConfig(level=logging.INFO)
    with SampleSiteServer() as site:
        print("Sample site is up. Start URLs:")
        for url in site.start_urls:
            print(" ", url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
