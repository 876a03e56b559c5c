"""The `claim` kind: claim frames in every grammatical shape, and the frames it leaves alone."""

from __future__ import annotations

import textwrap

import pytest

from healthlint.claim_frames import document_frames
from healthlint.config import Settings
from healthlint.engine import Linter
from healthlint.errors import PackError
from healthlint.inputs import Source
from healthlint.packs import parse_pack


def make_linter(nlp, options: str) -> Linter:
    """A linter running one `claim` rule with the usual claim-rule marks."""
    body = textwrap.indent(textwrap.dedent(options).strip(), "    ")
    text = (
        "pack: t\ndescription: test\nrules:\n  - id: t.rule\n    kind: claim\n"
        "    category: overclaim\n    severity: warning\n"
        "    message: \"'{match}' {family} {agent} {strength}\"\n    description: test\n"
        "    unless: [negated, hedged, distanced, question]\n"
        "    examples: {bad: [x]}\n" + body + "\n"
    )
    return Linter(list(parse_pack(text, "t.yaml").rules), nlp, Settings())


@pytest.fixture(scope="module")
def promises(nlp):
    return make_linter(nlp, "comparisons: true")


def findings(linter: Linter, text: str) -> list[tuple[str, str]]:
    """(matched text, message) of each finding on ``text``."""
    (result,) = linter.lint([Source("t.txt", text + "\n", "text")])
    assert result.error is None
    return [(f.text, f.message) for f in result.findings]


def matched(linter: Linter, text: str) -> list[str]:
    return [text for text, _ in findings(linter, text)]


@pytest.mark.parametrize(
    ("shape", "sentence", "expected"),
    [
        ("active", "Oregano oil wipes out a sinusitis flare.", "wipes out a sinusitis"),
        ("active", "This spice shrinks a brain tumour.", "shrinks a brain tumour"),
        ("misread verb", "Celery juice cures gout.", "cures gout"),
        ("passive", "Shingles is healed by our honey balm.", "healed"),
        ("passive", "Gallstones can be dissolved with apple cider vinegar.", "dissolved"),
        ("perfect", "Our readers have reversed their fatty liver in a month.", "reversed"),
        ("perfect", "My neighbour has beaten her migraine with ginger.", "beaten her migraine"),
        ("imperative", "Heal your acne with tea tree oil.", "Heal your acne"),
        ("second person", "You can reverse your prediabetes at home.", "reverse your"),
        ("nominal", "The elimination of fibroids takes a week on this protocol.", "elimination"),
        ("nominal", "Kombucha is the answer to acid reflux.", "answer to acid reflux"),
        ("adjectival", "Ginger is useful for curing nausea.", "curing nausea"),
        ("hyphen compound", "Try our tumour-shrinking turmeric paste.", "shrinking"),
        ("headline", "Castor Oil to Dissolve Cysts", "Dissolve Cysts"),
        ("idiom", "Say goodbye to eczema with this balm.", "Say goodbye to eczema"),
        ("list item", "- Regrows hair loss patches in 3 weeks", "Regrows hair"),
        ("condition as subject", "Your migraines will vanish in 2 days.", "vanish"),
        ("product noun as agent", "Bilberry extract restores your eyesight.", "restores your"),
        ("phrasal with its own object", "Kefir puts a stop to recurring thrush.", "thrush"),
        ("germs with a remedy", "Oregano oil kills bacteria in the gut.", "kills bacteria"),
        ("noun with an instrument", "Eradication of warts takes a day with our gel.", "Eradic"),
        (
            "people with an instrument",
            "My uncle shook off his gout thanks to tart cherries.",
            "gout",
        ),
        ("totality", "You can defeat eczema with turmeric alone.", "defeat eczema"),
        ("a cure with no condition named", "Baking soda is its real cure.", "cure"),
        ("an eliminate verb", "Propolis zaps cold sores overnight.", "zaps cold sores"),
        ("a phrasal verb", "Our lozenges knock out a sore throat.", "knock out a sore throat"),
        ("a door idiom", "Show your eczema the door with this balm.", "eczema"),
        (
            "a fresh-start idiom",
            "Give your kidneys a fresh start with our nettle cleanse.",
            "Give your kidneys a fresh start",
        ),
        ("a verb tagged a noun", "A garlic necklace shields you from colds.", "shields you"),
        ("a restore verb", "Hawthorn syrup renews a tired heart.", "renews a tired heart"),
        ("an organ promise", "Detox your liver in three days with our elixir.", "Detox your liver"),
        ("a lay fix, any instrument", "Rosacea is fixed by cutting out dairy.", "fixed"),
        ("a lay fix, active", "Cumin water resolves vertigo.", "resolves vertigo"),
        ("'can' as a promise", "Sciatica can be resolved with one spinal adjustment.", "resolved"),
    ],
)
def test_every_shape_is_one_frame(promises, shape, sentence, expected):
    assert any(expected in text for text in matched(promises, sentence)), shape


@pytest.mark.parametrize(
    ("family", "sentence"),
    [
        ("established", "Chemotherapy kills leukaemia cells."),
        ("established", "Shingles can be treated with antiviral medicine."),
        ("established", "Metformin treats type 2 diabetes."),
        ("body", "Your immune system destroys most cold viruses."),
        ("clinician", "Surgeons remove the gallstones and repair the bile duct."),
        ("disease as agent", "Osteoporosis destroys bone slowly."),
        ("negated", "No diet cures psoriasis."),
        ("negated", "Honey does not heal a stomach ulcer."),
        ("hedged", "Ginger may ease nausea in some people."),
        ("possibility", "Losing weight can sometimes reverse type 2 diabetes."),
        ("share of cases", "Rest will get rid of most sore throats."),
        ("reported", "Some sellers claim that garlic kills cancer cells."),
        ("question", "Can turmeric cure arthritis?"),
        ("aim", "Scientists are searching for a cure for multiple sclerosis."),
        ("advice", "Prevent the flu by washing your hands often."),
        ("narration", "In the trial, patients stopped their statins after a month."),
        ("people without a remedy", "She beat breast cancer in 2015."),
        ("unknown agent, remedy family", "Exercise prevents falls in older people."),
        ("reported speech", "Fans of the cleanse say it flushes out toxins."),
        ("part of a name", "The NIH funds Dietary Approaches to Stop Hypertension research."),
        ("certainty word carries it", "Ginger is clinically proven to stop nausea."),
        ("self-limiting condition", "Most cold sores go away on their own."),
        ("sweeping persuasion", "Banish all your doubts today."),
        ("germs without a remedy", "Boiling water kills most germs."),
        ("instructions with any", "Wash the bedding to kill any lice."),
        ("advice", "You should take folic acid to prevent neural tube defects."),
        ("public health noun", "The eradication of polio is close."),
        ("verb lemma as a noun", "Fever peaks near the end of the first week of illness."),
        ("treatment named earlier", "Antihistamines - stop a runny nose and sneezing."),
        ("past passive report", "In the mice, the tumours were completely destroyed."),
        ("pointing back", "This barrier protects the brain from toxins."),
        ("a doctor's record", "Dr. Patel has treated hundreds of cases of melanoma."),
        ("a chore, not a condition", "The pump eliminates the need for insulin injections."),
        ("scare quotes", 'The only way to "cure" eclampsia is to deliver the baby.'),
        ("public health", "Wash your hands often to stop the spread of norovirus."),
        ("advice adjective", "It is important to diagnose and treat all tapeworm infections."),
        ("a possibility far back", "They may turn the virus into a tumour killing machine."),
        ("a verb in a list", "A device is a product used to diagnose, cure, or treat a disease."),
        ("a brand name", "About Q-Cure: proton therapy centres."),
        ("a hoped-for cure", "The drug might lower relapses or, one day, even offer a cure."),
        ("marketed as", "In the 1920s, pedlars sold radium water as a cure for gout."),
        ("marketed as, passive", "The tonic was marketed as a remedy for gout in the 1890s."),
        ("a lay fix, hedged for some", "Rest resolves most ankle sprains."),
        ("a lay fix by a treatment", "Surgery fixes most hernias."),
        ("'can' of an activity", "Walking every day can delay or even reverse prediabetes."),
        ("the body at work", "The liver detoxifies many drugs and alcohol."),
        ("an adjective, not a verb", "It soon became clear that a new disease was spreading."),
        ("'can' of a passive", "Experts think that river blindness can be eradicated."),
        ("'can' of prevention", "Trials showed that folic acid can prevent spina bifida."),
    ],
)
def test_quiet_families(promises, family, sentence):
    assert matched(promises, sentence) == [], family


def test_the_message_gives_family_agent_and_strength(promises):
    assert findings(promises, "Our tea cures eczema for good.") == [
        ("cures eczema", "'cures eczema' cure promotional boosted")
    ]
    assert findings(promises, "Turmeric heals arthritis.") == [
        ("heals arthritis", "'heals arthritis' cure remedy plain")
    ]


def test_an_intensifier_makes_a_remedy_family_frame_a_claim(promises):
    assert matched(promises, "Walking prevents heart disease.") == []
    assert matched(promises, "Walking prevents heart disease forever.") == [
        "prevents heart disease"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Manuka honey works better than antibiotics.", ["better than antibiotics"]),
        ("This oil is five times stronger than ibuprofen.", ["stronger than ibuprofen"]),
        ("Kombucha outdoes antacids.", ["outdoes antacids"]),
        (
            "For hay fever, nettle tea is a wiser choice for your sinuses than antihistamines.",
            ["wiser choice for your sinuses than antihistamines"],
        ),
        ("Ibuprofen works better than paracetamol for period pain.", []),  # treatment vs treatment
        ("Your inhaler works faster than tablets.", []),
        ("The clinic uses more than 40 statins.", []),  # a quantity
        ("The extract relaxed the muscle more than ibuprofen did.", []),  # a past result
        ("A nasal spray would protect better than flu shots.", []),  # a possibility
    ],
)
def test_comparisons_with_conventional_treatment(promises, sentence, expected):
    assert matched(promises, sentence) == expected


def test_families_select_what_a_rule_flags(nlp):
    prevent_only = make_linter(nlp, "families: [prevent]")
    assert matched(prevent_only, "Garlic prevents colds. Garlic cures colds.") == ["prevents colds"]
    boosted = make_linter(nlp, "boosted_only: true")
    assert matched(boosted, "Garlic cures colds. Garlic cures colds overnight.") == ["cures colds"]


def test_overlapping_frames_give_one_finding(promises):
    assert len(findings(promises, "This tea heals and cures eczema.")) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("families: [cures]", "unknown families \\['cures'\\]"),
        ("families: []", "needs some 'families' or 'comparisons: true'"),
    ],
)
def test_options_are_validated(nlp, options, message):
    with pytest.raises(PackError, match=message):
        make_linter(nlp, options)


def test_text_without_a_predicate_word_has_no_frames(nlp):
    from healthlint.analysis import Analysis
    from healthlint.readers import build_document

    document = build_document("t.txt", "Fish oil is rich in omega-3 fats.\n", "text")
    analysis = Analysis(document, nlp(document.text))
    assert document_frames(analysis) == []
    assert analysis.fact(document_frames) == []
