"""The typo pack: known misspellings, unknown words, term consistency, slips and vocabulary."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import healthlint.nlp
from healthlint.checks.spelling import explained, match_case, quoted_spans
from healthlint.cli import cli
from healthlint.config import Settings, Vocabulary, load_config_file
from healthlint.engine import Linter, active_rules
from healthlint.errors import ConfigError
from healthlint.inputs import Source
from healthlint.lexicon import load_lexicon, parse_misspellings

# A passage in the manner of the seed article: two typos among words no general dictionary knows.
KETAMINE = """\
Ketamine and esketamine act on NMDA receptors. NMDA receptors shape neuroplasticity.
An antidepressant such as ketamine blocks NMDA activity quickly.

NDMA receptors are the primary component of this system, and NMDA is the target.
Comaptitively, ketamine infusion works faster than other treatments.
"""


@pytest.fixture(scope="module")
def typo_rules(shipped_packs):
    """The shipped typo rules."""
    return active_rules(shipped_packs, select=("typo",))


@pytest.fixture(scope="module")
def typos(nlp, typo_rules):
    """Lint text (plain text unless told) with only the typo rules; returns the findings."""
    linter = Linter(typo_rules, nlp, Settings())

    def run(text: str, input_format: str = "text"):
        (result,) = linter.lint([Source("t", text, input_format)])
        assert result.error is None
        return list(result.findings)

    return run


def flagged(findings) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.suggestion) for f in findings]


# --- the seed case ------------------------------------------------------------------------


def test_ndma_and_comaptitively_are_the_only_typos(typos):
    findings = typos(KETAMINE)
    assert [(f.rule, f.text, f.line, f.column, f.suggestion) for f in findings] == [
        ("typos.inconsistent-term", "NDMA", 4, 1, "Write 'NMDA'."),
        ("typos.unknown-word", "Comaptitively", 5, 1, "Did you mean 'Comparatively'?"),
    ]
    assert findings[0].message == (
        "'NDMA' looks like a slip for 'NMDA', which this article uses 4 times."
    )


def test_every_finding_has_a_suggestion(typos):
    text = (
        "We will seperate the the samples. Doctors prescribe doxcycline. "
        "It works faster then aspirin. It is a longer remedy that others."
    )
    findings = typos(text)
    assert {f.rule for f in findings} == {
        "typos.misspelling",
        "typos.repeated-word",
        "typos.unknown-word",
        "typos.then-for-than",
        "typos.that-for-than",
    }
    assert all(f.suggestion for f in findings)


# --- known misspellings -------------------------------------------------------------------


def test_known_misspelling_with_its_correction(typos):
    findings = typos("Results arrive in a week.\nYou will recieve them by post.")
    assert [(f.text, f.line, f.column, f.end_column, f.suggestion) for f in findings] == [
        ("recieve", 2, 10, 17, "Write 'receive'.")
    ]


def test_known_misspelling_keeps_the_case_and_lists_every_correction(typos):
    assert flagged(typos("Recieve the results. Ther are three.")) == [
        ("typos.misspelling", "Recieve", "Write 'Receive'."),
        ("typos.misspelling", "Ther", "Write 'There' or 'Their' or 'The' or 'Other'."),
    ]


def test_medical_misspellings_and_medical_words(typos):
    assert flagged(typos("Take acetominophen or ibuprophen for the pain.")) == [
        ("typos.misspelling", "acetominophen", "Write 'acetaminophen'."),
        ("typos.misspelling", "ibuprophen", "Write 'ibuprofen'."),
    ]
    # codespell calls these misspellings; in medicine they are words.
    assert typos("Miliary tuberculosis, transferrin and the vas deferens.") == []
    assert typos("An ameba causes amebic dysentery.") == []


def test_capitalised_names_are_not_taken_for_misspellings(typos):
    # "Carmel" is on codespell's list (for "caramel"), but capitalised inside a sentence and
    # common on the web it is a name; "Institue" is a slip even in a name.
    assert flagged(
        typos("She moved to Carmel last year. She works at the National Cancer Institue.")
    ) == [("typos.misspelling", "Institue", "Write 'Institute'.")]


# --- unknown words ------------------------------------------------------------------------


def test_unknown_word_suggests_the_likeliest_word(typos):
    assert flagged(typos("Doctors prescribe doxcycline. The perianal reqion itches.")) == [
        ("typos.unknown-word", "doxcycline", "Did you mean 'doxycycline'?"),
        ("typos.unknown-word", "reqion", "Did you mean 'region'?"),
    ]


def test_unknown_word_prefers_the_documents_own_term(typos):
    text = (
        "Metformin lowers blood sugar. Metformin is taken with meals. Most people "
        "tolerate metformin well. Stop metfromin before surgery."
    )
    assert flagged(typos(text)) == [
        ("typos.unknown-word", "metfromin", "Did you mean 'metformin'?")
    ]


def test_medical_vocabulary_is_known(typos):
    text = (
        "Esketamine, ketamine, metformin, semaglutide and tirzepatide are drugs. "
        "Neuroplasticity, comorbidity, hypercholesterolemia and leukodystrophies are "
        "terms. Arenaviruses and tickborne diseases are reported, with reinfestation "
        "and postexposure treatment. Cefalexin is also spelled cephalexin."
    )
    assert typos(text) == []


def test_words_far_from_any_known_word_are_left_alone(typos):
    # Probably a term the lexicon lacks: no correction is close, so no finding.
    assert typos("The trial used zorbavitide for six weeks.") == []


def test_what_is_not_prose_is_not_spell_checked(typos):
    text = textwrap.dedent("""\
        Read more at https://www.cdc.gov/parasitez or write to infoo@example.org.
        Take 5mg twice daily (10 mL) with SGLT2 inhibitors or HbA1c tests.
        Dr. Zorgensen and Mount Sinai in Brooklynn run the clinic.
        Patients said they felt "realy tired" after the dose.
        Angiostrongylus cantonensis and A. cantonensis are parasites.
        The Wellnes Center at Smith Hall opened.
        """)
    assert typos(text) == []


def test_markdown_code_and_block_quotes_are_skipped(typos):
    text = textwrap.dedent("""\
        # Dosing

        Run `healthlnt check` before you publish.

        > One patient wrote: I was realy tired.

        ```
        recieve = 1
        ```

        We will seperate the groups.
        """)
    assert [(f.text, f.line) for f in typos(text, "markdown")] == [("seperate", 11)]


def test_reference_sections_are_skipped(typos):
    text = "# Sleep\n\nSleep helps.\n\n## References\n\n1. Smiht J. Slep studys. 2020.\n"
    assert typos(text, "markdown") == []


def test_explained_words_and_their_limits():
    lexicon = load_lexicon()
    for word in ("arenaviruses", "echinococcal", "reinfestation", "tickborne", "cefalexin"):
        assert explained(word, lexicon), word
    # Built from known parts, but a common word is one slip away.
    for word in ("dizzyness", "disgnosis", "andthe"):
        assert not explained(word, lexicon), word


def test_suggestion_near_a_known_misspelling():
    # Two edits from "competitively", and two from "comparitively", the usual misspelling of
    # the commoner "comparatively".
    assert load_lexicon().suggest("comaptitively") == ("comparatively", 2)


# --- consistency --------------------------------------------------------------------------


def test_consistency_needs_a_swap_for_acronyms_and_real_words(typos):
    text = (
        "Hepatitis B virus (HBV) is common. HBV spreads through blood. Vaccines prevent "
        "HBV. HAV spreads through food. Take your medications. The medications help. "
        "List all medications. Meditations may help too."
    )
    assert typos(text) == []


def test_consistency_flags_every_odd_occurrence(typos):
    text = (
        "The SGLT2 inhibitor class grows. SGLT2 inhibitors lower sugar. An SGLT2 "
        "inhibitor can cause infections. SGLT2 drugs differ. SGTL2 inhibitors are new."
    )
    assert [(f.rule, f.text, f.suggestion) for f in typos(text)] == [
        ("typos.inconsistent-term", "SGTL2", "Write 'SGLT2'.")
    ]


# --- slips --------------------------------------------------------------------------------


def test_repeated_word(typos):
    findings = typos("Take the the tablet.\nShe had had the flu. Loa loa is a worm.")
    assert [(f.rule, f.text, f.line, f.column, f.end_column, f.suggestion) for f in findings] == [
        ("typos.repeated-word", "the the", 1, 6, 13, "Write 'the' once.")
    ]


def test_then_for_than(typos):
    assert flagged(typos("It is more effective then surgery.")) == [
        ("typos.then-for-than", "then", "Write 'than'.")
    ]
    assert typos("If the pain gets worse then call your doctor.") == []
    assert typos("Rest for a day, then walk again.") == []
    assert typos("When it gets easier then you can stop.") == []


def test_that_for_than(typos):
    assert flagged(typos("Ketamine offers a longer remedy that others.")) == [
        ("typos.that-for-than", "that", "Write 'than'.")
    ]
    assert typos("It is a better treatment that works faster.") == []
    assert typos("It is more likely that the drug works.") == []
    assert typos("The bladder sits in your lower abdomen that stores urine.") == []
    assert typos("Rates are worse than that of the general population.") == []


# --- vocabulary ---------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_vocabulary_accept_and_reject(nlp, typo_rules, tmp_path):
    write(tmp_path / "vocab" / "accept.txt", "# our product names\ndoxcycline\n")
    write(tmp_path / "vocab" / "reject.txt", "utilize -> use\nwellness\n")
    config = write(
        tmp_path / ".healthlint.yaml",
        ("vocabulary:\n  accept: [vocab/accept.txt]\n  reject: [vocab/reject.txt]\n"),
    )
    settings = load_config_file(config)
    assert settings.vocabulary == Vocabulary(
        frozenset({"doxcycline"}), {"utilize": "use", "wellness": ""}
    )
    linter = Linter(typo_rules, nlp, settings)
    (result,) = linter.lint([Source("t", "Utilize doxcycline for wellness.", "text")])
    assert flagged(result.findings) == [
        ("typos.misspelling", "Utilize", "Write 'Use'."),
        ("typos.misspelling", "wellness", "Write another word (your vocabulary rejects this one)."),
    ]


@pytest.mark.parametrize(
    ("config", "files", "error"),
    [
        (
            "vocabulary: [a.txt]\n",
            {},
            ".healthlint.yaml:1: vocabulary must be a mapping with accept and/or reject file lists",
        ),
        (
            "vocabulary:\n  allow: [a.txt]\n",
            {},
            ".healthlint.yaml:2: unknown vocabulary key 'allow' (allowed: accept, reject)",
        ),
        (
            "vocabulary:\n  accept: [missing.txt]\n",
            {},
            ".healthlint.yaml:2: cannot read vocabulary file",
        ),
        (
            "vocabulary:\n  accept: [a.txt]\n",
            {"a.txt": "ok\ntwo words\n"},
            "a.txt:2: expected one word, got 'two words'",
        ),
        (
            "vocabulary:\n  accept: [a.txt]\n",
            {"a.txt": "ok -> fine\n"},
            "a.txt:1: an accept file lists words only, without '->'",
        ),
        (
            "vocabulary:\n  reject: [r.txt]\n",
            {"r.txt": "# x\n\nbad ->\n"},
            "r.txt:3: expected one word, or: word -> replacement, got 'bad ->'",
        ),
    ],
)
def test_vocabulary_errors_name_file_and_line(tmp_path, monkeypatch, config, files, error):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".healthlint.yaml", config)
    for name, text in files.items():
        write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config_file(".healthlint.yaml")
    assert str(caught.value).startswith(error)


def test_explain_shows_how_to_add_a_word(nlp, monkeypatch, tmp_path):
    monkeypatch.setattr(healthlint.nlp, "load_model", lambda name=None: nlp)
    monkeypatch.chdir(tmp_path)
    for rule in ("typos.misspelling", "typos.unknown-word", "typos.inconsistent-term"):
        result = CliRunner().invoke(cli, ["explain", rule], catch_exceptions=False)
        assert result.exit_code == 0
        assert "vocabulary: {accept: [vocabulary/accept.txt]}" in " ".join(result.stdout.split())


def test_settings_default_to_an_empty_vocabulary():
    assert Settings().vocabulary == Vocabulary()


def test_vocabulary_repr_is_the_same_in_every_process():
    # Result caches are keyed on it; a set's own order changes with the hash seed.
    vocabulary = Vocabulary(frozenset({"zeta", "alpha"}), {"utilize": "use"})
    assert repr(vocabulary) == ("Vocabulary(accept=['alpha', 'zeta'], reject=[('utilize', 'use')])")


# --- pieces -------------------------------------------------------------------------------


def test_parse_misspellings_follows_codespells_format():
    lines = [
        "# comment",
        "teh->the",
        "ther->there, their,",
        "abotu->about, reason here",
        "two words->x",
        "wierd->weird",
    ]
    assert parse_misspellings(lines) == {
        "teh": ("the",),
        "ther": ("there", "their"),
        "abotu": ("about",),
        "wierd": ("weird",),
    }


def test_match_case_and_quoted_spans():
    assert [match_case("receive", w) for w in ("recieve", "Recieve", "RECIEVE")] == [
        "receive",
        "Receive",
        "RECEIVE",
    ]
    text = "He said \u201cit works\u201d and 'this too', but don't."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["\u201cit works\u201d", "'this too'"]


def test_lexicon_is_not_loaded_when_lint_is_imported():
    code = (
        "import sys, healthlint.cli, healthlint.engine, healthlint.checks; "
        "print(sorted(m for m in ('wordfreq', 'msgpack', 'rapidfuzz') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
