"""window: see docs/architecture.md."""
