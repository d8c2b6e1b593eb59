"""A cadence workout as a FIT file a watch can follow (it alerts when the runner drifts out of range).

Written with Garmin's own FIT SDK encoder (``garmin-fit-sdk``): the profile's message and field
definitions come from the maker of the format, so the file is valid by construction, and
:mod:`fitdecode` reads it back in the tests. The file holds, per the FIT profile's workout file
type: ``file_id`` (type ``workout``), one ``workout`` (sport running) and its ``workout_step``\\ s:
an optional warm-up without a target, then an open-ended run (until the lap button) with a
cadence target range.

Units: the profile's cadence target is in ``rpm``; for running, FIT counts cadence per leg
(strides/min, spec §1.2), so the range written is ``spm / 2``, rounded outwards to whole values.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from runsense.units import FIT_EPOCH_S


def cadence_workout(target_spm: int, *, band_spm: float = 3.0, warmup_min: int = 10, name: str | None = None, created: datetime | None = None) -> bytes:
    """The bytes of a FIT workout file: an easy run at ``target_spm`` ± ``band_spm`` steps/min.

    ``warmup_min``: minutes of warm-up without a target first (0: none).
    """
    from garmin_fit_sdk import Encoder, Profile  # imported here: only this command writes FIT

    low_rpm = math.floor((target_spm - band_spm) / 2)
    high_rpm = math.ceil((target_spm + band_spm) / 2)
    created = created or datetime.now(UTC)
    mesg = Profile["mesg_num"]
    steps = []
    if warmup_min > 0:
        steps.append({"wkt_step_name": "Warm up", "duration_type": "time", "duration_value": warmup_min * 60_000,
                      "target_type": "open", "target_value": 0, "intensity": "warmup"})  # fmt: skip
    steps.append({
        "wkt_step_name": f"Easy run {target_spm} spm",
        "duration_type": "open",  # until the lap button: the runner decides how long
        "duration_value": 0,
        "target_type": "cadence",
        "target_value": 0,  # 0: a custom range, not a zone
        "custom_target_value_low": low_rpm,
        "custom_target_value_high": high_rpm,
        "intensity": "active",
        "notes": f"Same easy pace as usual, {2 * low_rpm}-{2 * high_rpm} steps/min",
    })  # fmt: skip
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": mesg["FILE_ID"], "type": "workout", "manufacturer": "development", "product": 0,
                        "serial_number": 1, "time_created": int(created.timestamp()) - FIT_EPOCH_S})  # fmt: skip
    encoder.write_mesg({"mesg_num": mesg["WORKOUT"], "sport": "running", "sub_sport": "generic", "num_valid_steps": len(steps),
                        "wkt_name": name or f"Cadence {target_spm} spm"})  # fmt: skip
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": mesg["WORKOUT_STEP"], "message_index": index, **step})
    return encoder.close()
