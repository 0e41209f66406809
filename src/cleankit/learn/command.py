"""``cleankit learn-site``: learn a site's furniture from its pages and write the plugin package."""
from __future__ import annotations

import sys

import click

from ..errors import CleankitError
from ..rules import RuleSet
from ..scaffold import check_name
from .filters import FilterOptions
from .mine import MineOptions
from .package import DEFAULT_SAMPLES, package_dir, rules_path, write_package
from .pages import read_pages
from .site import Learned, describe, learn_site

_M = MineOptions()
_F = FilterOptions()


def dry_run_report(learned: Learned) -> str:
    """What would be learned, what each rule removes on the pages, and what was left out."""
    rs = learned.ruleset
    out = [
        f"{len(rs.rules)} rules learned from {learned.pages} pages "
        f"(the rules apply to {learned.applies_to} of them; hosts: {', '.join(rs.hosts) or 'none'})",
        "",
    ]
    for r in rs.rules:
        eff = learned.effects.get(r.id)
        flags = " [review]" if r.review else ""
        meta = f" sets {', '.join(r.metadata)}" if r.metadata else ""
        out.append(f"  {r.id}  {r.kind:<10} seen on {r.pages} of {r.of_pages}{flags}{meta}: {describe(r)}")
        if eff is not None:
            out.append(f"            removes {eff.lines} lines on {eff.pages} pages" + (
                ": " + " / ".join(repr(e[:50]) for e in eff.examples) if eff.examples else ""))
        if r.note:
            out.append(f"            note: {r.note}")
    if learned.left_out:
        out += ["", f"left out ({len(learned.left_out)}):"]
        for r in learned.left_out[:40]:
            out.append(f"  {r.kind:<10} seen on {r.pages} of {r.of_pages}: {describe(r)}  ({r.note})")
        if len(learned.left_out) > 40:
            out.append(f"  ... and {len(learned.left_out) - 40} more")
    return "\n".join(out)


@click.command("learn-site")
@click.argument("pages", nargs=-1, required=True)
@click.option("--name", required=True, help="The plugin's name (package cleankit-NAME, cleaner NAME).")
@click.option("--hosts", default=None, metavar="A,B", help="The site's hosts (default: from the pages' URLs).")
@click.option("-o", "--output", "dest", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Folder holding (or to hold) the package cleankit-NAME; an existing one is updated.")
@click.option("--dry-run", is_flag=True, help="Show what would be learned and what each rule removes; write nothing.")
@click.option("--min-share", type=click.FloatRange(0, 1, min_open=True), default=_M.min_share, show_default=True,
              help="Share of the pages a line must be seen on.")
@click.option("--min-pages", type=click.IntRange(2), default=_M.min_pages, show_default=True,
              help="Distinct pages a line must be seen on.")
@click.option("--max-chars", type=click.IntRange(10), default=_M.max_chars, show_default=True,
              help="Longer lines are never learned.")
@click.option("--review-words", type=click.IntRange(1), default=_F.review_words, show_default=True,
              help="A sentence-like line of this many words reads like article text.")
@click.option("--sentence-share", type=click.FloatRange(0, 1), default=_F.sentence_share, show_default=True,
              help="A line reading like article text is learned (marked review) only on this share of the pages.")
@click.option("--check-pages", type=click.IntRange(1), default=_F.check_pages, show_default=True,
              help="Pages the built-in chain is run on, to leave out what it already removes.")
@click.option("--samples", type=click.IntRange(0), default=DEFAULT_SAMPLES, show_default=True,
              help="Pages written as golden samples in a new package.")
def learn_site_cmd(
    pages: tuple[str, ...], name: str, hosts: str | None, dest: str, dry_run: bool, min_share: float, min_pages: int,
    max_chars: int, review_words: int, sentence_share: float, check_pages: int, samples: int,
) -> None:
    """Learn a site's boilerplate from PAGES (files, folders, JSONL with url) and write its plugin package.

    Lines recurring across many distinct pages (exact, and with numbers and dates normalised),
    header and footer sequences and lines with a variable part become rules in a readable
    rules file; what the built-in chain already removes and lines that read like article text
    are left out (or marked review). Re-running updates the rules file and keeps your edits.
    """
    try:
        norm = check_name(name)
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    problems: list[str] = []

    def report(message: str) -> None:
        problems.append(message)
        click.echo(f"cleankit: {message}", err=True)

    read = read_pages(pages, on_error=report)
    if len(read) < 2:
        raise click.ClickException(f"learning needs at least two pages; read {len(read)}")
    host_list = [h.strip() for h in hosts.split(",") if h.strip()] if hosts is not None else None
    learned = learn_site(
        read, norm, hosts=host_list,
        mine_options=MineOptions(min_share=min_share, min_pages=min_pages, max_chars=max_chars),
        filter_options=FilterOptions(review_words=review_words, sentence_share=sentence_share, check_pages=check_pages),
    )
    if dry_run:
        click.echo(dry_run_report(learned))
        existing = rules_path(package_dir(dest, norm), norm)
        if existing.exists():
            click.echo(f"\n(dry run: {existing} would be updated; nothing was written)")
        else:
            click.echo("\n(dry run: nothing was written)")
        sys.exit(1 if problems else 0)
    if not learned.ruleset.rules and not rules_path(package_dir(dest, norm), norm).exists():
        raise click.ClickException(
            f"no rules learned from {len(read)} pages: they share no furniture the built-in chain leaves in "
            "(--dry-run lists what was left out; --min-share lowers the bar)"
        )
    try:
        result = write_package(learned, read, dest, samples=samples)
    except CleankitError as exc:
        raise click.ClickException(str(exc)) from exc
    rs: RuleSet = result.ruleset
    review = sum(r.review for r in rs.rules)
    verb = "created" if result.created else "updated"
    click.echo(f"{verb} {result.target}: {len(rs.rules)} rules ({review} marked review) from {len(read)} pages")
    m = result.merge
    if m is not None:
        click.echo(f"  added {len(m.added)}, refreshed {len(m.updated)}, kept as you edited them {len(m.kept_edited)}, "
                   f"deleted by you and not re-added {len(m.skipped_deleted) + len(m.newly_deleted)}")
        for r in m.no_longer_match:
            click.echo(f"  no longer matches any page: {r.id} {r.kind} {describe(r)}")
    click.echo(f"rules: {rules_path(result.target, norm)}\nnext: review the rules, then "
               f"(cd {result.target} && pytest) or pip install -e {result.target}")
    sys.exit(1 if problems else 0)
