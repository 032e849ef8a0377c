"""What several test modules share, so that no test module imports another.

``images``: test pictures made with Pillow; ``drafts``: drafts ready for
export and described photos in a store, and what the database file holds;
``consent``: consent terms, a refusal, photos with people in them;
``checks``: running the checklist and picking checks out of its result;
``processes``: waiting on another process, a job for a worker process.
The window's helpers are in ``tests/ui_helpers.py``, colour references in
``tests/colour_reference.py``, the kill -9 harness in ``tests/faults/``, and the
shared fixtures (``data_dir``, ``store``, ``messages``, ``start``, the
PostgreSQL server's) in ``tests/conftest.py``.
"""
