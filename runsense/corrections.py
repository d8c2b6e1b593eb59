"""Corrections the runner makes to what was imported: an activity's sport and surface, the activity
itself, and which shoe ran it. One service for the CLI and the dashboard.

Shoe mileage, weekly load and flags are queries over the store, so they follow a correction at
once; alerts are recomputed: those about a changed or deleted activity are withdrawn, and a shoe
alert a pair no longer earns goes (see :func:`runsense.alerts.refresh_alerts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from runsense.alerts import refresh_alerts
from runsense.errors import InvalidInputError, Issue, IssueCode
from runsense.model import FOOT_SPORTS, SPORTS
from runsense.records import ActivityRow
from runsense.settings import Settings
from runsense.signal import derive_activity
from runsense.signal.terrain import SURFACES, surface_of
from runsense.store import Store


def check_sport(text: str, extra: tuple[str, ...] = ()) -> str:
    """A sport the runner typed, in FIT vocabulary; ``extra``: further names allowed (e.g. stored ones).

    Raises
    ------
    InvalidInputError
        Naming the value and listing the valid sports.
    """
    sport = text.strip().lower().replace(" ", "_").replace("-", "_")
    valid = sorted(set(SPORTS) | set(extra))
    if sport not in valid:
        raise InvalidInputError(f"{text!r} is not a sport runsense knows; choose one of: {', '.join(valid)}")
    return sport


@dataclass(frozen=True, slots=True)
class SportChange:
    """What changing an activity's sport did."""

    activity_id: str
    old_sport: str
    new_sport: str
    shoe: str | None
    note: str


def change_sport(store: Store, settings: Settings, activity_id: str, sport: str) -> SportChange:
    """Give an activity another sport and derive its results again for that sport.

    A sport that is not on foot takes no shoe (the pair's mileage drops by the activity); an
    activity that becomes a run gets the default shoe for running, if one is set.
    """
    sport = check_sport(sport)
    row = store.activity(activity_id)
    if row.sport == sport:
        return SportChange(row.id, sport, sport, row.shoe, f"it is already {sport}; nothing changed")
    records = store.records(row.id)
    derived = derive_activity(records, sport, settings.signal)
    surface = row.surface if row.surface_source == "runner" else surface_of(sport, row.sub_sport, bool(records["lat_deg"].notna().any()), row.speed_source)
    metrics = derived.metrics | {"surface": surface} | ({"decoder": row.metrics["decoder"]} if "decoder" in row.metrics else {})
    shoe_id, note = row.shoe_id, ""
    if sport not in FOOT_SPORTS and shoe_id is not None:
        shoe_id, note = None, f"{row.shoe} was taken off it: a {sport} activity takes no running shoe"
    elif sport in FOOT_SPORTS and shoe_id is None:
        shoe_id = store.default_shoe_id(sport)
    issues = [i for i in row.issues if i.code != IssueCode.SPORT_INFERRED]
    issues.append(Issue(IssueCode.SPORT_CHANGED, f"sport changed from {row.sport} to {sport} by the runner on {date.today().isoformat()}"))
    store.change_sport(row.id, sport, summary=derived.summary, metrics=metrics, segments=derived.segments, issues=issues, shoe_id=shoe_id)
    store.withdraw_activity_alerts(row.id)
    refresh_alerts(store, settings)
    shoe = next((s.name for s in store.shoes() if s.id == shoe_id), None) if shoe_id is not None else None
    return SportChange(row.id, row.sport, sport, shoe, note)


def check_surface(text: str) -> str:
    """A surface the runner typed, one of :data:`~runsense.signal.terrain.SURFACES`.

    Raises
    ------
    InvalidInputError
        Naming the value and listing the valid surfaces.
    """
    surface = text.strip().lower()
    if surface not in SURFACES:
        raise InvalidInputError(f"{text!r} is not a surface runsense knows; choose one of: {', '.join(SURFACES)}")
    return surface


@dataclass(frozen=True, slots=True)
class SurfaceChange:
    """What correcting an activity's surface did."""

    activity_id: str
    old_surface: str
    new_surface: str


def change_surface(store: Store, activity_id: str, surface: str) -> SurfaceChange:
    """Say what an activity was run on (the file may not say, or say wrong); a later sport change keeps it.

    The weekly surface shares and the form flags' terrain context are queries over the store, so
    they follow at once.
    """
    surface = check_surface(surface)
    row = store.activity(activity_id)
    store.set_surface(row.id, surface, "runner")
    return SurfaceChange(row.id, row.surface, surface)


def delete_activity(store: Store, settings: Settings, activity_id: str) -> ActivityRow:
    """Delete an activity (see :meth:`Store.delete_activity`) and recompute alerts; returns its row."""
    row = store.delete_activity(activity_id)
    refresh_alerts(store, settings)
    return row


def assign_shoe(store: Store, settings: Settings, shoe_name: str, *, activity_ids: list[str] | None = None,
                date_from: str | None = None, date_to: str | None = None, force: bool = False) -> int:  # fmt: skip
    """Say which shoe ran which activities; returns how many.

    Raises
    ------
    InvalidInputError
        An activity named by id is not on foot (a bike ride takes no running shoe), the pair is
        retired and ``force`` is not given, or a date of the range is not a real day or the range
        ends before it starts (``2026-02-30`` was compared as text and gave the pair every run).
    """
    date_from, date_to = _range_day(date_from, "first date (--from)"), _range_day(date_to, "last date (--to)")
    if date_from and date_to and date_to < date_from:
        raise InvalidInputError(f"the date range ends ({date_to}) before it starts ({date_from})")
    shoe = store.shoe(shoe_name)
    if shoe.retired and not force:
        raise InvalidInputError(f"{shoe.name} was retired on {shoe.retired_at}: give it runs anyway with --force, or put it back in use with `runsense shoes edit {shoe.name!r} --unretire`")
    for activity_id in activity_ids or []:
        row = store.activity(activity_id)
        if row.sport not in FOOT_SPORTS:
            raise InvalidInputError(f"activity {row.id[:8]} ({row.local_date}) is {row.sport}: a running shoe only goes on runs, walks and hikes (if it was a run, change its sport first with `runsense activity {row.id[:8]} --sport running`)")
    count = store.assign_shoe(shoe.id, activity_ids=activity_ids, date_from=date_from, date_to=date_to)
    refresh_alerts(store, settings)
    return count


def _range_day(text: str | None, what: str) -> str | None:
    """A day of a date range, ``YYYY-MM-DD``, checked; None when not given."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InvalidInputError(f"the {what} must be a real day written YYYY-MM-DD, not {text!r}") from None
