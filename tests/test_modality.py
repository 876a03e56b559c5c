"""The one modality vocabulary: every reader of hedges and modal auxiliaries reads it."""

from __future__ import annotations

import pytest

from healthlint import modality
from healthlint.checks.causal import CausalClaimCheck
from healthlint.context import ContextMarker
from healthlint.engine import Source
from healthlint.inventory import build_inventory


def test_hedges_are_lower_case_phrases_and_is_hedge_ignores_case_and_spacing():
    assert "may" in modality.HEDGES and "is thought to" in modality.HEDGES
    assert all(phrase == phrase.lower() for phrase in modality.HEDGES)
    assert modality.is_hedge("Is  Thought to")
    # "can" hedges only the verb it goes with ("can lower"), not every claim near it.
    assert not modality.is_hedge("can") and "can" in modality.MODAL_HEDGES
    assert not set(modality.ADVICE_MODALS) & set(modality.MODAL_HEDGES)


def test_the_context_layer_takes_its_hedging_cues_from_the_vocabulary(nlp):
    hedged = {rule.phrase for rule in ContextMarker(nlp).rules if rule.mark == "hedged"}
    assert hedged == set(modality.HEDGES)


def test_the_causal_kind_leaves_hedging_and_advice_modals_alone_by_default():
    default = CausalClaimCheck.OPTIONS["modal_hedges"].default
    assert default == modality.MODAL_HEDGES + modality.ADVICE_MODALS


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Vitamin D can lower blood pressure.", "hedged"),  # a modal hedge on the verb
        ("Vitamin D lowers blood pressure.", "causal"),
        # Advice is stated firmly: "should" is no hedge on a claim's strength.
        ("Patients should be treated for three days.", "causal"),
    ],
)
def test_the_inventory_calls_a_claim_with_a_modal_hedge_hedged(linter, sentence, strength):
    (analysis,) = linter.analyse([Source("t.txt", sentence, "text")])
    (claim,) = build_inventory(analysis).claims
    assert claim.strength == strength


def test_a_broken_vocabulary_file_is_reported_at_its_line():
    from healthlint.errors import HealthlintError
    from healthlint.schema import read
    from healthlint.yamlsource import load_yaml

    text = "hedges: [may]\nmodal_hedges: may\nadvice_modals: [should]\n"
    with pytest.raises(HealthlintError, match="modality.yaml:2"):
        read(
            load_yaml(text, "modality.yaml"),
            modality.MODALITY_FIELDS,
            "modality.yaml",
            HealthlintError,
        )
