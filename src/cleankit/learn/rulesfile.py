"""Write a rules file as readable TOML, and merge a new learning run into a file a person has edited."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..rules import Rule, RuleSet

HEADER = """\
# Rules learned by `cleankit learn-site` from the site's pages: each removes whole lines.
# Review them: delete a rule, set `disabled = true`, or edit its pattern, then rerun the tests.
# A rule with `review = true` reads like article text (though it is on nearly every page): check it first.
# Re-learning keeps your edits and deletions (deleted ids are listed in [site] deleted).
# Kinds: exact (a whole line), normalised (numbers as {n}, months as {month}),
# pattern ({*} any text, {n}, {month}, {dateline}/{source}/... set that metadata),
# header/footer (lines opening/closing the pages; removed when half of them are on a page).
"""


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        if len(v) > 3 or sum(len(str(x)) for x in v) > 80:
            return "[\n" + "".join(f"    {_value(x)},\n" for x in v) + "]"
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k)


def dump_rules(rs: RuleSet) -> str:
    """The TOML text of a rule set."""
    out = [HEADER, "[site]"]
    site: dict[str, Any] = {
        "name": rs.name,
        "hosts": rs.hosts,
        "apply_share": rs.apply_share,
        **rs.site_extra,
        "deleted": sorted(set(rs.deleted)),
        "learned": sorted(set(rs.learned)),
    }
    for k, v in site.items():
        out.append(f"{_key(k)} = {_value(v)}")
    for rule in rs.rules:
        out.append("")
        out.append("[[rule]]")
        fields: dict[str, Any] = {
            "id": rule.id,
            "kind": rule.kind,
            "pattern": rule.pattern,
            "pages": rule.pages,
            "of_pages": rule.of_pages,
            "examples": rule.examples,
        }
        if rule.metadata:
            fields["metadata"] = rule.metadata
        if rule.review:
            fields["review"] = True
        if rule.disabled:
            fields["disabled"] = True
        if rule.note:
            fields["note"] = rule.note
        fields.update(rule.extra)
        for k, v in fields.items():
            out.append(f"{_key(k)} = {_value(v)}")
    return "\n".join(out) + "\n"


@dataclass
class MergeReport:
    """What re-learning did to an existing rules file."""

    added: list[Rule] = field(default_factory=list)
    updated: list[Rule] = field(default_factory=list)
    kept_edited: list[Rule] = field(default_factory=list)
    skipped_deleted: list[str] = field(default_factory=list)
    newly_deleted: list[str] = field(default_factory=list)
    no_longer_match: list[Rule] = field(default_factory=list)


def merge(old: RuleSet, new: RuleSet, matched_ids: set[str]) -> tuple[RuleSet, MergeReport]:
    """Merge freshly learned rules into a file a person may have edited.

    The person's version of a rule wins (pattern, flags, notes); counts and examples are
    refreshed only for rules whose pattern they left as learned. A learned id missing from
    the file was deleted by the person: it is recorded in ``deleted`` and never added again.
    ``matched_ids`` are the ids of the old rules that match at least one of the new pages.
    """
    report = MergeReport()
    present = {r.id for r in old.rules}
    deleted = set(old.deleted)
    for rid in old.learned:
        if rid not in present and rid not in deleted:
            deleted.add(rid)
            report.newly_deleted.append(rid)
    fresh = {r.id: r for r in new.rules}
    fresh_keys = {r.key(): r for r in new.rules}
    rules: list[Rule] = []
    for rule in old.rules:
        learned = fresh.get(rule.id)
        if learned is not None and learned.key() == rule.key():
            rule.pages, rule.of_pages, rule.examples = learned.pages, learned.of_pages, learned.examples
            report.updated.append(rule)
        elif learned is not None or rule.key() in fresh_keys:
            report.kept_edited.append(rule)
        if rule.id not in matched_ids:
            report.no_longer_match.append(rule)
        rules.append(rule)
    have_keys = {r.key() for r in rules}
    for rule in new.rules:
        if rule.id in deleted:
            report.skipped_deleted.append(rule.id)
        elif rule.id not in present and rule.key() not in have_keys:
            rules.append(rule)
            report.added.append(rule)
    merged = RuleSet(
        name=old.name or new.name,
        hosts=old.hosts or new.hosts,
        apply_share=old.apply_share,
        rules=rules,
        deleted=sorted(deleted),
        learned=sorted(set(old.learned) | {r.id for r in new.rules}),
        site_extra=old.site_extra,
    )
    return merged, report
