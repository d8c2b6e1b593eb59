"""Page layouts: functions of the URL's query, no callbacks and no data access at import."""

from __future__ import annotations

from dashboards.pages import activity, alerts, compare, glossary, import_page, journal, pain, references, shoes, trends, week

#: path → (navigation label, module with ``layout(query)``)
PAGES = {
    "/": ("Week", week),
    "/alerts": ("Alerts", alerts),
    "/trends": ("Trends", trends),
    "/shoes": ("Shoes", shoes),
    "/pain": ("Pain", pain),
    "/plan": ("Plan", journal),
    "/compare": ("Compare", compare),
    "/activity": ("Activity", activity),
    "/import": ("Import", import_page),
    "/glossary": ("Glossary", glossary),
    "/references": ("References", references),
}
