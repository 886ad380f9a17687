"""Load with live reloads (the long run): ``python bench/load.py --seconds 60``.

The harness is ``tests/e2e/reload_harness.py`` (the CI test runs it briefly; tests never import
``bench/``); this is its command line.  See that module for what it does and prints.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.reload_harness import main

if __name__ == "__main__":
    sys.exit(main())
