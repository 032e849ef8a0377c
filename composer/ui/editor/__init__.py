"""The post being written: the text editors per network, the counters, the live checklist beside them.

``editor.py`` (the shared text, own versions, networks, purpose and audience), ``analysis.py`` (counters and marks
from core's checks), ``marks.py`` (ranges shaded in the text), ``checklist_panel.py`` (the checklist),
``checker.py`` (checks of very long texts off the UI thread).
"""
