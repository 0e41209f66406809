"""The data-driven RulesCleaner: rule kinds, templates, when it applies, metadata, idempotence."""
from __future__ import annotations

import pytest

from cleankit import ConfigError, DocumentView, Origin
from cleankit.document import empty_metadata
from cleankit.rules import (
    RulesCleaner,
    collapse,
    compile_template,
    load_rules,
    normalise,
    normalise_pattern,
    rules_cleaner,
)
from cleankit.testing import assert_contract, make_pipeline

RULES = """
[site]
name = "gazette"
hosts = ["gazette.example"]

[[rule]]
id = "site"
kind = "exact"
pattern = "La  Gazette"
metadata = { site = "La Gazette" }

[[rule]]
id = "stamp"
kind = "normalised"
pattern = "{n} {month} {n} {n}:{n} (utc+{n}:{n})"

[[rule]]
id = "pub"
kind = "pattern"
pattern = "Publié dans {*} le {n} - {n} - {n}"

[[rule]]
id = "dl"
kind = "pattern"
pattern = "{dateline} / {source}"

[[rule]]
id = "menu"
kind = "header"
pattern = ["Accueil", "Politique", "Sport", "Culture"]

[[rule]]
id = "off"
kind = "exact"
pattern = "Voir aussi"
disabled = true
"""

PAGE = """La Gazette
Accueil
Politique
Sport
Le conseil vote le budget
15 Octobre 2021 17:52 (UTC+01:00)
Lyon / Agence Presse
Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine.
Publié dans L'opinion le 31 - 05 - 2024
Voir aussi
"""


@pytest.fixture
def cleaner(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return rules_cleaner("gazette", path)


def run(cls, text, url=None, meta=None, **options):
    m = empty_metadata()
    m.update(meta or {})
    out = cls(**options).clean(DocumentView.of(text, m, Origin(url=url)))
    removed = [text[c.start : c.end].strip() for c in out.changes]
    return removed, out.metadata


def test_normalise_numbers_months_and_spacing():
    assert normalise("15  Octobre 2021 17:52 (UTC+01:00)") == "{n} {month} {n} {n}:{n} (utc+{n}:{n})"
    assert normalise("Mar 3, 2020") == "{month} {n}, {n}"
    assert normalise("Le mar est calme") == "le mar est calme"  # a month name away from a number stays
    assert normalise_pattern("{n} OCTOBRE {n}") == normalise("3 octobre 2020")
    assert collapse("  A\u00a0 B ") == "a b"


def test_templates_match_whole_lines_and_capture_metadata():
    rx = compile_template("{dateline} / {source}")
    m = rx.fullmatch("Paris / La Gazette")
    assert m and m["dateline"] == "Paris" and m["source"] == "La Gazette"
    assert not rx.fullmatch("le chat / le chien")  # a place is capitalised
    assert compile_template("Publié dans {*} le {n} - {n} - {n}").fullmatch("publié dans  Le Monde le 1 - 2 - 2024")
    with pytest.raises(ConfigError, match="no fixed text"):
        compile_template("{*}")
    with pytest.raises(ConfigError, match="unknown or repeated"):
        compile_template("{bogus} x")


def test_every_kind_removes_its_lines_and_fills_metadata(cleaner):
    removed, meta = run(cleaner, PAGE)
    assert removed == [
        "La Gazette", "Accueil", "Politique", "Sport", "15 Octobre 2021 17:52 (UTC+01:00)",
        "Lyon / Agence Presse", "Publié dans L'opinion le 31 - 05 - 2024",
    ]
    assert meta == {"site": "La Gazette", "dateline": "Lyon", "source": "Agence Presse"}
    # metadata an earlier cleaner set is left alone
    _, meta = run(cleaner, PAGE, meta={"dateline": "Paris"})
    assert "dateline" not in meta


def test_url_decides_when_hosts_are_known(cleaner):
    assert run(cleaner, PAGE, url="https://www.gazette.example/a")[0]
    assert run(cleaner, PAGE, url="https://other.org/a")[0] == []
    assert run(cleaner, PAGE, url="https://other.org/a", hosts=["other.org"])[0]


def test_without_url_enough_rules_must_match(cleaner):
    # one rule's line alone (a header line, the site name) is not the site's fingerprint
    assert run(cleaner, "Accueil\nPolitique\nSport\nUn article.\n")[0] == []
    assert run(cleaner, "La Gazette\nUn article sur la gazette.\n")[0] == []
    assert run(cleaner, "Voir aussi\nLa Gazette\n")[0] == []  # a disabled rule is no evidence


def test_a_dateline_the_chain_already_read_counts_as_evidence(cleaner):
    page = "La Gazette\nAccueil\nPolitique\nUn article.\n"
    assert run(cleaner, page)[0] == []  # two of the five rules: not enough
    read = {"dateline": "Paris", "source": "Agence Presse"}  # byline read "Paris / Agence Presse" and removed it
    assert run(cleaner, page, meta=read)[0] == ["La Gazette", "Accueil", "Politique"]
    assert run(cleaner, page, meta={"dateline": "paris", "source": "x"})[0] == []  # not a dateline the rule reads


def test_cleaning_twice_changes_nothing_and_keeps_the_contract(cleaner):
    pipeline = make_pipeline(cleaner)
    once = pipeline.run(PAGE, Origin()).text
    assert pipeline.run(once, Origin()).edits == []
    assert_contract(cleaner, [("page", PAGE)])


def test_rules_file_errors_name_the_file_and_rule(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nid = "x1"\nkind = "pattern"\npattern = "{*}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules.toml: rule 1 \(x1\).*no fixed text"):
        load_rules(bad)
    bad.write_text('[[rule]]\nkind = "fuzzy"\npattern = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="kind must be one of"):
        load_rules(bad)
    bad.write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_rules(bad)
    with pytest.raises(ConfigError, match="needs a rules file"):
        RulesCleaner()


def test_learned_cleaner_runs_after_title_and_byline(cleaner):
    assert cleaner.order == 440 and cleaner.phase == "remove"
    chain = make_pipeline(cleaner, builtins=True).chain.names
    assert chain.index("byline") < chain.index("gazette") < chain.index("boilerplate")


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINES = PAGE.splitlines() + ["Culture", "Paris / La Gazette", "Un autre paragraphe de l'article.", "", "  "]


@pytest.fixture(scope="module")
def rules_only(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return make_pipeline(rules_cleaner("gazette", path), layout=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=20).map("\n".join), st.data())
def test_later_removals_never_wake_the_cleaner_up(rules_only, text, data):
    """Once it ran, removing any lines (as later cleaners do) gives it nothing more to do."""
    pipeline = rules_only
    once = pipeline.run(text, Origin())
    lines = once.text.split("\n")
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    later = "\n".join(line for line, k in zip(lines, keep) if k)
    assert pipeline.run(later, Origin()).edits == []
