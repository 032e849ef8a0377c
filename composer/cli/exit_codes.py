"""What every ``post-composer`` command returns, so a script (or an IT department's deployment) can tell why.

``EXIT_OK``: done, nothing in the way. ``EXIT_BLOCKED``: the work was read but
a check blocks it (a post that cannot be exported as it is). ``EXIT_USAGE``:
the command, a file or the data folder cannot be used as given; the message
says what to do. ``EXIT_BUG``: something went wrong inside Post Composer; the
traceback is printed for a report.
"""

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_BUG = 3
