"""The three site plugins: each acts on its own site's pages and never touches any other document."""
from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleankit
from cleankit.cli import cli
from cleankit.document import empty_metadata
from cleankit.testing import make_pipeline

from _shared import ROOT, shared_dir

cleankit_lagazette = pytest.importorskip("cleankit_lagazette")
cleankit_jannah = pytest.importorskip("cleankit_jannah")
cleankit_aggregator = pytest.importorskip("cleankit_aggregator")

SAMPLES = ROOT / "samples"
# plugin module -> (cleaner class, the seeds of its site)
PLUGINS = {
    "lagazette": (cleankit_lagazette.Lagazette, {"001", "002", "004"}),
    "jannah": (cleankit_jannah.Jannah, {"003"}),
    "aggregator": (cleankit_aggregator.Aggregator, {"000"}),
}
SEEDS = sorted(p for p in SAMPLES.glob("*.txt"))


def outcome(cls, text: str, url: str | None = None):
    return cls().clean(cleankit.DocumentView.of(text, empty_metadata(), cleankit.Origin(url=url)))


@pytest.mark.parametrize("plugin", sorted(PLUGINS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_acts_only_on_its_own_seeds(plugin, seed):
    cls, own = PLUGINS[plugin]
    out = outcome(cls, seed.read_text(encoding="utf-8"))
    if seed.name[:3] in own:
        assert out.changes and out.metadata
    else:
        assert out.changes == [] and out.metadata == {}


def _trafilatura_dumps() -> list[Path]:
    shared = shared_dir()
    folder = shared / "eval" / "trafilatura" / "text" if shared else None
    return sorted(folder.glob("*.txt")) if folder and folder.is_dir() else []


@pytest.mark.parametrize("plugin", sorted(PLUGINS))
def test_never_touches_the_trafilatura_pages(plugin):
    dumps = _trafilatura_dumps()
    if not dumps:
        pytest.skip("../shared/eval/trafilatura/text is not here")
    cls = PLUGINS[plugin][0]
    touched = [p.name for p in dumps if (o := outcome(cls, p.read_text(encoding="utf-8"))).changes or o.metadata]
    assert touched == [], f"{plugin} changed pages of other sites: {touched[:10]}"


def test_all_three_together_on_every_seed():
    pipeline = make_pipeline(cleankit_lagazette, cleankit_jannah, cleankit_aggregator)
    for seed in SEEDS:
        result = pipeline.clean_file(seed)
        used = {e.cleaner for e in result.edits} - {"layout"}
        owners = {name for name, (_, own) in PLUGINS.items() if seed.name[:3] in own}
        assert used == owners, seed.name


# -- control: listing, disabling and ordering through entry points, config and command line --

def _installed(dist: str) -> bool:
    try:
        importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


needs_install = pytest.mark.skipif(
    not all(_installed(f"cleankit-{n}") for n in PLUGINS), reason="the plugins are not installed (make install)"
)
SEED_001 = str(SAMPLES / "001_a636edbbe810d867.txt")


def _chain(*args: str, env: dict | None = None) -> list[str]:
    res = CliRunner().invoke(cli, ["chain", "--json", *args], env=env)
    assert res.exit_code == 0, res.output
    return [s["cleaner"] for s in json.loads(res.stdout)]


@needs_install
def test_plugins_are_listed_with_their_cleaners():
    res = CliRunner().invoke(cli, ["plugins", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    for name in PLUGINS:
        assert rows[f"cleankit-{name}"]["cleaners"] == [name]
        assert rows[f"cleankit-{name}"]["entry_point"] == name
    chain = _chain()
    assert chain.index("lagazette") < chain.index("jannah") < chain.index("aggregator") < chain.index("layout")


@needs_install
def test_disable_a_plugin_from_command_line_config_and_environment(tmp_path, monkeypatch):
    assert "lagazette" not in _chain("--disable-plugin", "lagazette")
    assert "jannah" not in _chain("--disable-plugin", "cleankit-jannah")  # the distribution name works too
    assert "aggregator" not in _chain(env={"CLEANKIT_DISABLE_PLUGINS": "aggregator,jannah"})
    cfg = tmp_path / "cleankit.toml"
    cfg.write_text('[plugins]\ndisable = ["lagazette"]\n')
    assert "lagazette" not in _chain("--config", str(cfg))
    res = CliRunner().invoke(cli, ["plugins", "--json", "--disable-plugin", "jannah"])
    assert "cleankit-jannah" not in {r["name"] for r in json.loads(res.stdout)}


@needs_install
def test_disable_and_order_cleaners(tmp_path):
    assert "lagazette" not in _chain("--disable", "lagazette")
    assert _chain("--chain", "aggregator,lagazette,layout") == ["aggregator", "lagazette", "layout"]
    cfg = tmp_path / "cleankit.toml"
    cfg.write_text('chain = ["jannah", "layout"]\n')
    assert _chain("--config", str(cfg)) == ["jannah", "layout"]
    cfg.write_text('disable = ["jannah"]\nenable = ["lagazette"]\n')
    chain = _chain("--config", str(cfg))
    assert "jannah" not in chain and "lagazette" in chain
    res = CliRunner().invoke(cli, ["chain", "--chain", "lagazete"])
    assert res.exit_code != 0 and "did you mean lagazette" in res.output


@needs_install
def test_clean_command_applies_the_plugin_and_url_decides(tmp_path):
    res = CliRunner().invoke(cli, ["clean", SEED_001, "--format", "jsonl", "--chain", "lagazette,layout"])
    assert res.exit_code == 0, res.output
    record = json.loads(res.stdout.splitlines()[0])
    assert record["metadata"]["site"] == "Lagazette" and not record["text"].startswith("Lagazette")
    # with hosts configured, a known URL of another site turns the plugin off for that document
    cfg = tmp_path / "cleankit.toml"
    cfg.write_text('[cleaners.lagazette]\nhosts = ["example-gazette.az"]\n')
    args = ["clean", SEED_001, "--format", "jsonl", "--config", str(cfg), "--chain", "lagazette,layout"]
    other = json.loads(CliRunner().invoke(cli, [*args, "--url", "https://news.example.org/a"]).stdout)
    assert other["text"].startswith("Lagazette") and other["metadata"]["site"] is None
    own = json.loads(CliRunner().invoke(cli, [*args, "--url", "https://www.example-gazette.az/a"]).stdout)
    assert own["metadata"]["site"] == "Lagazette"


# -- idempotence inside a longer chain -----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINES = [
    "Lagazette", "LAGAZETTE", "15 Octobre 2021 17:52 (UTC+01:00)", "3 Juin 2024 09:05 (UTC)",
    "Paris / La Gazette", "Bakou / AZERTAC", "Loading...", "L'info de A à Z Voir Plus", "L'info de A à Z",
    "Voir Plus", "Jannah Theme License is not validated, Go to the theme options page to validate the license.",
    "Nouvelles du monde", "CNN", "G News", "Photo de Jeoffro René", "Jeoffro René",
    "I photograph general events and conferences.", "Bouton retour en haut de la page", "Back to top button",
    "Merci d'avoir signalé!", "Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.",
    "Publié dans L'opinion le 31 - 05 - 2024", "Cliquez ici pour lire l'article depuis sa source.",
    "Titre un\u00a0\u00a0\u00a0\u00a0Titre deux\u00a0\u00a0\u00a0\u00a0Titre trois\u00a0\u00a0\u00a0\u00a0Titre quatre"
    "\u00a0\u00a0\u00a0\u00a0Titre cinq\u00a0\u00a0\u00a0\u00a0" + "Titre six " * 20,
    "L'AZERBAÏDJAN ENVOIE DE L'AIDE HUMANITAIRE AU KARABAKH",
    "Le ministère a déclaré mardi avoir lancé une campagne dans la région, selon les autorités locales. " * 4,
    "", "   ",
]
document = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=25).map("\n".join)
PLUGINS_ONLY = make_pipeline(cleankit_lagazette, cleankit_jannah, cleankit_aggregator, layout=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document, st.data())
def test_later_removals_never_wake_a_plugin_up(text, data):
    """Once the plugins ran, removing any lines (as later cleaners do) gives them nothing more to do."""
    once = PLUGINS_ONLY.run(text, cleankit.Origin())
    lines = once.text.split("\n")
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    later = "\n".join(line for line, k in zip(lines, keep) if k)
    again = PLUGINS_ONLY.run(later, cleankit.Origin())
    assert again.edits == [], [(e.cleaner, e.reason, e.removed) for e in again.edits]
