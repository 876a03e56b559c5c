"""The readability pack: document figures, audience targets and the sentence and word rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import healthlint.nlp
from healthlint.analysis import Analysis
from healthlint.cli import cli
from healthlint.config import ConfigError, Settings, settings_from_mapping
from healthlint.engine import Linter, active_rules
from healthlint.inputs import Source
from healthlint.prose import scores, syllables
from healthlint.readers import build_document

REPO = Path(__file__).resolve().parent.parent

# Exactly 70 words, all of them short and familiar: only its length is wrong with it.
LONG = (
    "When you feel short of breath after a walk or a climb up the stairs and you also see "
    "that your ankles swell at the end of the day and you find that you need more pillows "
    "at night to sleep well and you wake tired in the morning and you feel your heart "
    "beat fast when you rest and you cough at night you should call your nurse soon."
)
ISSUE_DOC = (
    "Living with breathlessness\n\n"
    "Many people notice dyspnoea when they climb stairs.\n"
    "Your doctor may suggest an analgesic for chest pain.\n"
    "Ask your GP before you change any medicine.\n\n" + LONG + "\n"
)
HARD = (
    "Pharmacological immunosuppression necessitates comprehensive monitoring of "
    "hematological parameters and hepatic function."
)
# Over 100 words at a high grade, so the document as a whole is graded and over target.
HARD_DOC = " ".join(
    [
        "Hypertension is a chronic cardiovascular condition characterized by persistently elevated "
        "arterial pressure.",
        "Untreated hypertension substantially increases the probability of myocardial infarction "
        "and progressive renal insufficiency.",
        "Pharmacological management typically incorporates angiotensin converting enzyme "
        "inhibitors or calcium channel antagonists.",
        "Nonpharmacological interventions, including sodium restriction and regular physical "
        "activity, constitute essential complementary strategies.",
        "Adherence to prescribed regimens remains suboptimal in numerous populations.",
        "Periodic monitoring facilitates identification of inadequately controlled individuals.",
        "Ambulatory measurement provides supplementary diagnostic information regarding nocturnal "
        "variability and masked hypertension in susceptible adults.",
        "Pharmacotherapy intensification is generally recommended for individuals demonstrating "
        "persistently elevated measurements despite lifestyle modification.",
        "You should see your doctor.",
    ]
)


DEFAULT_SETTINGS = Settings()


@pytest.fixture(scope="module")
def readability_rules(shipped_packs):
    """Only the readability pack's rules."""
    return active_rules(shipped_packs, select=("readability",))


@pytest.fixture(scope="module")
def check(nlp, readability_rules):
    """Lint a string with the readability rules, under the given settings."""
    linters: dict = {}

    def run(text: str, input_format: str = "text", settings: Settings | None = None):
        settings = settings or DEFAULT_SETTINGS
        key = repr(settings)
        if key not in linters:
            linters[key] = Linter(readability_rules, nlp, settings)
        path = {"text": "t.txt", "markdown": "t.md", "html": "t.html"}[input_format]
        (result,) = linters[key].lint([Source(path, text, input_format)])
        return result

    return run


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


# ---------------------------------------------------------------------------------------------
# What the issue asks to show
# ---------------------------------------------------------------------------------------------


def test_issue_document_gives_one_finding_each_at_its_line_and_column(check):
    assert len(LONG.split()) == 70
    result = check(ISSUE_DOC)
    found = [
        (f.rule, f.line, f.column, f.end_line, f.end_column, f.text, f.suggestion)
        for f in result.findings
    ]
    assert found[:3] == [
        ("readability.jargon", 3, 20, 3, 28, "dyspnoea", "shortness of breath"),
        ("readability.jargon", 4, 28, 4, 37, "analgesic", "painkiller"),
        ("readability.acronym", 5, 10, 5, 12, "GP", found[2][6]),
    ]
    assert found[2][6] == (
        "Spell it out at its first use, with the acronym in brackets: 'the full term (GP)'."
    )
    rule, line, column, end_line, end_column, text, _ = found[3]
    assert (rule, line, column, end_line, end_column) == (
        "readability.long-sentence",
        7,
        1,
        7,
        len(LONG) + 1,
    )
    assert text == LONG
    assert len(found) == 4
    long_finding = result.findings[3]
    assert long_finding.message.startswith("This sentence has 70 words")
    assert "'dyspnoea' is medical jargon; write 'shortness of breath'" in (
        result.findings[0].message
    )


def test_json_output_has_the_readability_object_and_text_shows_grade_against_target(
    nlp, monkeypatch, tmp_path
):
    monkeypatch.setattr(healthlint.nlp, "load_model", lambda name=None: nlp)
    monkeypatch.chdir(tmp_path)
    Path("hard.txt").write_text(HARD_DOC + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", "--fail-on", "never", "hard.txt"], catch_exceptions=False
    )
    (entry,) = json.loads(result.stdout)["files"]
    figures = entry["readability"]
    assert set(figures) == {
        "words",
        "sentences",
        "avg_sentence_length",
        "smog",
        "flesch_kincaid_grade",
        "flesch_reading_ease",
        "gunning_fog",
        "coleman_liau",
        "dale_chall",
        "audience",
        "target_grade",
        "over_target",
    }
    assert figures["sentences"] == 9 and figures["words"] == len(HARD_DOC.split())
    assert figures["audience"] == "patient" and figures["target_grade"] == 8
    assert figures["over_target"] is True and figures["smog"] > 8
    text = (
        CliRunner()
        .invoke(cli, ["check", "--fail-on", "never", "hard.txt"], catch_exceptions=False)
        .stdout
    )
    assert (
        f"  readability: SMOG grade {figures['smog']:.1f} (Flesch-Kincaid "
        f"{figures['flesch_kincaid_grade']:.1f}) against the patient target of grade 8: "
        "above it\n"
    ) in text


def test_works_offline_with_an_empty_home_and_no_nltk_data(tmp_path):
    """Nothing is downloaded: NLTK is never imported, the CMU dictionary comes from a package."""
    article = tmp_path / "article.md"
    article.write_text("# Asthma\n\n" + HARD_DOC + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NLTK_DATA", "HOME")}
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    script = (
        "import json, sys\n"
        "from healthlint.cli import main\n"
        "sys.argv = ['healthlint', 'check', '--format', 'json', '--fail-on', 'never',\n"
        "            '--select', 'readability', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('NLTK' if 'nltk' in sys.modules else 'no NLTK', file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(article)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.stderr.strip().endswith("no NLTK"), completed.stderr
    (entry,) = json.loads(completed.stdout)["files"]
    assert entry["error"] is None
    assert entry["readability"]["smog"] > 8
    assert "readability.grade-level" in [f["rule"] for f in entry["findings"]]
    assert not list((tmp_path / "home").iterdir())  # nothing cached or downloaded into HOME


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def test_syllables_come_from_the_cmu_dictionary_then_hyphenation():
    assert [syllables(w) for w in ("the", "area", "hypertension", "Idea")] == [1, 3, 4, 3]
    assert syllables("dyspnoea") == 3  # not in the CMU dictionary: pyphen's points + 1
    assert syllables("2024") == 1


def test_syllables_are_textstats_count_read_offline():
    import textstat

    words = ("the", "hypertension", "dyspnoea", "well-known", "COVID-19", "don't", "ibuprofen")
    assert [syllables(w) for w in words] == [textstat.syllable_count(w) for w in words]
    assert syllables("don\u2019t") == syllables("don't")  # a typographic apostrophe too
    assert textstat.__version__ < (0, 7, 9)  # later releases read the dictionary through NLTK
    assert "nltk" not in sys.modules


def test_a_textstat_that_needs_nltk_data_is_refused_with_the_fix(monkeypatch):
    import importlib.metadata

    from healthlint import prose
    from healthlint.errors import HealthlintError

    prose._textstat.cache_clear()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.7.13")
    with pytest.raises(HealthlintError, match=r"textstat 0\.7\.13 is installed.*<0\.7\.9"):
        prose._textstat()
    prose._textstat.cache_clear()


def _prose(nlp, text: str):
    document = build_document("t.txt", text, "text")
    doc = next(
        iter(healthlint.nlp.parse(nlp, [(document.text, [b.start for b in document.blocks])]))
    )
    return Analysis(document, doc, None).prose


# Plain sentences that every sentence splitter splits alike, so textstat's counts are
# healthlint's own and the formulas must agree.
PLAIN = (
    "Your kidneys filter your blood every day. They remove waste and extra water. "
    "Diabetes and high blood pressure can damage them over many years. Regular tests "
    "can find problems early, when treatment works best."
)


def test_formulas_agree_with_textstat_on_plain_sentences(nlp):
    """Same counts, same syllables, same constants: textstat agrees."""
    import textstat

    prose = _prose(nlp, PLAIN)
    found = prose.scores
    assert found["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(PLAIN))
    assert found["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(PLAIN))
    assert found["smog"] == pytest.approx(textstat.smog_index(PLAIN))
    assert found["gunning_fog"] == pytest.approx(textstat.gunning_fog(PLAIN))
    # textstat rounds Coleman-Liau's 0.0588 per letter to 0.058; nothing else differs.
    letters_per_100_words = 100 * prose.totals.letters / prose.totals.words
    assert found["coleman_liau"] - 0.0008 * letters_per_100_words == pytest.approx(
        textstat.coleman_liau_index(PLAIN)
    )


def test_dale_chall_agrees_with_textstat_where_no_familiar_word_is_inflected(nlp):
    """healthlint counts "tests" and "helps" as familiar, as Dale and Chall did; textstat
    counts only the listed forms. Without inflected forms the two agree."""
    import textstat

    text = (
        "The doctor will see you now. Take the pill with food and a glass of water. "
        "Call the office if you feel sick after the medicine."
    )
    assert _prose(nlp, text).scores["dale_chall"] == pytest.approx(
        textstat.dale_chall_readability_score(text)
    )
    assert _prose(nlp, PLAIN).scores["dale_chall"] < textstat.dale_chall_readability_score(PLAIN)


def test_no_sentence_means_no_scores():
    from healthlint.prose import Counts

    assert scores(Counts()) is None


def test_figures_cover_prose_only(check):
    markdown = (
        "---\ntitle: Kidney health\n---\n\n# Kidney health\n\n"
        "Your kidneys filter your blood every day.\n\n"
        "```\nhypertension = renal + hepatic + cardiovascular + gastrointestinal\n```\n\n"
        "| Test | What it shows |\n|---|---|\n| eGFR | how well your kidneys filter |\n\n"
        "## References\n\n"
        "1. Smith J. Renal outcomes in hypertension. Nephrology Journal. 2020.\n"
    )
    result = check(markdown, "markdown")
    figures = result.metrics["readability"]
    assert (figures["words"], figures["sentences"]) == (7, 1)
    assert rules_of(result) == []  # renal and hypertension appear only in references and code


# ---------------------------------------------------------------------------------------------
# Audience and thresholds
# ---------------------------------------------------------------------------------------------


def test_grade_level_names_the_three_hardest_sentences(check):
    result = check(HARD_DOC)
    (finding,) = [f for f in result.findings if f.rule == "readability.grade-level"]
    assert (finding.line, finding.column) == (1, 1)
    assert "above the patient target of grade 8" in finding.message
    hardest = finding.message.split("Hardest sentences (line:column): ")[1]
    assert hardest.count(' "') == 3
    assert "You should see your doctor" not in hardest


def test_audience_changes_the_target_and_professional_switches_grading_off(check):
    general = check(HARD_DOC, settings=Settings(audience="general"))
    assert general.metrics["readability"]["target_grade"] == 10
    professional = check(
        HARD_DOC + " " + "Dyspnoea is common.", settings=Settings(audience="professional")
    )
    assert professional.metrics["readability"]["target_grade"] is None
    assert professional.metrics["readability"]["over_target"] is None
    assert not {"readability.grade-level", "readability.hard-sentence", "readability.jargon"} & set(
        rules_of(professional)
    )


def test_explicit_thresholds_win_over_the_defaults(check):
    text = "Take one tablet with a full glass of water after your evening meal each day."
    assert "readability.long-sentence" not in rules_of(check(text))
    strict = Settings(readability={"max_sentence_words": 10, "max_grade": 30.0})
    result = check(text, settings=strict)
    assert rules_of(result) == ["readability.long-sentence"]
    assert result.findings[0].message.startswith(
        "This sentence has 15 words; keep sentences to 10 words or fewer."
    )
    assert check(HARD_DOC, settings=strict).metrics["readability"]["over_target"] is False


def test_config_validates_audience_and_thresholds():
    settings = settings_from_mapping(
        {
            "audience": "general",
            "readability": {"max_grade": 9, "max_sentence_words": 20, "acronyms": ["NICE"]},
        },
        "c.yaml",
    )
    assert settings.audience == "general"
    assert settings.readability == {
        "max_grade": 9.0,
        "max_sentence_words": 20,
        "acronyms": ("NICE",),
    }
    for bad in (
        {"audience": "children"},
        {"readability": {"max_words": 3}},
        {"readability": {"max_sentence_words": 0}},
        {"readability": []},
        {"readability": {"max_grade": "eight"}},
    ):
        with pytest.raises(ConfigError):
            settings_from_mapping(bad, "c.yaml")


# ---------------------------------------------------------------------------------------------
# Sentence and paragraph rules
# ---------------------------------------------------------------------------------------------


def test_hard_sentence_needs_most_formulas_to_agree(check):
    result = check(HARD)
    assert rules_of(result) == ["readability.hard-sentence"] + ["readability.jargon"] * 3
    assert "4 of 5" in result.findings[0].message or "5 of 5" in result.findings[0].message
    assert rules_of(check("You will need a blood test every few weeks while you take it.")) == []


def test_a_long_hard_sentence_gets_one_finding_not_two(check):
    sentence = HARD[:-1] + (
        ", which your specialist team will arrange at regular intervals "
        "throughout the course of your treatment."
    )
    assert set(rules_of(check(sentence))) == {"readability.long-sentence", "readability.jargon"}


def test_long_paragraph_is_reported_on_its_first_sentence(check):
    sentence = "You can take this medicine with or without food each day. "
    result = check("Intro line here.\n\n" + sentence * 16)
    (finding,) = [f for f in result.findings if f.rule == "readability.long-paragraph"]
    assert (finding.line, finding.column, finding.end_column) == (3, 1, len(sentence))
    assert "176 words in 16 sentences" in finding.message


def test_passive_voice_is_info_and_spans_the_verb_group(check):
    result = check("The dose has not been changed. It is called a booster.")
    (finding,) = result.findings
    assert (finding.rule, finding.severity, finding.text) == (
        "readability.passive-voice",
        "info",
        "has not been changed",
    )


# ---------------------------------------------------------------------------------------------
# Jargon
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hypertension, or high blood pressure, often has no symptoms.",
        "High blood pressure (hypertension) often has no symptoms.",
        "Hypertension (high blood pressure) often has no symptoms.",
        "Doctors call high blood pressure hypertension.",
        "Hypertension means that your blood pressure is too high.",
        "Atherosclerosis is a disease in which plaque builds up inside your arteries.",
        "Syncope is when you faint for a short time.",
    ],
)
def test_jargon_explained_in_its_sentence_is_not_flagged(check, text):
    assert "readability.jargon" not in rules_of(check(text))


@pytest.mark.parametrize(
    "text",
    [
        "Atherosclerosis is a common problem in older people.",
        "People with hypertension or diabetes need regular checks.",
    ],
)
def test_jargon_merely_used_is_flagged(check, text):
    assert rules_of(check(text)) == ["readability.jargon"]


def test_jargon_is_matched_by_lemma_and_flagged_once_per_document(check):
    result = check(
        "Ask about analgesics for the pain. Analgesics can upset your stomach. "
        "Take the analgesic with food."
    )
    (finding,) = result.findings
    assert (finding.text, finding.suggestion, finding.column) == ("analgesics", "painkiller", 11)


def test_jargon_longest_term_wins_and_headings_are_left_alone(check):
    result = check(
        "# Myocardial infarction\n\nA myocardial infarction needs care at once.\n", "markdown"
    )
    assert [(f.text, f.suggestion, f.line) for f in result.findings] == [
        ("myocardial infarction", "heart attack", 3)
    ]


def test_jargon_list_is_reviewed_and_sourced():
    import yaml

    text = (REPO / "lint" / "data" / "jargon.yaml").read_text(encoding="utf-8")
    assert "Plain Language Thesaurus" in text and "public domain" in text
    terms = {entry["term"]: entry for entry in yaml.safe_load(text)["terms"]}
    assert {"dyspnea", "analgesic", "hypertension", "renal"} <= set(terms)
    # Wrong or claim-strengthening swaps from the thesaurus are not shipped.
    assert not {"cure", "irrefutable", "demonstrate", "validate", "treat"} & set(terms)
    for entry in terms.values():
        assert entry["plain"] and entry["source"] in ("cdc", "healthlint")


# ---------------------------------------------------------------------------------------------
# Acronyms
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Chronic obstructive pulmonary disease (COPD) makes breathing hard. COPD is common.",
        "COPD (chronic obstructive pulmonary disease) makes breathing hard.",
        "Chronic obstructive pulmonary disease is common. Smoking causes most COPD.",
        "HIV and DNA tests are done in the UK and the US.",
        "Do NOT stop taking this medicine. CALL your nurse.",
        "People with type II diabetes can eat fruit.",
        "The H5N1 virus causes bird flu.",
        "COPD STANDS FOR A LUNG DISEASE THAT MAKES BREATHING HARD.",
    ],
)
def test_acronyms_spelled_out_allowed_or_not_acronyms_are_not_flagged(check, text):
    assert "readability.acronym" not in rules_of(check(text))


def test_acronym_is_flagged_once_at_its_first_use_even_if_spelled_out_later(check):
    result = check(
        "Most TRD needs a specialist. Treatment-resistant depression (TRD) is common. "
        "TRD can improve."
    )
    (finding,) = result.findings
    assert (finding.rule, finding.text, finding.column) == ("readability.acronym", "TRD", 6)


def test_inline_code_is_not_a_use_of_jargon_or_acronyms(check):
    text = "Run `COPD renal` first. Then COPD and renal tests follow.\n"
    result = check(text, "markdown")
    assert [(f.text, f.column) for f in result.findings] == [("COPD", 30), ("renal", 39)]


def test_acronym_in_a_heading_is_not_its_first_use(check):
    text = "# What is COPD?\n\nChronic obstructive pulmonary disease (COPD) is a lung disease.\n"
    assert rules_of(check(text, "markdown")) == []
    assert rules_of(check("# About\n\nAsk a CNS nurse.\n", "markdown")) == ["readability.acronym"]


def test_config_adds_to_the_allowed_acronyms(check):
    text = "NICE guidance says so."
    assert rules_of(check(text)) == ["readability.acronym"]
    assert rules_of(check(text, settings=Settings(readability={"acronyms": ("NICE",)}))) == []
