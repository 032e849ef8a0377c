"""The team database on PostgreSQL (issue 12): schema, roles and rules, ready for a second back end.

``migrations.py``  the SQLite migrations' numbers and names, each with its PostgreSQL SQL; ``migrate()``
                   applies them in transactions and records them in ``composer.schema_migrations``
``roles.py``       the group roles (writer, approver, register keeper) and every privilege; a colleague's login
``team.py``        ``create_team()``: roles, schema, ``unaccent``, migrations and privileges in one call
``dialect.py``     what a PostgreSQL connection writes differently: ``%s`` placeholders, lists, search, NUL

Nothing here imports ``psycopg`` at module level: the local SQLite library
never loads it. The connection class for the store (``Connection`` in
``connection.py``) is still to come; these modules are what it builds on.
"""
