"""The default offline, deterministic extractor (placeholder until the rules land)."""

from __future__ import annotations

from rightsledger.domain import Facts
from rightsledger.extract.registry import register


class RuleExtractor:
    name = "rightsledger.rules.v1"
    version = "0.1.0"

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        return Facts()


@register("rightsledger.rules.v1")
def make_rule_extractor() -> RuleExtractor:
    return RuleExtractor()
