"""The one modality scale: negated < hedged < plain < boosted, read by every claim reader."""

from __future__ import annotations

import pytest

from healthlint import modality
from healthlint.checks.causal import CausalClaimCheck
from healthlint.context import ContextMarker
from healthlint.inputs import Source
from healthlint.inventory import build_inventory
from healthlint.modality import Modality, modality_of, sentence_modality


@pytest.fixture(scope="module")
def analyse(linter):
    """The Analysis of one piece of text, linted as a plain-text file."""

    def run(text):
        (analysis,) = linter.analyse([Source("t.txt", text, "text")])
        return analysis

    return run


def level_of(analyse, sentence: str) -> Modality:
    analysis = analyse(sentence)
    (first, *_) = analysis.sentences
    return sentence_modality(analysis, first).level


def test_hedges_are_lower_case_phrases_and_is_hedge_ignores_case_and_spacing():
    assert "may" in modality.HEDGES and "is thought to" in modality.HEDGES
    assert all(phrase == phrase.lower() for phrase in modality.HEDGES)
    assert modality.is_hedge("Is  Thought to")
    # "can" hedges only the verb it goes with, and only as a possibility, never every claim
    # near it.
    assert not modality.is_hedge("can") and "can" in modality.MODAL_HEDGES
    assert not set(modality.ADVICE_MODALS) & set(modality.MODAL_HEDGES)


def test_the_scale_is_ordered_weakest_first():
    assert Modality.NEGATED < Modality.HEDGED < Modality.PLAIN < Modality.BOOSTED


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        # negated
        ("Cinnamon does not lower blood sugar.", Modality.NEGATED),
        ("No herbal tea has been shown to shrink fibroids.", Modality.NEGATED),
        ("Nothing reverses hair loss overnight.", Modality.NEGATED),
        # hedged
        ("Magnesium might ease leg cramps.", Modality.HEDGED),
        ("Beetroot juice could lower blood pressure a little.", Modality.HEDGED),
        ("There is some evidence that yoga eases back pain.", Modality.HEDGED),
        ("Zinc lozenges shorten colds in some people.", Modality.HEDGED),
        ("Poor sleep is linked to weight gain.", Modality.HEDGED),
        ("Coffee drinking is associated with a lower risk of gout.", Modality.HEDGED),
        ("Fish oil is not always helpful for dry eyes.", Modality.HEDGED),
        # plain
        ("Sea moss heals eczema.", Modality.PLAIN),
        ("Physiotherapy strengthens the knee after surgery.", Modality.PLAIN),
        # boosted: a booster wins over the hedges of its sentence
        ("This oil will definitely clear your acne.", Modality.BOOSTED),
        ("The tincture may absolutely cure your gout.", Modality.BOOSTED),
        ("Without a doubt, celery juice flushes out toxins.", Modality.BOOSTED),
        ("Our patch is guaranteed to stop migraines.", Modality.BOOSTED),
    ],
)
def test_each_level_of_the_scale(analyse, sentence, level):
    assert level_of(analyse, sentence) is level


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        # "can" of a possibility for some people hedges
        ("Oseltamivir can shorten the flu by a day if taken early.", Modality.HEDGED),
        ("Iron tablets can cause constipation in some people.", Modality.HEDGED),
        ("Antibiotics can sometimes upset the stomach.", Modality.HEDGED),
        ("Untreated strep throat can lead to kidney problems.", Modality.HEDGED),
        # "can" of a promise does not
        ("You can reverse it too.", Modality.PLAIN),
        ("You can heal your gut in two weeks.", Modality.PLAIN),
        ("Turmeric can cure cancer.", Modality.PLAIN),
        ("This supplement can increase your energy.", Modality.PLAIN),
        ("This tonic can end your pain for good.", Modality.BOOSTED),
        ("This balm can certainly remove scars.", Modality.BOOSTED),
    ],
)
def test_can_hedges_only_a_possibility_for_some_people(analyse, sentence, level):
    assert level_of(analyse, sentence) is level


def test_the_level_of_a_clause_follows_its_own_verb(analyse):
    analysis = analyse("Garlic does not cure colds, but it eases a sore throat.")
    tokens = {token.text: token for token in analysis.doc}
    assert modality_of(analysis, tokens["cure"]) is Modality.NEGATED
    assert modality_of(analysis, tokens["eases"]) is Modality.PLAIN
    # A hedge above the clause reaches it: "studies suggest that…", "may help reduce".
    analysis = analyse("Early studies suggest that ginger reduces nausea.")
    reduces = next(t for t in analysis.doc if t.text == "reduces")
    assert modality_of(analysis, reduces) is Modality.HEDGED


def test_a_condition_clause_states_no_fact(analyse):
    analysis = analyse("If turmeric cured arthritis, every rheumatologist would prescribe it.")
    cured = next(t for t in analysis.doc if t.text == "cured")
    assert modality_of(analysis, cured) is Modality.HEDGED


def test_the_analysis_reads_each_sentence_once(analyse):
    analysis = analyse("Turmeric may ease pain. It cures cancer.")
    first, second = analysis.sentences
    assert sentence_modality(analysis, first) is analysis.sentence_modality(first.start + 1)
    assert sentence_modality(analysis, second).level is Modality.PLAIN


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Turmeric can cure cancer.", False),
        ("You can reverse it too, with this diet.", False),
        ("This tea may most definitely cure your arthritis.", False),
        ("Turmeric may cure arthritis.", True),
        ("Iron tablets can cause constipation in some people.", True),
    ],
)
def test_the_context_layer_reads_hedges_from_the_scale(analyse, text, hedged):
    analysis = analyse(text)
    verb = next(t for t in analysis.doc if t.pos_ == "VERB")
    marks = analysis.context.marks(analysis.doc[verb.i : verb.i + 1])
    assert ("hedged" in marks) is hedged


def test_a_real_promise_stays_flagged_and_a_possibility_does_not(lint_text):
    flagged = lint_text("Turmeric can cure cancer.").findings
    assert [f.rule for f in flagged] == ["overclaims.health-promise"]
    assert lint_text("Turmeric may most definitely cure cancer.").findings
    assert not lint_text("Turmeric may cure cancer.").findings


def test_a_booster_cancels_the_modal_that_keeps_the_causal_kind_quiet(lint_text):
    boosted = lint_text("This juice can definitely reverse diabetes.").findings
    assert [f.rule for f in boosted] == ["overclaims.health-promise"]
    assert not lint_text("This juice may reverse diabetes.").findings


def test_the_context_layer_takes_its_hedging_cues_from_the_vocabulary(nlp):
    hedged = {rule.phrase for rule in ContextMarker(nlp).rules if rule.mark == "hedged"}
    assert hedged == set(modality.HEDGES)


def test_the_causal_kind_leaves_hedging_and_advice_modals_alone_by_default():
    default = CausalClaimCheck.OPTIONS["modal_hedges"].default
    assert default == modality.MODAL_HEDGES + modality.ADVICE_MODALS


@pytest.mark.parametrize(
    ("sentence", "strength", "relation"),
    [
        # causal: a cause stated plainly (also when the cause is a promise with "can")
        ("Vitamin D lowers blood pressure.", "causal", "causal"),
        ("Vitamin D can lower blood pressure.", "causal", "causal"),
        ("The exercise programme improved sleep quality in older adults.", "causal", "causal"),
        # A hedge on the evidence alone leaves a cause a cause (the context layer still marks
        # it hedged, see test_the_level_of_a_clause_follows_its_own_verb).
        ("Early studies suggest that ginger reduces nausea.", "causal", "causal"),
        # Advice is stated firmly: "should" is no hedge on a claim's strength.
        ("Patients should be treated for three days.", "causal", "causal"),
        # conditional: a hedged cause
        ("Vitamin D may lower blood pressure.", "conditional", "causal"),
        ("Green tea could prevent some cancers.", "conditional", "causal"),
        ("Vitamin D can lower blood pressure in some people.", "conditional", "causal"),
        # correlational, hedged or not
        ("Eating nuts is associated with a lower risk of heart disease.", "correlational", None),
        ("Loneliness may be linked to dementia.", "correlational", None),
        ("Blood lead levels were higher in children than in adults.", "correlational", None),
        ("Smoking is a risk factor for stroke.", "correlational", None),
        ("Children in poorer homes had a higher risk of asthma.", "correlational", None),
        ("Low vitamin D is a marker of frailty.", "correlational", None),
        # correlational wording inside the claim is not what the claim says
        ("Daily exercise reduces several risk factors for heart disease.", "causal", "causal"),
        ("Good sleep is crucial for recovery after surgery.", "causal", "causal"),
        # a negated cause is a causal relation stated as not holding
        ("Garlic supplements did not lower cholesterol.", "negated", "causal"),
    ],
)
def test_the_inventory_grades_claims_on_the_scale(analyse, sentence, strength, relation):
    (claim,) = build_inventory(analyse(sentence)).claims
    expected_relation = relation or ("correlational" if strength == "correlational" else None)
    assert (claim.strength, claim.relation) == (strength, expected_relation)


@pytest.mark.parametrize(
    "sentence",
    [
        "Further studies are needed to determine whether zinc shortens colds.",
        "The aim was to assess the effect of fasting on migraine.",
        "Patients treated with insulin were enrolled at three clinics.",
        "Future trials should test whether melatonin improves sleep after surgery.",
        "Clinics should be encouraged to offer classes in order to reduce obesity.",
    ],
)
def test_an_effect_asked_about_or_described_is_no_relation(analyse, sentence):
    assert all(claim.relation is None for claim in build_inventory(analyse(sentence)).claims)


def test_a_broken_vocabulary_file_is_reported_at_its_line():
    from healthlint.errors import HealthlintError
    from healthlint.schema import read
    from healthlint.yamlsource import load_yaml

    text = (
        "hedges: [may]\nmodal_hedges: may\nadvice_modals: [should]\nboosters: [surely]\n"
        "evidential_hedges: [suggests]\n"
        "possibility_limits: [some]\npossibility_verbs: [cause]\ncorrelational: [linked to]\n"
    )
    with pytest.raises(HealthlintError, match="modality.yaml:2"):
        read(
            load_yaml(text, "modality.yaml"),
            modality.MODALITY_FIELDS,
            "modality.yaml",
            HealthlintError,
        )
