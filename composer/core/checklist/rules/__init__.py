"""rules: see docs/architecture.md."""
