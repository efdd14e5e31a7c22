"""The GitHub workflows are valid, and the problem matcher turns the build's diagnostics into
annotations. Nothing here needs a network or GitHub: the workflow schema ships inside
check-jsonschema, and the matcher is applied here the way the Actions runner applies it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from edition.common.diagnostics import Diagnostic

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MATCHER = ROOT / ".github" / "problem-matchers" / "edition.json"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def test_workflows_follow_the_github_workflow_schema():
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "release.yml"}
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_configuration_follows_its_schema():
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.dependabot",
         str(ROOT / ".github" / "dependabot.yml")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _steps():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, name, step


def test_actions_are_pinned_by_commit_and_checkouts_keep_no_token():
    """A tag can be moved; a commit cannot. The version stands in a comment on the same line
    (Dependabot updates both). No checkout leaves the token in .git/config."""
    for workflow, job, step in _steps():
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (workflow, job, step["uses"])
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("fetch-depth") == 0, (workflow, job)
            assert step["with"].get("persist-credentials") is False, (workflow, job)
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"uses: \S+@[0-9a-f]{40}", line):
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (path.name, line)


def test_every_job_has_a_timeout_and_only_the_release_step_can_write():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), (path.name, name)
            writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
            runs = " ".join(step.get("run", "") for step in job.get("steps", []))
            if "contents" in writes:  # creates the release, and runs nothing of the repository
                assert "make" not in runs and "gh release create" in runs, (path.name, name)
        assert "write" not in str(workflow.get("permissions", {})), path.name


def test_a_release_needs_a_commit_of_main_whose_ci_passed():
    text = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert 'git merge-base --is-ancestor "$GITHUB_SHA" origin/main' in text
    assert "--workflow ci.yml --branch main" in text and "--status success" in text


def test_dependabot_watches_the_actions_and_the_pip_locks():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


def test_zizmor_finds_nothing_above_informational():
    """zizmor (requirements-test.lock) audits the workflows and Dependabot offline."""
    import shutil
    import subprocess
    import sys
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is in requirements-test.in: make .venv/.test-deps installs it"
    done = subprocess.run([zizmor, "--offline", "--min-severity", "low", "--format", "plain",
                           str(ROOT / ".github")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_registered_matcher_is_the_one_in_the_repository():
    registered = [line for _, _, step in _steps() for line in step.get("run", "").splitlines()
                  if "::add-matcher::" in line]
    assert registered, "no workflow registers the problem matcher"
    for line in registered:
        path = line.split("::add-matcher::", 1)[1].strip().strip('"')
        assert (ROOT / path).resolve() == MATCHER.resolve()


def test_pages_are_deployed_with_the_official_actions_and_only_from_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    deploy = next(job for job in jobs.values()
                  if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"]
    build = jobs[deploy["needs"]]
    assert "refs/heads/main" in build["if"]
    assert {"check", "test"} <= set(build["needs"])
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)


# --- the problem matcher --------------------------------------------------------------------

PROPERTIES = ("file", "line", "column", "severity", "code", "message", "fromPath")


@pytest.fixture(scope="module")
def matcher() -> dict:
    config = json.loads(MATCHER.read_text(encoding="utf-8"))
    [matcher] = config["problemMatcher"]
    return matcher


def test_matcher_is_valid_as_the_runner_checks_it(matcher):
    """What actions/runner's IssueMatcherConfig.Validate requires: an owner, each property set by
    one pattern only and naming a group that exists, and a message."""
    assert matcher["owner"]
    set_by = {}
    for pattern in matcher["pattern"]:
        groups = re.compile(pattern["regexp"]).groups
        for prop in PROPERTIES:
            if prop in pattern:
                assert prop not in set_by, f"{prop} is set twice"
                assert 0 <= pattern[prop] <= groups, f"{prop} names a group that does not exist"
                set_by[prop] = pattern[prop]
    assert "message" in set_by


def _match(matcher, line: str) -> dict | None:
    """The runner's match of one output line by a single-pattern matcher (as issue fields)."""
    [pattern] = matcher["pattern"]
    found = re.search(pattern["regexp"], line)
    if not found:
        return None
    return {prop: found.group(pattern[prop]) for prop in PROPERTIES if prop in pattern}


@pytest.mark.parametrize("line, expected", [
    # As the build prints a failing build's report (each problem on a line of its own) ...
    ("docs/overview.md:12:7: error: unknown citation key '@radinx2021'",
     {"file": "docs/overview.md", "line": "12", "column": "7", "severity": "error",
      "message": "unknown citation key '@radinx2021'"}),
    # ... and as MkDocs' logger prints a single message, with its level in front.
    ("WARNING -  glossary.yml:40:3: warning: term 'SCO' is defined but never used",
     {"file": "glossary.yml", "line": "40", "column": "3", "severity": "warning",
      "message": "term 'SCO' is defined but never used"}),
    ("ERROR   -  references.bib:88:1: error: entry 'lo2023' has no title",
     {"file": "references.bib", "line": "88", "column": "1", "severity": "error",
      "message": "entry 'lo2023' has no title"}),
    # A diagnostic without a column still lands on its line.
    ("source/emendations.yml:5: error: OCR reading 'DIME1' is not on source line 5",
     {"file": "source/emendations.yml", "line": "5", "column": None, "severity": "error",
      "message": "OCR reading 'DIME1' is not on source line 5"}),
])
def test_matcher_reads_a_diagnostic_line(matcher, line, expected):
    assert _match(matcher, line) == expected


@pytest.mark.parametrize("line", [
    "    hint: did you mean @radin2021?",
    "ERROR   -  3 errors in the edition's sources (the build fails):",
    "INFO    -  Building documentation to directory: /home/runner/work/edition/site",
    "INFO    -  Documentation built in 1.37 seconds",
    ".venv/bin/mkdocs build --strict --site-dir build/check",
])
def test_matcher_leaves_other_lines_alone(matcher, line):
    assert _match(matcher, line) is None


def test_matcher_reads_what_the_build_prints(matcher):
    """The first line of a Diagnostic as the hooks format it is an annotation; its hint is not."""
    problem = Diagnostic(path="docs/notes.md", line=31, message="note [^9] is never referenced",
                         hint="reference it with [^9] where the paper puts it", severity="warning")
    first, hint = str(problem).splitlines()
    issue = _match(matcher, first)
    assert issue is not None, first
    assert (issue["file"], issue["line"], issue["severity"], issue["message"]) == (
        "docs/notes.md", "31", "warning", "note [^9] is never referenced")
    assert _match(matcher, hint) is None


# --- the ProperDocs lock --------------------------------------------------------------------

def _pins(lock: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", lock.read_text(encoding="utf-8"), re.M))


def test_properdocs_lock_is_the_site_lock_plus_properdocs():
    """The CI job builds with the same packages as everyone else; regenerate the ProperDocs lock
    whenever requirements.lock changes (README.md, "Engine")."""
    site = _pins(ROOT / "requirements.lock")
    properdocs = _pins(ROOT / "requirements-properdocs.lock")
    assert "properdocs" in properdocs
    assert {name: version for name, version in properdocs.items() if name != "properdocs"} == site
