"""The conformance harness: the counting against the networks' reference implementations (see __main__.py)."""
