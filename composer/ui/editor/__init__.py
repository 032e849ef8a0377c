"""editor: see docs/architecture.md."""
