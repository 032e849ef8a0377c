"""networks: see docs/architecture.md."""
