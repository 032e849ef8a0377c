"""The bundle's entry point: ``post-composer`` as the package's console script starts it."""

import multiprocessing

from composer.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned worker of the frozen app runs its job, not a second window
    raise SystemExit(main())
