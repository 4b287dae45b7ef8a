"""Where articles go: the crash-safe journal of a run with state."""
