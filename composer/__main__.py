"""Allow ``python -m composer``."""

from composer.cli import main

raise SystemExit(main())
