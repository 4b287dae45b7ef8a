"""The bundled sample site, so the main job and the tests run with no network."""

from .server import SampleSiteServer
from .site import SampleSite, build_site

__all__ = ["SampleSite", "SampleSiteServer", "build_site"]
