"""Allow ``python -m rjtui``."""

from rjtui.cli import main

raise SystemExit(main())
