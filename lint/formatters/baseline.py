"""The baseline file (what ``healthlint baseline`` writes); the logic lives in lint.baseline."""

from lint.baseline import render

__all__ = ["render"]
