"""The `substitution` kind: advice to replace, stop or skip a conventional treatment, in each
shape, and the sentences that only talk about substitution."""

from __future__ import annotations

import textwrap

import pytest

from healthlint.config import Settings
from healthlint.engine import Linter
from healthlint.errors import PackError
from healthlint.inputs import Source
from healthlint.packs import parse_pack


def make_linter(nlp, options: str = "") -> Linter:
    """A linter running one `substitution` rule with the shipped rule's marks."""
    body = textwrap.indent(textwrap.dedent(options).strip(), "    ")
    text = (
        "pack: t\ndescription: test\nrules:\n  - id: t.rule\n    kind: substitution\n"
        "    category: safety\n    severity: error\n    message: \"'{match}'\"\n"
        "    description: test\n    unless: [hedged, distanced, question]\n"
        "    examples: {bad: [x]}\n" + body + "\n"
    )
    return Linter(list(parse_pack(text, "t.yaml").rules), nlp, Settings())


@pytest.fixture(scope="module")
def linter(nlp):
    return make_linter(nlp)


def flagged(linter: Linter, text: str) -> list[str]:
    (result,) = linter.lint([Source("t.txt", text + "\n", "text")])
    assert result.error is None
    return [f.text for f in result.findings]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # instead: connector before the treatment, in either order of the sentence
        ("Rub garlic oil on the chest instead of using antibiotics.", None),
        ("Give your toddler chamomile tea rather than paracetamol.", "rather than paracetamol"),
        ("Instead of your inhaler, breathe through a salt pipe.", "Instead of your inhaler"),
        ("Try acupuncture in place of your migraine tablets.", "in place of your migraine tablets"),
        ("Turmeric is a gentler choice than ibuprofen for sore knees.", "than ibuprofen"),
        ("Rather than vaccinating, build your child's immunity with fresh air.", None),
        ("Our tincture does everything your statins do.", "does everything your statins"),
        # swap
        ("Replace your statins with red yeast rice.", "Replace your statins"),
        ("Trade your sleeping pills for a lavender pillow spray.", "Trade your sleeping pills"),
        # discard
        ("Throw out your antacids and drink aloe vera juice.", "Throw out your antacids"),
        ("Ditch your prescription and start the raw food plan.", "Ditch your prescription"),
        ("Stop taking your metformin once you feel better.", "Stop taking your metformin"),
        ("You can come off your antidepressants when the sun comes out.", None),
        # no-need
        ("With this diet you will no longer need insulin.", "no longer need insulin"),
        ("There is no need for antibiotics once you use colloidal silver.", None),
        # skip
        ("Skip the flu jab and load up on vitamin D.", "Skip the flu jab"),
        ("Say no to the HPV vaccine and trust your body.", None),
        # poison
        ("Chemotherapy is poison.", "Chemotherapy is poison"),
    ],
)
def test_flags_each_shape(linter, text, span):
    found = flagged(linter, text)
    assert found, text
    if span:
        assert found[0] == span


@pytest.mark.parametrize(
    "text",
    [
        # a clinician first
        "Do not stop taking your warfarin without talking to your doctor.",
        "Ask your GP before switching from your statin to a supplement.",
        "Never stop your steroid tablets suddenly.",
        # a clinician's own options
        "Your doctor may switch you to a different blood pressure tablet.",
        "Your nurse might suggest a spacer instead of a second inhaler.",
        # third-person or past narration
        "After the scare, many people stopped their blood pressure tablets.",
        "Some patients in the trial quit their antidepressants early.",
        "Many people stop their antibiotics when they feel better.",
        # a stopping that is a step in a description, or done slowly
        "The rash usually fades after you stop taking the tablets.",
        "Some children grow out of asthma and no longer need their inhalers.",
        "You may need to come off steroids slowly over several weeks.",
        "You often have to stop your antidepressant gradually.",
        "A sling is not needed when recovering with paracetamol and rest.",
        # good advice about a treatment: not needed for a condition, old medicine, doses, parts
        "Most sore throats get better on their own, so you usually won't need antibiotics.",
        "You do not need antibiotics for a chest cold.",
        "Bin any tablets that are out-of-date at your local pharmacy.",
        "Drop the dose of your steroid cream as the skin heals.",
        "Swap your inhaler spacer for a new one every year.",
        # reports of what others found or did
        "Acupuncture was safer than opioids for back pain, according to a new trial.",
        "She now studies willow bark as an alternative to standard painkillers.",
        # warnings against substitution
        "Swapping insulin for cinnamon can be fatal.",
        "Using homeopathy instead of vaccines puts children at risk of measles.",
        "Herbal teas are no substitute for your asthma inhaler.",
        # negated, questions, reported speech
        "Do not use garlic instead of antibiotics.",
        "Should I stop taking my statin?",
        "Some websites claim that you can skip the MMR vaccine.",
        # one conventional treatment for another
        "Switch from ibuprofen to paracetamol if your stomach is upset.",
        "Use paracetamol instead of ibuprofen if you have asthma.",
        "For mild pain, paracetamol works as well as ibuprofen.",
    ],
)
def test_quiet_on(linter, text):
    assert flagged(linter, text) == []


def test_shapes_choose_what_a_rule_flags(nlp):
    only_poison = make_linter(nlp, "shapes: [poison]")
    assert flagged(only_poison, "Statins are poison.") == ["Statins are poison"]
    assert flagged(only_poison, "Throw away your statins.") == []


def test_unknown_shape_is_a_pack_error(nlp):
    with pytest.raises(PackError, match="unknown shapes"):
        make_linter(nlp, "shapes: [replace-everything]")


@pytest.mark.parametrize(
    "text",
    [
        "Giving up your inhaler because you feel well is a common mistake that leads to attacks.",
        "Swapping your blood thinner for fish oil may leave you open to a clot.",
    ],
)
def test_quiet_on_a_warning_that_opens_with_the_gerund(linter, text):
    """A gerund that opens a warning is its topic, however the parser attaches it."""
    assert flagged(linter, text) == []


def test_shipped_safety_rules_stay_quiet_on_gerund_warnings_and_flag_advice(nlp, shipped_packs):
    """The shipped stop-medication and substitution rules together: warnings that open with the
    gerund are quiet; the same verbs as advice are flagged."""
    cases = {
        "Stopping your statin suddenly may increase your risk of a heart attack.": False,
        "Coming off steroids too quickly can be dangerous.": False,
        "Ditching your statins is the best thing you can do for your heart.": True,
        "Ditch your statins and take garlic instead.": True,
    }
    safety = [rule for pack in shipped_packs for rule in pack.rules if rule.category == "safety"]
    shipped = Linter(safety, nlp, Settings())
    for text, expected in cases.items():
        (result,) = shipped.lint([Source("t.txt", text + "\n", "text")])
        found = [f.rule for f in result.findings if f.category == "safety"]
        assert bool(found) is expected, (text, found)
