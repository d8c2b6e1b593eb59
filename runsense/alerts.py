"""One alert engine over shoes, pain rules and the weekly flags.

An alert fires once per crossing: each has a key (``shoe:3:notice``, ``flag:SPIKE-MOD:<activity>``,
``pain:PAIN-24H:2026-W41``) and the store keeps one row per key, so re-imports and re-runs never
repeat it. New alerts can be sent to the runner's notification services.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from runsense.analysis import Analysis, analyse
from runsense.errors import ConfigError
from runsense.notify import send
from runsense.pain_analysis import pain_flags
from runsense.records import Alert
from runsense.settings import Settings
from runsense.shoes import shoe_alert, shoe_alert_words, shoe_status, stale_shoe_alert_keys
from runsense.signal.load import week_monday
from runsense.store import Store

log = logging.getLogger(__name__)
#: weekly flags become alerts only for the latest weeks with running: importing ten years of history
#: must not bury the runner in alerts about 2017
RECENT_WEEKS = 2


def refresh_alerts(store: Store, settings: Settings, analysis: Analysis | None = None) -> list[Alert]:
    """Evaluate every rule and record the alerts not seen before; returns the new ones."""
    new: list[Alert] = []
    store.withdraw_alerts(stale_shoe_alert_keys(store.shoes(), store.alerts(include_acknowledged=True), settings.shoe_thresholds_m))
    open_shoe_alerts = {a.key: a for a in store.alerts() if a.kind == "shoe_mileage"}
    for shoe in store.shoes(include_retired=False):
        levels = shoe_status(shoe, settings.shoe_thresholds_m).crossed
        for i, level in enumerate(levels):
            payload = shoe_alert(shoe, level, settings.units)
            template, quantities = shoe_alert_words(shoe, level)
            key = f"shoe:{shoe.id}:{level.level}"
            if store.add_alert(key, "shoe_mileage", level.severity, template, payload, quantities):
                superseded = i < len(levels) - 1  # crossed several marks at once: only the highest is news
                if superseded:
                    store.acknowledge_alert(_fetch(store, key).id)
                else:
                    new.append(_fetch(store, key))
            elif key in open_shoe_alerts and open_shoe_alerts[key].text(settings.units) != payload["message"]:
                store.update_alert(key, template, payload, quantities)  # runs moved to or from the pair: its mileage changed
    analysis = analysis or analyse(store, settings.signal)
    recent = [w for w in analysis.weeks.loc[analysis.weeks["runs"] > 0, "week"]][-RECENT_WEEKS:] if not analysis.weeks.empty else []
    for flag in analysis.flags:
        if flag.week in recent and flag.severity != "info":
            key = f"flag:{flag.code}:{flag.activity_id or flag.week}"
            if store.add_alert(key, "flag", flag.severity, flag.template, flag.to_dict(settings.units), flag.quantities):
                new.append(_fetch(store, key))
    entries = store.pain_entries()
    if entries:
        last = date.fromisoformat(max(e.local_date for e in entries))
        monday = week_monday(f"{last.isocalendar()[0]}-W{last.isocalendar()[1]:02d}").date()
        run_dates = list(analysis.runs["local_date"]) if not analysis.runs.empty else []
        raised = {tuple(a.key.split(":", 3)[1:3]) for a in store.alerts(include_acknowledged=True) if a.kind == "pain"}
        for flag in pain_flags(entries, run_dates, monday, monday + timedelta(days=6), analysis.config.pain):
            if flag.metric != "red_flag" and (flag.code, flag.week) in raised:
                continue  # a pain rule fires once a week, whatever threshold its words name; a red flag once per entry
            key = f"pain:{flag.code}:{flag.week}:{flag.message[-30:]}"
            if store.add_alert(key, "pain", flag.severity, flag.template, flag.to_dict(settings.units), flag.quantities):
                raised.add((flag.code, flag.week))
                new.append(_fetch(store, key))
    return new


def _fetch(store: Store, key: str) -> Alert:
    return next(a for a in store.alerts(include_acknowledged=True) if a.key == key)


def notify_new(store: Store, settings: Settings, alerts: list[Alert]) -> str | None:
    """Send new alerts to the configured services; returns a problem to show, or None."""
    if not alerts or not settings.notify_urls:
        return None
    body = "\n\n".join(f"[{a.severity}] {a.text(settings.units)}" for a in alerts)
    try:
        delivered = send(settings.notify_urls, f"runsense: {len(alerts)} new alert{'s' if len(alerts) > 1 else ''}", body)
    except ConfigError as exc:
        return str(exc)
    if not delivered:
        return "a notification service did not accept the message (check notify.urls)"
    store.mark_notified([a.id for a in alerts])
    return None
