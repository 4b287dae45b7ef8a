"""Static files served after a fixed delay per response: a site whose every page keeps
the crawler waiting on the network for that long, whatever its size (nginx's
``limit_rate`` lets the first second's worth of bytes go at once, so it delays small
pages not at all).

``python -m benchmarks.delay_server DELAY ADDRESS:PORT:ROOT…`` (one process, every site).
"""

from __future__ import annotations

import sys

from twisted.internet import reactor
from twisted.web.server import NOT_DONE_YET, Site
from twisted.web.static import File


class DelayedFile(File):
    delay = 0.0

    def render_GET(self, request):
        def send() -> None:
            if request._disconnected:
                return
            body = File.render_GET(self, request)
            if body is not NOT_DONE_YET:
                request.write(body)
                request.finish()

        reactor.callLater(self.delay, send)
        return NOT_DONE_YET

    def createSimilarFile(self, path):
        child = super().createSimilarFile(path)
        child.delay = self.delay
        return child


def main(argv: list[str]) -> None:
    delay = float(argv[0])
    for spec in argv[1:]:
        address, port, root = spec.split(":", 2)
        resource = DelayedFile(root)
        resource.delay = delay
        reactor.listenTCP(int(port), Site(resource), interface=address)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv[1:])
