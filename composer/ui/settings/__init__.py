"""Settings a library shares: the house style dialog (import, export, edit)."""
