"""The team database on PostgreSQL (issue 12): schema, roles and rules, the connection, opening a store.

``migrations.py``  the SQLite migrations' numbers and names, each with its PostgreSQL SQL; ``migrate()``
                   applies them in transactions and records them in ``composer.schema_migrations``
``roles.py``       the group roles (writer, approver, register keeper) and every privilege; a colleague's login
``team.py``        ``create_team()``: roles, schema, ``unaccent``, migrations and privileges in one call
``logins.py``      what ``post-composer team`` does on the server: create, add a colleague, log in and read the roles
``dialect.py``     what a PostgreSQL connection writes differently: ``%s`` placeholders, lists, search, NUL
``connection.py``  ``PostgresConnection``: the core's ``Connection`` on psycopg 3; its errors as ``PostgresError``
``opening.py``     ``open_team()``: log in, check the schema's version, read the roles, return a ``Store``
``listening.py``   ``Listener``: hears colleagues' changes (``LISTEN composer``) on a thread, reconnects by itself

Only ``connection.py`` imports ``psycopg`` at module level, and only
``opening.py`` (when a team library is opened) and the team commands import
it: the local SQLite library never loads the driver.
"""
