"""Analyze stage: canonical events across reports, their claims, and reconciled figures.

Depends only on the domain types, the store and the extract stage's vocabularies.
"""

from rightsledger.analyze.claims import (
    EventClaims,
    analyze,
    claims_json,
    collect,
    events_json,
    find_event,
    reconcile_all,
)
from rightsledger.analyze.entities import CanonicalEvent, EventMention, group_events, link_score
from rightsledger.analyze.reconcile import (
    DEFAULT_RULE,
    AnalyzeError,
    Claim,
    Decision,
    Figure,
    Reconciliation,
    Rule,
    get_rule,
    load_grades,
    register,
)

__all__ = [
    "DEFAULT_RULE",
    "AnalyzeError",
    "CanonicalEvent",
    "Claim",
    "Decision",
    "EventClaims",
    "EventMention",
    "Figure",
    "Reconciliation",
    "Rule",
    "analyze",
    "claims_json",
    "collect",
    "events_json",
    "find_event",
    "get_rule",
    "group_events",
    "link_score",
    "load_grades",
    "reconcile_all",
    "register",
]
