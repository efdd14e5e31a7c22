"""The plugin as a new author meets it: its options documented in the README as the schema has
them, nothing of this paper inside the package, and a misconfiguration told at its line of
mkdocs.yml."""

from __future__ import annotations

import re
import subprocess
import sys

from mkdocs.config import base

from conftest import ROOT, build, copy_project, failing_build
from edition.config import EditionConfig

# This paper's title and words that only it uses: none may stand in the toolkit.
PAPERS_OWN = ("Sino-Russian", "Sino-Russian Partnership", "NATO", "Kirchberger", "Warfighting",
              "Bekkevold", "paper-ocr", "sino-russian-partnership-nato", "policy-responses",
              "DIME", "dime-", "strategic-", "threat-", "Gabuev", "Radin")


def _options(schema: type[base.Config], prefix: str = "") -> list[str]:
    names = []
    for name, option in schema._schema:
        sub = getattr(option, "config_class", None)
        if sub is not None:
            names += _options(sub, f"{prefix}{name}.")
        else:
            names.append(prefix + name)
    return names


def test_every_option_is_in_the_readme_table_and_nothing_else():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Options", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([\w.]+)` \|", section, re.M)
    assert documented == sorted(documented, key=documented.index)  # each once
    assert set(documented) == set(_options(EditionConfig)), \
        set(documented) ^ set(_options(EditionConfig))


def test_the_package_names_no_paper():
    found = []
    for path in sorted((ROOT / "edition").rglob("*")):
        if path.suffix not in (".py", ".js", ".css", ".html") or "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {word}" for word in PAPERS_OWN if word in text]
    assert not found, found


def test_a_misspelt_option_is_an_error_at_its_line(tmp_path):
    def mutate(project):
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("    csl_locale: en-US", "    csl_locle: en-US"), encoding="utf-8")

    stderr = failing_build(tmp_path, mutate)
    line = next(n for n, text in enumerate((ROOT / "mkdocs.yml").read_text().splitlines(), 1)
                if text.startswith("    csl_locale:"))
    assert f"mkdocs.yml:{line}:5: error: plugin 'edition', option 'csl_locle'" in stderr, stderr


def test_a_renamed_fidelity_page_fails_the_build_at_the_config_line(tmp_path):
    """Renaming a paper page (and mending the nav) must not switch the fidelity check off."""
    def mutate(project):
        (project / "docs" / "policy-responses.md").rename(project / "docs" / "policy.md")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "3. Policy Responses: policy-responses.md", "3. Policy Responses: policy.md"),
            encoding="utf-8")

    stderr = failing_build(tmp_path, mutate)
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: the page of the fidelity part 'body' "
                     r"'policy-responses\.md' \(plugins: edition: pages\) does not exist", stderr), stderr


def test_a_missing_source_fails_the_build_at_its_option(tmp_path):
    stderr = failing_build(tmp_path, lambda project: (project / "source" / "paper-ocr.txt").unlink())
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: the fidelity check's source "
                     r"'source/paper-ocr\.txt' \(plugins: edition: source\) does not exist", stderr), stderr


def test_a_missing_glossary_is_told_at_its_option(tmp_path):
    stderr = failing_build(tmp_path, lambda project: (project / "glossary.yml").unlink())
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: the glossary file 'glossary\.yml' "
                     r"\(plugins: edition: glossary\) does not exist", stderr), stderr


def test_dirty_builds_are_refused_with_a_message(tmp_path):
    project = copy_project(tmp_path / "project")
    result = build(project, tmp_path / "site", "--dirty")
    assert result.returncode != 0
    assert "cannot be built with --dirty" in result.stderr and "Traceback" not in result.stderr


def test_the_wheel_declares_the_plugin_and_ships_its_assets(tmp_path):
    """`pip wheel` of the project: the entry point, the assets and templates inside."""
    import zipfile

    out = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(ROOT)], check=True, timeout=300)
    wheel = next(out.glob("mkdocs_edition-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for member in ("edition/plugin.py", "edition/assets/cards.js", "edition/assets/edition.css",
                   "edition/assets/print.css", "edition/templates/base.html",
                   "edition/assets/vendor/iframe-worker-shim.js"):
        assert member in names, member
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "edition = edition.plugin:EditionPlugin" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_a_setext_headings_label_is_a_label():
    from edition.crossrefs import model
    from edition.crossrefs.labels import DEFAULT

    found = model.collect("Method {#sec-method}\n======\n\nText.\n\n# Other {#sec-other}\n", "x.md", DEFAULT)
    assert [(label.name, label.line, label.heading) for label in found] == [
        ("sec-method", 1, True), ("sec-other", 6, True)]


def test_an_editorial_page_may_have_footnotes_of_its_own(tmp_path):
    """A footnote on About is the page's own: defined and shown there, not sent to notes.md."""
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + "\nAn aside of the editors.[^about-1]\n\n[^about-1]: The aside.\n",
                     encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="fn:about-1"' in page and "The aside." in page


def _tiny(tmp_path, options: str) -> tuple[subprocess.CompletedProcess, object]:
    """A paper of two pages, configured only by what ``options`` adds to the plugin's."""
    project = tmp_path / "tiny"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Tiny\n\nAs argued [@cited, p. 3].[^1]\n\n"
                                                "[^1]: A note on @cited.\n", encoding="utf-8")
    (project / "references.bib").write_text(
        "@book{cited, author = {Doe, Jane}, title = {Cited}, publisher = {P}, year = {2020}}\n"
        "@book{uncited, author = {Roe, Rick}, title = {Uncited}, publisher = {P}, year = {2021}}\n",
        encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Tiny\ntheme:\n  name: material\nplugins:\n  - search\n  - edition:\n"
        "      bibliography: references.bib\n" + options, encoding="utf-8")
    result = build(project, tmp_path / "site")
    return result, tmp_path / "site"


def test_uncited_entries_warn_list_or_are_left_out(tmp_path):
    told, _ = _tiny(tmp_path / "warn", "")
    assert told.returncode != 0 and "entry 'uncited' is never cited" in told.stderr
    for option, shown in (("list", True), ("ignore", False)):
        result, site = _tiny(tmp_path / option, f"      uncited: {option}\n")
        assert result.returncode == 0, result.stderr
        page = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
        assert 'id="ref-cited"' in page and ('id="ref-uncited"' in page) == shown, option


def test_the_cite_box_says_what_is_known_of_the_authors():
    from edition import metadata

    box = metadata.cite_box_html("Ref.", lambda p: p, "", authors_note="not identified in the source")
    assert '<p class="edition-cite__authors">Author: not identified in the source.</p>' in box
    assert "edition-cite__authors" not in metadata.cite_box_html("Ref.", lambda p: p, "")
