"""Storage: everything that touches the database or the data folder's files, and nothing else does.

``connection.py``  the one interface the core reaches the database through (``store.db``), and what a
                   second back end (PostgreSQL) must provide
``sqlite.py``      that interface on the local SQLite file: pragmas, transactions, FTS5 search, user_version
``store.py``       the Store: drafts, history, trash, settings
``opening.py``     opening the local file safely: checks, repair, refusing a newer file, migrations
``schema.py``      the migrations' names (read at every start); ``migrations.py`` the migrations (sqlite-utils)
``backups.py``     verified, bounded copies; ``repair.py`` damage found and repaired
``errors.py``      what can go wrong, as errors with one sentence each
``saver.py``       saving on a thread of its own; ``journal.py`` the recovery files
``files.py``       reading a file safely, writing one whole or not at all
``paths.py``       where the files are; ``folder_lock.py`` one app per data folder
"""
