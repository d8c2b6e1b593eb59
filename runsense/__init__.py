"""runsense: a wearable-sensor data analyser for runners.

Read watch exports (FIT, GPX, TCX), keep them in an embedded store, and see running form,
training load, shoe mileage and pain side by side. Not a medical device.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runsense._lazy import lazy_exports

if TYPE_CHECKING:
    from runsense.errors import RunsenseError
    from runsense.model import Activity, ActivityMeta

__version__ = "0.1.0"

__all__ = ["Activity", "ActivityMeta", "RunsenseError", "__version__"]

#: the package's public names, imported when first asked for: every ``runsense`` command imports
#: this package, and ``runsense --version`` needs none of them
_LAZY = {"Activity": "runsense.model", "ActivityMeta": "runsense.model", "RunsenseError": "runsense.errors"}


__getattr__ = lazy_exports(__name__, _LAZY)
