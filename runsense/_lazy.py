"""Public names of a package imported when first asked for (PEP 562 module ``__getattr__``).

The CLI's quick commands import ``runsense``, ``runsense.store``, ``runsense.settings`` and
``runsense.signal``; each re-exports names whose modules the quick commands never need, and
each of those modules would cost their start-up if imported with the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``exports`` maps each public name to the module
    that defines it (absolute, or relative to ``package`` with a leading dot). A name is imported
    once, then kept in the package's namespace."""
    namespace = sys.modules[package].__dict__

    def attribute(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        namespace[name] = value
        return value

    return attribute
