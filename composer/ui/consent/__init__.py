"""consent: see docs/architecture.md."""
