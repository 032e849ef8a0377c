"""The domain of Post Composer, in pure Python: no Qt is ever imported here."""
