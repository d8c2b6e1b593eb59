"""What a runner can set, as typed values: :class:`Settings` and its :class:`Limits`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from runsense.units import M_PER_MI

if TYPE_CHECKING:
    from runsense.signal.config import SignalConfig

MIB = 1024 * 1024
#: default shoe thresholds (spec §6.2): notice, warning, replace at 300, 400 and 500 miles
DEFAULT_SHOE_THRESHOLDS_M = (300 * M_PER_MI, 400 * M_PER_MI, 500 * M_PER_MI)
#: the most distance a pair of shoes can carry, for a mark or a starting distance: 10,000 km,
#: twelve times the common replace mark; more is a slip (1e9 km) that no alert would ever reach
MAX_SHOE_DISTANCE_M = 10_000_000.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one import, from the ``[limits]`` section (they live here, not beside the
    archive reader that applies them, so that reading settings never loads the file readers)."""

    #: largest single activity file, after decompression. The largest real file seen is 3.5 MB (a
    #: 1-s TCX); 64 MiB keeps one import's peak memory under 400 MB (file, samples and analysis)
    max_file_bytes: int = 64 * MIB
    #: most members one zip may list
    max_zip_members: int = 200_000
    #: most bytes one zip may expand to, all members together
    max_zip_total_bytes: int = 16 * 1024 * MIB
    #: highest compression ratio accepted for a member larger than 1 MiB
    max_ratio: float = 200.0
    #: deepest nesting of archives (a zip in a zip in a zip)
    max_depth: int = 3
    #: most one dashboard upload may send, all files together (it is held in memory, base64-encoded)
    max_upload_bytes: int = 32 * MIB


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a runner can set, after defaults < settings file < environment < flags."""

    units: str = "km"
    timezone: str | None = None
    shoe_thresholds_m: tuple[float, float, float] = DEFAULT_SHOE_THRESHOLDS_M
    notify_urls: tuple[str, ...] = field(default_factory=tuple)
    limits: Limits = field(default_factory=Limits)
    #: the thresholds of the analysis (spec §11) from the ``[signal.*]`` sections when one is set;
    #: ``None`` when all are at their defaults. Read them as :attr:`signal`.
    signal_config: SignalConfig | None = None
    #: where each setting that is not a default came from, by key (``"signal.cadence.trend_drop_spm"``):
    #: ``file PATH``, ``environment NAME`` or ``flag --set``
    origins: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def signal(self) -> SignalConfig:
        """The thresholds of the analysis in effect. The defaults are made on first use, so that
        the commands that never analyse (``shoes list``, ``pain log``) never load the signal config."""
        return self.signal_config or default_signal()

    @property
    def tz(self) -> ZoneInfo | None:
        """The configured time zone, or ``None`` for this computer's."""
        return ZoneInfo(self.timezone) if self.timezone else None


@cache
def default_signal() -> SignalConfig:
    """The analysis thresholds of spec §11 as shipped (made once)."""
    from runsense.signal.config import SignalConfig

    return SignalConfig()
