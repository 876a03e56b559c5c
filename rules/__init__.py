"""The rule packs shipped with healthlint (installed as the ``healthlint.rules`` package data)."""
