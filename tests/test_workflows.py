"""The GitHub workflows: CI runs .ci/run; a version tag validates, tests, builds and checks the
bundle, then attaches it with the wheel and sdist to the release and publishes these to PyPI by
trusted publishing. Their schema is linted by .ci/run (check-jsonschema); these checks are the
project's own rules, which no schema knows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+(\.\d+){0,2}$")


def workflow(name: str) -> dict[Any, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1, which PyYAML reads, turns the bare key `on` into True)."""
    return flow.get("on", flow.get(True))


def steps(job: dict[str, Any]) -> list[str]:
    """Each step as one line: what it uses, or the command it runs."""
    return [step.get("uses") or " ".join(step["run"].split()) for step in job["steps"]]


def position(lines: list[str], needle: str) -> int:
    found = [i for i, line in enumerate(lines) if needle in line]
    assert found, f"no step runs {needle!r}"
    return found[0]


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_every_action_is_pinned_by_a_version_tag(name):
    flow = workflow(name)
    uses = [s["uses"] for job in flow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses and [u for u in uses if not PINNED.match(u)] == []
    assert flow["permissions"] == {"contents": "read"}  # jobs widen it only where they must


def test_ci_runs_the_ci_script_on_push_and_pull_request():
    flow = workflow("ci.yml")
    assert set(triggers(flow)) == {"push", "pull_request"}
    (job,) = flow["jobs"].values()
    assert steps(job)[-1] == "bash .ci/run"


def test_release_checks_then_builds_in_order_on_a_version_tag():
    flow = workflow("release.yml")
    assert triggers(flow) == {"push": {"tags": ["v*.*.*"]}}
    job = flow["jobs"]["build"]
    lines = steps(job)
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    order = [
        "actions/checkout@",
        'pip install -e ".[test',
        'test "v${version}" = "${GITHUB_REF_NAME}"',
        "model-cost-ledger validate",
        "python -m pytest",
        "model-cost-ledger build --out dist-data",
        "cd dist-data && sha256sum -c SHA256SUMS",
        "python -m build --outdir dist",
    ]
    indexes = [position(lines, needle) for needle in order]
    assert indexes == sorted(indexes)


def test_release_attaches_data_and_packages_and_publishes_by_trusted_publishing():
    jobs = workflow("release.yml")["jobs"]
    release, pypi = jobs["github-release"], jobs["pypi"]
    assert release["needs"] == pypi["needs"] == "build"
    assert release["permissions"] == {"contents": "write"}
    attach = next(s for s in release["steps"] if s.get("uses", "").startswith("softprops/"))
    files = attach["with"]["files"].split()
    assert {"artifacts/python-dist/*", "artifacts/data/dist-data/SHA256SUMS"} <= set(files)
    assert {
        "artifacts/data/dist-data/data/*",
        "artifacts/data/model-cost-ledger-*-data.tar.gz",
    } <= set(files)
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    publish = steps(pypi)[-1]
    assert publish.startswith("pypa/gh-action-pypi-publish@v")
    assert "with" not in pypi["steps"][-1]  # no password: the OIDC token is the credential
