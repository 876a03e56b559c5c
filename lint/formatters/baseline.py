"""The baseline file (what ``healthlint baseline`` writes); the logic is healthlint.baseline's."""

from healthlint.baseline import render

__all__ = ["render"]
