"""Shared fixtures: the spaCy model and the shipped rules are loaded once per test session."""

from __future__ import annotations

import pytest

from healthlint.config import Settings
from healthlint.engine import Linter, active_rules
from healthlint.inputs import Source
from healthlint.nlp import load_model
from healthlint.packs import load_packs


@pytest.fixture(scope="session", autouse=True)
def private_parse_cache(tmp_path_factory):
    """CLI runs in tests cache their parses in a temporary folder, not the user's cache."""
    import os

    from healthlint.cache import CACHE_ENV

    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("parse-cache"))
    yield
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once."""
    return load_model()


@pytest.fixture(scope="session")
def shipped_packs():
    """The packs shipped in rules/."""
    packs, problems = load_packs()
    assert not problems
    return packs


@pytest.fixture(scope="session")
def linter(nlp, shipped_packs):
    """A linter with every shipped rule."""
    return Linter(active_rules(shipped_packs), nlp, Settings())


@pytest.fixture(scope="session")
def lint_text(linter):
    """Lint a string as a file of the given format; returns the FileResult."""

    def run(text: str, input_format: str = "text", path: str | None = None):
        path = path or {"text": "t.txt", "markdown": "t.md", "html": "t.html"}[input_format]
        (result,) = linter.lint([Source(path, text, input_format)])
        return result

    return run


@pytest.fixture
def cli_env(nlp, monkeypatch, tmp_path):
    """Run the CLI in an empty folder, with the session model standing in for the default one,
    so CLI tests never load a model of their own."""
    import healthlint.nlp

    real_load_model = healthlint.nlp.load_model

    def load_model(name=None):
        if name is None or name == healthlint.nlp.default_model_name():
            return nlp
        return real_load_model(name)

    monkeypatch.setattr(healthlint.nlp, "load_model", load_model)
    monkeypatch.chdir(tmp_path)
    return tmp_path
