"""Serve a generated site on loopback: fast (nginx when installed, else Twisted's static
server), or slow, each page after a fixed delay (:mod:`benchmarks.delay_server`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  types {{ text/html html; application/javascript js; text/plain txt; }}
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
{servers}
}}
"""
SERVER_BLOCK = "  server {{ listen {address}:{port}; root {root}; charset utf-8; }}\n"


def free_ports(count: int) -> list[int]:
    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


class StaticServer:
    """``with StaticServer({"alpha": (root, port), …}) as server:`` — ``server.kind`` says which.

    ``addresses``: a loopback address per site (default 127.0.0.1), so sites are distinct hosts;
    ``delay``: seconds before each response, a network that makes the crawl wait."""

    def __init__(self, roots: dict[str, tuple[Path, int]], prefer_nginx: bool = True,
                 addresses: dict[str, str] | None = None, delay: float = 0.0) -> None:
        self.roots = roots
        self.addresses = addresses or {}
        self.delay = delay
        self.nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        self.kind = "delayed" if delay else "nginx" if (prefer_nginx and self.nginx) else "twisted"
        self._procs: list[subprocess.Popen] = []
        self._tmp = tempfile.TemporaryDirectory()

    def __enter__(self) -> "StaticServer":
        if self.kind == "delayed":
            sites = [f"{self.addresses.get(name, '127.0.0.1')}:{port}:{root}" for name, (root, port) in self.roots.items()]
            self._procs.append(subprocess.Popen([sys.executable, "-m", "benchmarks.delay_server", str(self.delay), *sites],
                                                cwd=Path(__file__).resolve().parents[1],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        elif self.kind == "nginx":
            servers = "".join(SERVER_BLOCK.format(address=self.addresses.get(name, "127.0.0.1"), port=port, root=root)
                              for name, (root, port) in self.roots.items())
            conf = Path(self._tmp.name) / "nginx.conf"
            conf.write_text(NGINX_CONF.format(tmp=self._tmp.name, servers=servers))
            self._procs.append(subprocess.Popen([self.nginx, "-c", str(conf), "-p", self._tmp.name],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        else:
            for root, port in self.roots.values():
                self._procs.append(subprocess.Popen(
                    [sys.executable, "-m", "twisted", "web", "--listen", f"tcp:{port}:interface=127.0.0.1", "--path", str(root)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for name, (_, port) in self.roots.items():
            _wait_for_port(port, self.addresses.get(name, "127.0.0.1"))
        return self

    def __exit__(self, *exc) -> None:
        for proc in self._procs:
            proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._tmp.cleanup()


def _wait_for_port(port: int, address: str = "127.0.0.1", timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((address, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"static server did not start on port {port}")
