"""Modality: how firmly a sentence states what it says, in one vocabulary every reader shares.

The words live in ``lint/data/modality.yaml``. The context layer marks the scope of a hedge
as ``hedged`` (healthlint.context), the ``causal-claim`` kind leaves a verb with a hedging or
advising modal auxiliary alone, and the claim inventory calls a claim with a hedging modal
hedged. The scale is meant to grow (negated < hedged < plain < boosted); what exists today is
its hedging end.
"""

from __future__ import annotations

from importlib import resources

from healthlint.errors import HealthlintError
from healthlint.schema import Option, read, string_list
from healthlint.yamlsource import load_yaml

# The fields of lint/data/modality.yaml.
MODALITY_FIELDS = {
    "hedges": Option(string_list, required=True, help="words and phrases that hedge a claim"),
    "modal_hedges": Option(
        string_list, required=True, help="modal auxiliaries that make their verb a possibility"
    ),
    "advice_modals": Option(
        string_list, required=True, help="modal auxiliaries of advice or expectation"
    ),
}


def _load() -> dict:
    path = "lint/data/modality.yaml"
    text = resources.files("healthlint").joinpath("data/modality.yaml").read_text("utf-8")
    return read(load_yaml(text, path), MODALITY_FIELDS, path, HealthlintError)


_DATA = _load()

#: Words and phrases that hedge a claim in their scope ("may", "is thought to", "in some
#: cases"), lower case, in file order.
HEDGES: tuple[str, ...] = tuple(phrase.lower() for phrase in _DATA["hedges"])
#: Modal auxiliaries that make the verb they go with a possibility ("can lower", "would help"),
#: lower case, in file order.
MODAL_HEDGES: tuple[str, ...] = tuple(word.lower() for word in _DATA["modal_hedges"])
#: Modal auxiliaries of advice or expectation ("should"): no hedge on a claim's strength, but
#: no statement of settled fact either.
ADVICE_MODALS: tuple[str, ...] = tuple(word.lower() for word in _DATA["advice_modals"])


def is_hedge(phrase: str) -> bool:
    """True when ``phrase`` (a word or phrase, any case) is one of the hedges."""
    return " ".join(phrase.lower().split()) in _HEDGE_SET


def is_modal_hedge(token) -> bool:
    """True when a spaCy token is a modal auxiliary that hedges its verb ("may", "could")."""
    return token.tag_ == "MD" and token.lower_ in _MODAL_HEDGE_SET


_HEDGE_SET = frozenset(HEDGES)
_MODAL_HEDGE_SET = frozenset(MODAL_HEDGES)
