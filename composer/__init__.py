"""Post Composer: social media posts for libraries, checked against the roundtable's guidelines."""

__version__ = "0.1.0"
