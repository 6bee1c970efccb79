"""Allow ``python -m msmedesk``."""

from msmedesk.cli import main

raise SystemExit(main())
