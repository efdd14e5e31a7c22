"""Bad input in the settings and the sources beside the pages (issue 18): mkdocs.yml's own
options, the plugin's options, the ledger, the citation map, the glossary as a file, a page's
front matter; one edit in a copy of the project, then the build, as in ``test_bad_input``.

Each case asserts the exact message at the exact file, line and column (computed from the text
the case edits), a failing exit, no traceback, and that the problem is told once. The build is
run as ``make check`` runs it (``python -m edition build --strict``); the cases MkDocs checks
after it loads the plugin are run as plain ``mkdocs build --strict`` too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build, copy_project
from test_bad_input import _diagnostics, assert_told_once, append, replace, where

_GUIDE = "https://www.mkdocs.org/user-guide/configuration/"


def _edition_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "edition", "build", "--strict", "--site-dir",
                           str(site)], cwd=project, env=env, capture_output=True, text=True,
                          timeout=300)


def _nav_add(p, entry: str) -> None:
    replace(p, "mkdocs.yml", "  - Conclusion: conclusion.md\n",
            f"  - Conclusion: conclusion.md\n{entry}\n")


# --- mkdocs.yml: MkDocs' own settings ----------------------------------------------------------

def mkdocs_yml_not_yaml(p):
    _nav_add(p, "   - Annex: annex.md")
    return [f"{where(p, 'mkdocs.yml', '- Annex')}: error: not valid YAML: did not find expected "
            "'-' indicator (while parsing a block collection at line "
            f"{where(p, 'mkdocs.yml', '- Title page').split(':')[1]})",
            "    hint: indent each level by two spaces, as the lines around it; put a value that "
            "holds ': ' or starts with [ { * & ! or @ in quotes"]


def mkdocs_option_of_the_wrong_type(p):
    replace(p, "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: maybe")
    return [f"{where(p, 'mkdocs.yml', 'use_directory_urls')}: error: use_directory_urls is true "
            "or false, not 'maybe'",
            f"    hint: MkDocs' settings are described at {_GUIDE}#use_directory_urls"]


def theme_misspelt(p):
    replace(p, "mkdocs.yml", "  name: material", "  name: materiall")
    return [f"{where(p, 'mkdocs.yml', 'materiall')}: error: Unrecognised theme name: "
            "'materiall'. The available installed themes are: mkdocs, readthedocs, material"]


def markdown_extension_misspelt(p):
    replace(p, "mkdocs.yml", "  - footnotes\n", "  - footnote\n")
    return [f"{where(p, 'mkdocs.yml', '- footnote', 2)}: error: Failed to load extension "
            "'footnote'. ModuleNotFoundError: No module named 'footnote'"]


def plugin_misspelt(p):
    replace(p, "mkdocs.yml", "  search: {}", "  serch: {}")
    return [f"{where(p, 'mkdocs.yml', 'serch')}: error: The \"serch\" plugin is not installed",
            "    hint: a plugin is a Python package: correct its name, or add the package to "
            "requirements.in and lock it (CONTRIBUTING.md)"]


def mkdocs_setting_misspelt(p):
    replace(p, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nsite_urll: https://example.org/\n")
    return [f"{where(p, 'mkdocs.yml', 'site_urll')}: warning: MkDocs has no setting site_urll",
            f"    hint: did you mean site_url? (MkDocs' settings are described at {_GUIDE})"]


def plugin_option_at_the_top_level(p):
    replace(p, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nuncited: list\n")
    return [f"{where(p, 'mkdocs.yml', 'uncited: list')}: warning: MkDocs has no setting uncited",
            "    hint: uncited is an option of the edition: put it under plugins: - edition:"]


def validation_value_misspelt(p):
    replace(p, "mkdocs.yml", "unrecognized_links: warn", "unrecognized_links: loud")
    return [f"{where(p, 'mkdocs.yml', 'loud')}: error: validation.links.unrecognized_links is "
            "one of ['warn', 'info', 'ignore'], not 'loud'",
            f"    hint: MkDocs' settings are described at {_GUIDE}#validation"]


def validation_key_misspelt(p):
    replace(p, "mkdocs.yml", "    unrecognized_links: warn",
            "    unrecognized_links: warn\n    not_foud: warn")
    return [f"{where(p, 'mkdocs.yml', 'not_foud')}: warning: MkDocs has no setting "
            "validation.links.not_foud"]


def extra_key_misspelt(p):
    replace(p, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nextra:\n  ofline_edition: true\n")
    return [f"{where(p, 'mkdocs.yml', 'ofline_edition')}: warning: extra.ofline_edition is read "
            "by nothing: did you mean extra.offline_edition?",
            "    hint: correct the name; as it is, offline_edition is not set"]


def absolute_path_in_the_nav(p):
    _nav_add(p, "  - Home: /index.html")
    return [f"{where(p, 'mkdocs.yml', '/index.html')}: warning: the nav links to '/index.html' "
            "(Home), a path from the server's root: it breaks wherever the site is not at the "
            "root of its address",
            "    hint: name the page as index.md, or write a full address (https://...)"]


def absolute_link_on_a_page(p):
    append(p, "docs/about.md", "\nSee [the overview](/overview.md#sec-overview).\n")
    return [f"{where(p, 'docs/about.md', '/overview.md#')}: warning: link to "
            "'/overview.md#sec-overview': a path from the server's root, which breaks wherever "
            "the site is not at the root of its address",
            "    hint: write it relative to this page: 'overview.md#sec-overview'"]


CASES = [mkdocs_yml_not_yaml, mkdocs_option_of_the_wrong_type, theme_misspelt,
         markdown_extension_misspelt, plugin_misspelt, mkdocs_setting_misspelt,
         plugin_option_at_the_top_level, validation_value_misspelt, validation_key_misspelt,
         extra_key_misspelt, absolute_path_in_the_nav, absolute_link_on_a_page]

# Told at their line by a plain `mkdocs build` as well: MkDocs reads them once the plugin is
# loaded (or the plugin reads them itself).
AFTER_THE_PLUGIN = {mkdocs_setting_misspelt, plugin_option_at_the_top_level,
                    validation_value_misspelt, validation_key_misspelt, extra_key_misspelt,
                    absolute_path_in_the_nav, absolute_link_on_a_page}


# --- the plugin's options ----------------------------------------------------------------------

def plugin_option_of_the_wrong_type(p):
    replace(p, "mkdocs.yml", "    lists: true ", "    lists: yes please ")
    return [f"{where(p, 'mkdocs.yml', 'lists: yes')}: error: plugin 'edition', option lists is "
            "true or false, not 'yes please'",
            "    hint: the options are listed in the README, 'Use it for your own paper'"]


def notes_page_missing(p):
    replace(p, "mkdocs.yml", "      page: notes.md ", "      page: endnotes.md ")
    return [f"{where(p, 'mkdocs.yml', 'page: endnotes.md')}: error: the notes page 'endnotes.md' "
            "(plugins: edition: page) does not exist",
            "    hint: create docs/endnotes.md, or remove notes: page: so that each page defines "
            "the notes it uses"]


def bibliography_missing(p):
    replace(p, "mkdocs.yml", "    bibliography: references.bib", "    bibliography: refs.bib")
    return [f"{where(p, 'mkdocs.yml', 'bibliography: refs.bib')}: error: the bibliography file "
            "'refs.bib' (plugins: edition: bibliography) does not exist",
            "    hint: create it, or correct the path (relative to mkdocs.yml)",
            # A second problem of its own: the Bibliography page offers the .bib the site no
            # longer serves.
            f"{where(p, 'docs/bibliography.md', 'references.bib)')}: error: link to "
            "'references.bib': there is no file docs/references.bib"]


def not_glossed_page_misspelt(p):
    replace(p, "mkdocs.yml", "not_glossed: [about.md]", "not_glossed: [abuot.md]")
    return [f"{where(p, 'mkdocs.yml', 'abuot.md')}: error: not_glossed names 'abuot.md', which "
            "is not a page under docs/", "    hint: did you mean about.md?"]


def kind_named_by_a_list(p):
    replace(p, "mkdocs.yml", "      rec: Recommendation", "      rec: [Recommendation]")
    return [f"{where(p, 'mkdocs.yml', 'rec: [')}: error: the cross-reference kind 'rec' is named "
            "['Recommendation'], not a word",
            "    hint: write the word readers see, e.g. rec: Recommendation"]


def fidelity_lines_beyond_the_source(p):
    count = len((p / "source/paper-ocr.txt").read_text(encoding="utf-8").splitlines())
    replace(p, "mkdocs.yml", "lines: [1, 362]", "lines: [1, 3620]")
    return [f"{where(p, 'mkdocs.yml', 'lines: [1, 3620]')}: error: the fidelity part 'body' has "
            f"lines [1, 3620], not [first, last] of the source's {count} lines",
            "    hint: write the first and the last line of source/paper-ocr.txt the part's pages "
            "hold, e.g. lines: [1, 362]"]


def notes_part_misspelt(p):
    replace(p, "mkdocs.yml", "notes_part: notes", "notes_part: note")
    return [f"{where(p, 'mkdocs.yml', 'notes_part: note')}: error: notes_part names 'note', which "
            "is not a part of the fidelity block",
            "    hint: did you mean 'notes'? (its parts: body, notes)"]


CASES += [plugin_option_of_the_wrong_type, notes_page_missing, bibliography_missing,
          not_glossed_page_misspelt, kind_named_by_a_list, fidelity_lines_beyond_the_source,
          notes_part_misspelt]
AFTER_THE_PLUGIN |= {plugin_option_of_the_wrong_type, notes_page_missing, bibliography_missing,
                     not_glossed_page_misspelt, kind_named_by_a_list,
                     fidelity_lines_beyond_the_source, notes_part_misspelt}


# --- the ledger, the citation map, the glossary, a page ----------------------------------------

def _first_entry(p) -> str:
    text = (p / "source/emendations.yml").read_text(encoding="utf-8")
    first = text.index("\n- line: ") + 1
    return text[first:text.index("\n- line: ", first) + 1]


def ledger_line_not_a_number(p):
    entry = _first_entry(p)
    number = entry.split("\n")[0].removeprefix("- line: ")
    replace(p, "source/emendations.yml", entry, entry.replace(f"- line: {number}", "- line: ten", 1))
    return [f"{where(p, 'source/emendations.yml', '- line: ten')}: error: ledger entry 1: line "
            "is 'ten', not a line number of the source",
            "    hint: write the number of the source line the OCR reading is on, e.g. 'line: 12'"]


def ledger_words_as_a_list(p):
    entry = _first_entry(p)
    ocr = next(l for l in entry.split("\n") if l.startswith("  ocr: "))
    replace(p, "source/emendations.yml", ocr, "  ocr: [" + ocr.removeprefix("  ocr: ") + "]")
    return [f"{where(p, 'source/emendations.yml', entry.split(chr(10))[0])}: error: ledger "
            "entry 1: ocr is not a text",
            "    hint: write ocr as a quoted text, e.g. ocr: \"...\" (YAML reads a value that "
            "starts with [ or { as a list or a mapping)"]


def ledger_field_misspelt(p):
    entry = _first_entry(p)
    replace(p, "source/emendations.yml", entry, entry.replace("  kind: ", "  knd: ", 1))
    return [f"{where(p, 'source/emendations.yml', entry.split(chr(10))[0])}: error: ledger "
            "entry 1: missing kind",
            "    hint: every entry has line, ocr, edition, kind and why; 'knd' is not a field "
            "(fields: line, ocr, edition, kind, why, move_to)"]


def ledger_not_yaml(p):
    import yaml
    entry = _first_entry(p)
    why = next(l for l in entry.split("\n") if l.startswith("  why: "))
    replace(p, "source/emendations.yml", why, why.rstrip('"'))  # a quotation left open
    try:
        yaml.safe_load((p / "source/emendations.yml").read_text(encoding="utf-8"))
    except yaml.YAMLError as error:  # where the open quotation stops the reading
        mark = error.problem_mark
    return [f"source/emendations.yml:{mark.line + 1}:{mark.column + 1}: error: not valid YAML: "
            "did not find expected key",
            "    hint: each entry is '- line: N' followed by ocr, edition, kind and why, indented "
            "two spaces"]


def ledger_not_a_list(p):
    (p / "source/emendations.yml").write_text("line: 5\nocr: x\n", encoding="utf-8")
    return ["source/emendations.yml:1:1: error: the ledger is not a list of entries",
            "    hint: each entry is '- line: N' followed by ocr, edition, kind and why, indented "
            "two spaces"]


def ledger_move_to_without_its_words(p):
    replace(p, "source/emendations.yml", "move_to: {line: 279, before: \"Sino-Russian Relationship\"}",
            "move_to: 279")
    text = (p / "source/emendations.yml").read_text(encoding="utf-8")
    start = text.rindex("\n- line: ", 0, text.index("move_to: 279")) + 1
    index = text[:start].count("\n- line: ") + 1
    return [f"source/emendations.yml:{text.count(chr(10), 0, start) + 1}:1: error: ledger entry "
            f"{index}: move_to is not a line and the words it goes before",
            "    hint: write it as 'move_to: {line: N, before: \"words\"}'"]


def citation_map_not_yaml(p):
    text = (p / "source/citation-map.yml").read_text(encoding="utf-8")
    first = text.index("\n- text: ") + 1
    line_end = text.index("\n", first)
    replace(p, "source/citation-map.yml", text[first:line_end + 1],
            text[first:line_end + 1] + "   keys: x: y\n")
    return [f"{where(p, 'source/citation-map.yml', 'keys: x: y', 4)}: error: citation map: not "
            "valid YAML: mapping values are not allowed in this context"]


def glossary_empty(p):
    (p / "glossary.yml").write_text("# The terms, one a line.\n", encoding="utf-8")
    return ["glossary.yml:1:1: error: the glossary has no terms",
            "    hint: add its terms ('TERM: expansion', one a line, or '- term: ...' entries), or "
            "remove the glossary option to build without one"]


def front_matter_not_yaml(p):
    path = p / "docs/about.md"
    path.write_text("---\ntitle: [About this edition\n---\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return ["docs/about.md:3:1: error: the front matter is not valid YAML: expected ',' or ']', "
            "but got '<stream end>'",
            "    hint: write it as 'key: value' lines between the two '---' lines"]


def page_left_empty(p):
    (p / "docs/annex.md").write_text("\n", encoding="utf-8")
    _nav_add(p, "  - Annex: annex.md")
    return ["docs/annex.md:1:1: warning: the page is empty",
            "    hint: write its text, or remove it from docs/ and from the nav in mkdocs.yml"]


CASES += [ledger_line_not_a_number, ledger_words_as_a_list, ledger_field_misspelt,
          ledger_not_yaml, ledger_not_a_list, ledger_move_to_without_its_words,
          citation_map_not_yaml, glossary_empty, front_matter_not_yaml, page_left_empty]
AFTER_THE_PLUGIN |= {ledger_line_not_a_number, ledger_words_as_a_list, ledger_field_misspelt,
                     ledger_not_yaml, ledger_not_a_list, ledger_move_to_without_its_words,
                     citation_map_not_yaml, glossary_empty, front_matter_not_yaml,
                     page_left_empty}


def _check(result, expected) -> None:
    output = assert_told_once(result, expected)
    assert "Config value '" not in output, output


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_setting_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    _check(_edition_build(project, tmp_path / "site"), expected)
    if case in AFTER_THE_PLUGIN:
        _check(build(project, tmp_path / "plain"), expected)


def test_the_real_project_builds_through_python_m_edition(tmp_path):
    result = _edition_build(copy_project(tmp_path / "project"), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not _diagnostics(result.stderr), result.stderr


def test_serve_on_a_busy_port_says_which_and_how_to_pick_another(tmp_path):
    """Before the first build: the port is checked, not found busy after a full build."""
    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        result = subprocess.run([sys.executable, "-m", "edition", "serve", "--no-livereload",
                                 "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert f"port {port} of 127.0.0.1 is busy (another `make serve` or server is using it): the " \
           "preview cannot be served there" in output, output
    assert "    hint: pick another port: make serve PORT=" in output, output
    assert "Building documentation to directory" not in output, output
