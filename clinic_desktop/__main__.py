"""`python -m clinic_desktop` runs the `clinic-desktop` command."""

import sys

from clinic_desktop.cli import main

sys.exit(main())
