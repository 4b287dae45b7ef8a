"""Tools people pick instead of newscrawl, each run in a virtual environment of its own under
``benchmarks/peers/`` (their dependencies conflict with ours; none is in requirements.txt)."""
