"""drafts: see docs/architecture.md."""
