"""Export: ``folder.py`` writes a post's texts and images per network into a folder; ``refusal.py`` says why
it cannot (the checks that block it, in words); ``names.py`` names the folder; ``publications.py`` is the
publication log (what went where, when), which a consent withdrawal turns into takedowns and the
``cadence`` check counts."""
