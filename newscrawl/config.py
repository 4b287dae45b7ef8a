"""All ``NEWSCRAWL_*`` settings, parsed and validated in one place.

Components call :meth:`NewscrawlConfig.from_settings` in ``from_crawler`` and
keep plain values; a bad value fails the run at start with a message naming
the setting, never half-way through a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A ``NEWSCRAWL_*`` setting has a value newscrawl cannot use."""


@dataclass(frozen=True)
class NewscrawlConfig:
    output_dir: Path = Path("output")
    """NEWSCRAWL_OUTPUT_DIR: where the default per-run JSON Lines file goes."""

    sample_hosts: tuple[str, ...] = ("127.0.0.2", "127.0.0.3")
    """NEWSCRAWL_SAMPLE_HOSTS: loopback addresses of the sample site's two mirrors."""

    @classmethod
    def from_settings(cls, settings) -> "NewscrawlConfig":
        output_dir = settings.get("NEWSCRAWL_OUTPUT_DIR") or "output"
        hosts = tuple(settings.getlist("NEWSCRAWL_SAMPLE_HOSTS") or cls.sample_hosts)
        if len(hosts) != 2 or not all(h.startswith("127.") or h in ("localhost", "::1") for h in hosts):
            raise ConfigError(f"NEWSCRAWL_SAMPLE_HOSTS must be two loopback addresses, got {hosts!r}")
        return cls(output_dir=Path(output_dir), sample_hosts=hosts)
