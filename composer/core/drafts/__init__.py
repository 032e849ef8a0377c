"""A draft and what gets posted from it: ``draft.py`` (the Draft, purposes, audiences) and ``final_text.py``
(the text per network as copy and export hand it over, with the house style's additions)."""
