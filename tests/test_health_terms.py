"""Typed health terms (healthlint.health_terms): conditions, treatments and remedies in prose."""

from __future__ import annotations

import pytest

from healthlint.analysis import Analysis
from healthlint.health_terms import (
    GENERATED_FILES,
    TERM_TYPES,
    DocumentTerms,
    TermSpan,
    exact_case,
    find_terms,
    health_matcher,
    plural,
    read_curated,
    read_terms,
    spelling_variants,
    split_words,
)
from healthlint.readers import build_document


def terms(nlp, text: str) -> list[tuple[str, str]]:
    """(words as written, type) of every term found in ``text``."""
    return [(span.text, span.type) for span in find_terms(nlp(text)).spans]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Multi-word terms, and the longest match wins over the words inside it.
        (
            "Type 2 diabetes is not the same as type 1 diabetes.",
            [("Type 2 diabetes", "condition"), ("type 1 diabetes", "condition")],
        ),
        ("He has high blood pressure.", [("high blood pressure", "condition")]),
        ("Gum disease is common.", [("Gum disease", "condition")]),
        ("Apple cider vinegar is sour.", [("Apple cider vinegar", "remedy")]),
        # Inflections: the last word in its plural.
        ("Statins and beta blockers", [("Statins", "treatment"), ("beta blockers", "treatment")]),
        ("Her migraines and tumours", [("migraines", "condition"), ("tumours", "condition")]),
        ("Painkillers and NSAIDs", [("Painkillers", "treatment"), ("NSAIDs", "treatment")]),
        # British and US spellings of one listed term.
        ("anaemia or anemia", [("anaemia", "condition"), ("anemia", "condition")]),
        (
            "sleep apnoea and sleep apnea",
            [("sleep apnoea", "condition"), ("sleep apnea", "condition")],
        ),
        (
            "haemorrhoids, hemorrhoids",
            [("haemorrhoids", "condition"), ("hemorrhoids", "condition")],
        ),
        (
            "immunisation and immunization",
            [("immunisation", "treatment"), ("immunization", "treatment")],
        ),
        # Lay synonyms.
        (
            "Lower your sugar levels and lose those extra pounds of belly fat.",
            [
                ("sugar levels", "condition"),
                ("extra pounds", "condition"),
                ("belly fat", "condition"),
            ],
        ),
        ("They beat the big C with it.", [("the big C", "condition")]),
        (
            "Stop your meds and your prescription.",
            [("your meds", "treatment"), ("your prescription", "treatment")],
        ),
        ("Try this tea or these drops.", [("this tea", "remedy"), ("these drops", "remedy")]),
    ],
)
def test_terms_are_found_with_their_type(nlp, sentence, expected):
    assert terms(nlp, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # Terms inside unrelated words: whole tokens are matched, never parts of words.
        "The painter's gingerbread and cancerous-looking crabs.",
        "Cancerian painters visit Ginsberg's chemists.",
        "Cleanse the brushes gently.",  # a term used as a verb names no thing
        "We analysed the data in 2020.",
    ],
)
def test_no_term_in_unrelated_words(nlp, sentence):
    assert terms(nlp, sentence) == []


def test_ambiguous_words_are_not_matched_alone_but_their_health_phrases_are(nlp):
    assert terms(nlp, "The colder months and a stroke of luck: it fits the budget.") == [
        ("stroke", "condition")
    ]
    assert terms(nlp, "A head cold or the common cold") == [
        ("head cold", "condition"),
        ("common cold", "condition"),
    ]
    assert "cold" not in read_terms()["condition"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Nothing cures a cold.", [("a cold", "condition")]),
        ("You can beat a cold in two days.", [("a cold", "condition")]),
        ("It was a cold day.", []),
        ("It was a cold, wet morning.", []),
    ],
)
def test_an_ambiguous_illness_noun_after_a_is_a_condition(nlp, sentence, expected):
    assert terms(nlp, sentence) == expected


def test_acronyms_match_only_as_written(nlp):
    assert terms(nlp, "People with AIDS.") == [("AIDS", "condition")]
    assert terms(nlp, "Ginger aids digestion.") == [("Ginger", "remedy")]
    assert exact_case("AIDS") and exact_case("NSAID") and not exact_case("vitamin D")


def test_span_lookup_by_token(nlp):
    doc = nlp("Turmeric does not cure type 2 diabetes.")
    found = find_terms(doc)
    assert found.type_at(0) == "remedy"
    assert found.type_at(1) is None
    span = found.span_at(5)
    assert span == TermSpan(4, 7, "condition", "type 2 diabetes")
    assert doc[span.start : span.end].text == span.text
    assert found.span_at(7) is None
    assert DocumentTerms([]).span_at(0) is None


def test_analysis_offers_the_terms_once_per_document(nlp):
    document = build_document("t.txt", "Chemotherapy shrinks tumours.", "text")
    analysis = Analysis(document, nlp(document.text))
    assert [(s.text, s.type) for s in analysis.health_terms.spans] == [
        ("Chemotherapy", "treatment"),
        ("tumours", "condition"),
    ]
    assert analysis.health_terms is analysis.health_terms


def test_every_listed_term_has_one_type():
    listed = read_terms()
    assert set(listed) == set(TERM_TYPES)
    seen: dict[str, str] = {}
    for term_type, words in listed.items():
        for word in words:
            assert seen.setdefault(word.lower(), term_type) == term_type, word


def test_plural_and_spelling_helpers():
    assert [plural(w) for w in ("statin", "ulcer", "abscess", "therapy", "day")] == [
        "statins",
        "ulcers",
        "abscesses",
        "therapies",
        "days",
    ]
    pairs = (("emia", "aemia"), ("tumor", "tumour"))
    assert spelling_variants("anemia", pairs) == ["anemia", "anaemia"]
    assert spelling_variants("leukaemia", pairs) == ["leukaemia", "leukemia"]
    assert spelling_variants("brain tumour", pairs) == ["brain tumour", "brain tumor"]
    assert spelling_variants("AIDS", pairs) == ["AIDS"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Generated lists: MeSH disease names, drug names and brands, WordNet foods.
        (
            "Pre-eclampsia and Crohn's disease",
            [("Pre-eclampsia", "condition"), ("Crohn's disease", "condition")],
        ),
        (
            "Lipitor, Tylenol and metronidazole",
            [("Lipitor", "treatment"), ("Tylenol", "treatment"), ("metronidazole", "treatment")],
        ),
        (
            "Kale, blueberries and walnuts",
            [("Kale", "remedy"), ("blueberries", "remedy"), ("walnuts", "remedy")],
        ),
        # Vitamins and supplements are remedies even though drug databases list them.
        ("Fish oil and vitamin D", [("Fish oil", "remedy"), ("vitamin D", "remedy")]),
        ("Insulin, not cinnamon", [("Insulin", "treatment"), ("cinnamon", "remedy")]),
    ],
)
def test_generated_terms_are_found_with_their_type(nlp, sentence, expected):
    assert terms(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Try Detoxil™ today.", [("Detoxil", "remedy")]),
        ("Liver Rescue Formula® works.", [("Liver Rescue Formula", "remedy")]),
        ("Order our Liver Rescue Formula now.", [("our Liver Rescue Formula", "remedy")]),
        ("How This Ultimate Detox Tea Works", [("This Ultimate Detox Tea", "remedy")]),
        # Capitalised words after "our" that are no product: a service, a place, a season.
        ("Ask our Care Team. This Christmas our NHS System is busy.", []),
    ],
)
def test_brand_like_product_names_are_remedies(nlp, sentence, expected):
    assert terms(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A product's modifiers may be lower case, participles or numbers.
        ("Beat it with this dead sea mud.", [("this dead sea mud", "remedy")]),
        ("Join our 21-day mushroom plan.", [("our 21-day mushroom plan", "remedy")]),
        (
            "Rosemary oil and bitter gourd juice",
            [("Rosemary oil", "remedy"), ("bitter gourd juice", "remedy")],
        ),
        # "this plan" is anyone's; a participle is a verb, not part of the remedy's name.
        ("Follow this plan.", []),
        (
            "He treated dementia using coconut oil.",
            [("dementia", "condition"), ("coconut oil", "remedy")],
        ),
        # A form of medicine takes the type of what it treats or is made of.
        (
            "Quit your hypertension tablets for saffron capsules.",
            [("hypertension tablets", "treatment"), ("saffron capsules", "remedy")],
        ),
        ("Her thyroid pills", [("thyroid pills", "treatment")]),
        # An organisation named after a disease or a drug names neither.
        ("The Food and Drug Administration and Diabetes UK agree.", []),
        # A damaged body part is a condition; a body part alone is not.
        (
            "It soothes worn-out knees and damaged lungs.",
            [("worn-out knees", "condition"), ("damaged lungs", "condition")],
        ),
        ("Your liver filters the blood.", []),
        ("Motor oil and laundry powder", []),
    ],
)
def test_remedies_and_conditions_by_shape(nlp, sentence, expected):
    assert terms(nlp, sentence) == expected


def test_split_words_agrees_with_the_tokenizer_on_every_listed_term(nlp):
    """The matcher splits terms without the tokenizer; it must split them exactly as the
    tokenizer splits the same words in a document, or the terms would never match."""
    checked = 0
    for listed in read_terms().values():
        for term in listed:
            for form in (term.lower(), plural(term.lower())):
                words = split_words(form)
                if words is not None and ("-" in form or "'" in form):
                    assert words == [token.text for token in nlp.tokenizer(form)], form
                    checked += 1
    assert checked > 20


def test_generated_lists_hold_no_ambiguous_curated_or_cross_typed_term():
    curated = read_curated()
    ambiguous = {word.lower() for word in curated["ambiguous"]}
    hand_typed = {
        term.lower()
        for field in ("conditions", "treatments", "remedies")
        for term in curated[field]
    }
    from importlib import resources

    seen = set()
    for term_type in TERM_TYPES:
        text = resources.files("healthlint").joinpath("data", "health", GENERATED_FILES[term_type])
        lines = [line for line in text.read_text("utf-8").splitlines() if not line.startswith("#")]
        assert lines == sorted(lines) and len(lines) > 500
        assert all(line == line.lower().strip() for line in lines)
        assert not set(lines) & (ambiguous | hand_typed | seen)
        seen |= set(lines)


def test_words_are_matched_by_their_norm(nlp):
    matcher = health_matcher(nlp.vocab)
    # spaCy's norm exceptions map British spellings to US ones, whatever the case.
    assert matcher.norm("TUMOURS") == matcher.norm("tumors") == "tumors"
    assert matcher.norm("Paediatric") == "pediatric"
    # A typographic apostrophe is plain, and a letter's full stop is dropped.
    assert matcher.norm("\u2019s") == "'s"
    assert matcher.norm("C.") == "c"
