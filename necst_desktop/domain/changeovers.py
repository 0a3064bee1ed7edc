"""Which changeover rule applies between two campaigns in a suite (most specific wins)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import ChangeoverRule, Modality


def _key_score(key: str, product_code: str, modality: Modality) -> int | None:
    """How specifically ``key`` names a campaign: product 3, modality 2, family 1, '*' 0."""
    if key == product_code:
        return 3
    if key == modality.value:
        return 2
    if key == modality.family:
        return 1
    if key == "*":
        return 0
    return None


def resolve(rules: Iterable[ChangeoverRule], prev_product: str, prev_modality: Modality,
            next_product: str, next_modality: Modality, suite_id: int | None = None,
            same_client: bool = True) -> ChangeoverRule | None:
    """The rule for a changeover from one campaign to the next, or None if no rule matches."""
    same = prev_product == next_product and same_client
    best: tuple[int, ChangeoverRule] | None = None
    for rule in rules:
        if rule.retired:
            continue
        if rule.suite_id is not None and rule.suite_id != suite_id:
            continue
        if rule.same_product is not None and rule.same_product != same:
            continue
        a = _key_score(rule.from_key, prev_product, prev_modality)
        b = _key_score(rule.to_key, next_product, next_modality)
        if a is None or b is None:
            continue
        score = (8 if rule.suite_id is not None else 0) + (4 if rule.same_product is not None else 0)
        score = score * 16 + a * 4 + b
        if best is None or score > best[0]:
            best = (score, rule)
    return best[1] if best else None


#: the site defaults of the domain (hours), per predecessor family and successor
DEFAULT_RULES: tuple[ChangeoverRule, ...] = (
    ChangeoverRule("cell-therapy", "*", 4, ("line clearance",), same_product=True),
    ChangeoverRule("cell-therapy", "cell-therapy", 24,
                   ("line clearance", "clean and disinfect", "environmental monitoring",
                    "QA release"), same_product=False),
    ChangeoverRule("cell-therapy", "viral-vector", 24,
                   ("line clearance", "clean and disinfect", "environmental monitoring",
                    "QA release"), same_product=False),
    ChangeoverRule("viral-vector", "*", 8, ("line clearance", "clean and disinfect"),
                   same_product=True),
    ChangeoverRule("viral-vector", "cell-therapy", 72,
                   ("line clearance", "clean and disinfect", "VHP decontamination",
                    "environmental monitoring", "QA release"), same_product=False),
    ChangeoverRule("viral-vector", "viral-vector", 48,
                   ("line clearance", "clean and disinfect", "VHP decontamination",
                    "environmental monitoring", "QA release"), same_product=False),
)
