"""Analyze stage: canonical events and actors across reports, their claims, and reconciled figures.

Depends only on the domain types, the store and the extract stage's vocabularies.
"""

from rightsledger.analyze.actors import (
    ActorMember,
    ActorMention,
    ActorRole,
    CanonicalActor,
    actors_json,
    canonical_actors,
    find_actor,
    group_actors,
)
from rightsledger.analyze.claims import (
    EventClaims,
    analyze,
    claims_json,
    collect,
    events_json,
    find_event,
    reconcile_all,
)
from rightsledger.analyze.entities import CanonicalEvent, EventMention, check_split, group_events, link_score
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
    "ActorMember",
    "ActorMention",
    "ActorRole",
    "AnalyzeError",
    "CanonicalActor",
    "CanonicalEvent",
    "Claim",
    "Decision",
    "EventClaims",
    "EventMention",
    "Figure",
    "Reconciliation",
    "Rule",
    "actors_json",
    "analyze",
    "canonical_actors",
    "check_split",
    "claims_json",
    "collect",
    "events_json",
    "find_actor",
    "find_event",
    "get_rule",
    "group_actors",
    "group_events",
    "link_score",
    "load_grades",
    "reconcile_all",
    "register",
]
