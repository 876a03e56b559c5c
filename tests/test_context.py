"""The hard precision cases: the same claim words, used responsibly or not."""

from __future__ import annotations

import pytest

QUIET = [
    "There is no cure for psoriasis.",
    "Fasting is not a cure for cancer.",
    "These results do not prove that the drug works.",
    "No supplement has been proven to prevent colds.",
    "Nothing cures a cold, but rest helps.",
    "Without treatment, the infection can spread.",
    "Ginger may help some people with nausea.",
    "Eating nuts is associated with a lower risk of heart disease.",
    "Vaccines can prevent serious illness.",
    "Claims that apple cider vinegar 'melts' belly fat are not supported by trials.",
    "Claims that turmeric 'cures' arthritis are false.",
    "Myth: vitamin C cures colds.",
    "Myth 4: turpentine cures parasites.",
    "According to the brochure, the bracelet banishes back pain, but it was banned.",
    "Sadly, no cream will make psoriasis go away for good.",
    "Some websites say this tea is a miracle cure. It is not.",
    "Is there a cure for tinnitus?",
    "Can diet reverse diabetes?",
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "Do not stop taking your medicine without talking to your doctor.",
    "If you are pregnant, check with your midwife first.",
    "Talk to your doctor before you stop taking your blood pressure tablets.",
]

FLAGGED = [
    ("It is not incurable: proven medicines cure it.", "overclaims.proven", "proven"),
    # A cure by proven medicines is medicine; the double negative still does not hide a
    # remedy's promise.
    (
        "It is not incurable: this tea cures psoriasis.",
        "overclaims.health-promise",
        "cures psoriasis",
    ),
    ("Garlic prevents heart disease.", "overclaims.health-promise", "prevents heart disease"),
    ("Diet reverses diabetes", "overclaims.health-promise", "reverses diabetes"),
    (
        "Once your sugar readings improve, you can come off insulin.",
        "safety.stop-medication",
        "come off insulin",
    ),
    ("Use this oil in place of your inhaler.", "safety.stop-medication", "place of your inhaler"),
    (
        'One buyer wrote: "It worked like magic and cured my back pain for good."',
        "overclaims.health-promise",
        "cured my back pain",
    ),
]


@pytest.mark.parametrize("sentence", QUIET)
def test_responsible_use_is_quiet(lint_text, sentence):
    result = lint_text(sentence)
    claims = [f for f in result.findings if f.category in ("overclaim", "safety")]
    assert claims == [], [(f.rule, f.text) for f in claims]


@pytest.mark.parametrize(("sentence", "rule", "text"), FLAGGED)
def test_claim_is_flagged(lint_text, sentence, rule, text):
    result = lint_text(sentence)
    assert (rule, text) in [(f.rule, f.text) for f in result.findings]


def test_heading_claim_is_flagged_but_question_heading_is_not(lint_text):
    result = lint_text("# Diet reverses diabetes\n\n# Can diet reverse diabetes?\n", "markdown")
    assert [(f.line, f.rule) for f in result.findings] == [(1, "overclaims.health-promise")]


def test_scare_quotes_distance_but_a_quoted_testimonial_does_not(lint_text):
    scare = lint_text("The seller says the drops 'cure' tinnitus, which no trial has shown.")
    testimonial = lint_text('"These drops cured my tinnitus in a week," writes one customer.')
    assert not [f for f in scare.findings if f.rule == "overclaims.health-promise"]
    assert [f.text for f in testimonial.findings if f.rule == "overclaims.health-promise"] == [
        "cured my tinnitus"
    ]


def test_negation_does_not_cross_a_terminator(lint_text):
    result = lint_text("Surgery is not always needed; this tea cures gallstones.")
    assert [f.text for f in result.findings if f.rule == "overclaims.health-promise"] == [
        "cures gallstones"
    ]
