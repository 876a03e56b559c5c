"""The rule packs shipped with healthlint (installed as the ``lint.rules`` package data)."""
