"""Cue words for reporting, demanding and counting, as regular-expression pieces."""

from __future__ import annotations

# Verbs that introduce what someone said; the content follows them.
REPORT_VERBS = (
    r"said|says|say|stated|states|added|adds|adding|noted|notes|noting|warned|warns|warning|stressed|"
    r"stresses|stressing|argued|argues|arguing|insisted|insists|insisting|declared|declares|claimed|claims|"
    r"claiming|reported|reports|announced|announces|explained|explains|asserted|asserts|affirmed|"
    r"acknowledged|admitted|admits|alleged|alleges|maintained|maintains|maintain|observed|recalled|recalls|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|highlighted|concluded|concludes|believes|believe|found|finds|"
    r"denied|denies|charged|estimated|considers|described|condemned|condemns|deplored|deplores|"
    r"denounced|denounces|urged|urges|urging|appealed|asked|asks|expressed|expresses|voiced|voices|told|"
    r"tells|telling|reminded|reminds|saying|accused|accuses|pointed out|points out|pointed to|wrote|writes|"
    r"tweeted|posted|called on|calls on|calling on|called for|calls for|calling for|demanded|demands|"
    r"demanding|apologised|apologized|confirmed|confirms|cautioned|complained|contended|revealed|suggested|agreed|"
    r"would condemn|would also condemn|would deplore|would also deplore|would press|would strongly press|"
    r"would urge|would call on|would express|wishes to state|continues to maintain|"
    r"expressed concern|voiced alarm|voiced concern|expressed alarm|raised concern|reaffirms|reaffirmed|"
    r"refers to|referred to|calls upon|called upon|requests|requested|describes|cited|cites|"
    r"concerned (?:at|about|by|over|that)|alarmed (?:at|by|over|that)|troubled by|disturbed by|"
    r"called|calls"
)
# Reporting "verbs" that are adjectives after "is" / "are" ("The experts are alarmed by ...").
STATE_OF_MIND = ("concerned", "alarmed", "troubled", "disturbed")
# Reporting verbs that need a "that" clause to report speech ("found that", not "found bodies").
NEEDS_THAT = {
    "found",
    "finds",
    "concluded",
    "concludes",
    "believes",
    "believe",
    "considers",
    "recalled",
    "recalls",
    "admitted",
    "admits",
    "acknowledged",
    "denied",
    "denies",
    "charged",
    "estimated",
    "observed",
    "confirmed",
    "confirms",
    "revealed",
    "suggested",
    "agreed",
    "reported",
    "reports",
    "announced",
    "announces",
    "posted",
    "wrote",
    "writes",
    "explained",
    "explains",
    "noted",
    "notes",
    "noting",
    "maintained",
    "maintains",
    "maintain",
    "insisted",
    "insists",
    "insisting",
    "argued",
    "argues",
    "arguing",
    "claimed",
    "claims",
    "claiming",
    "alleged",
    "alleges",
}
# Verbs whose content starts after a preposition ("called on the authorities to ...").
AFTER_PREPOSITION = r"(?:on|for|of|to)"
AUX = {
    "has",
    "had",
    "have",
    "also",
    "further",
    "today",
    "yesterday",
    "then",
    "later",
    "again",
    "once",
    "repeatedly",
    "previously",
    "earlier",
    "still",
    "is",
    "was",
    "were",
    "are",
    "would",
    "will",
    "strongly",
    "thereby",
    "already",
    "herself",
    "himself",
    "itself",
    "themselves",
    "now",
    "publicly",
    "meanwhile",
    "since",
    "subsequently",
    "immediately",
    "firmly",
    "clearly",
    "explicitly",
    "separately",
    "jointly",
    "last",
    "long",
    "gravely",
    "deeply",
    "extremely",
    "particularly",
    "consistently",
    "this",
    "week",
    "month",
    "year",
    "on",
    "in",
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
    "continues",
    "continue",
    "to",
    "been",
    "being",
    "reportedly",
}
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# "the group", "the Office": role nouns that point back to the organisation last named.
GENERIC_ORG_HEADS = {
    "group",
    "groups",
    "organization",
    "organisation",
    "ngo",
    "monitor",
    "monitors",
    "office",
    "team",
    "ministry",
    "agency",
    "body",
    "commission",
    "panel",
    "committee",
    "council",
    "institute",
    "mission",
    "network",
    "coalition",
    "government",
    "authorities",
    "watchdog",
    "court",
    "tribunal",
    "movement",
}
