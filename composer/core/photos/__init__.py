"""photos: see docs/architecture.md."""
