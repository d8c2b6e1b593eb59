"""runsense: a wearable-sensor data analyser for runners.

Read watch exports (FIT, GPX, TCX), keep them in an embedded store, and see running form,
training load, shoe mileage and pain side by side. Not a medical device.
"""

from __future__ import annotations

from runsense.errors import RunsenseError
from runsense.model import Activity, ActivityMeta

__version__ = "0.1.0"

__all__ = ["Activity", "ActivityMeta", "RunsenseError", "__version__"]
