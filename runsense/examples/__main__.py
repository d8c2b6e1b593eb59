"""``python -m runsense.examples [FOLDER]``: write the example files (default ``example_fit_files``)."""

from __future__ import annotations

import sys
from pathlib import Path

from runsense.examples import write_examples

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("example_fit_files")
paths = write_examples(folder)
print(f"wrote {len(paths)} files to {folder}")
