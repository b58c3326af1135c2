"""`python -m clinic_desktop` runs the `clinic-desktop` command; also the bundle's entry point."""

import multiprocessing
import sys

from clinic_desktop.cli import main

if __name__ == "__main__":
    # The PDF preview renders in a spawned process; a frozen bundle must let that child start.
    multiprocessing.freeze_support()
    sys.exit(main())
