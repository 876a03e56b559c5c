"""healthlint: a linter for health articles.

The Python API (see docs/api.md) is importable from here: :func:`lint_text`,
:func:`lint_paths`, :func:`claims` and :class:`Session`, with the :class:`Finding`,
:class:`FileResult` and :class:`Inventory` records they return. They are loaded on first use,
so ``import healthlint`` (and the command line's ``--help``) stays quick and spaCy-free.
"""

__version__ = "0.1.0"

# The API's public names, and the module each comes from.
_API = {
    "lint_text": "healthlint.api",
    "lint_paths": "healthlint.api",
    "claims": "healthlint.api",
    "Session": "healthlint.api",
    "Finding": "healthlint.finding",
    "FileResult": "healthlint.finding",
    "Inventory": "healthlint.inventory",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'healthlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
