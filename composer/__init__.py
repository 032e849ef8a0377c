"""Post Composer: social media posts for libraries, checked against the roundtable's guidelines."""

__version__ = "0.2.0"
