"""Every corpus the benchmarks read, through one loader.

``Corpora(shared)`` reads the public corpora under the shared data directory (``--shared``);
``Corpora(None)`` is the ``--samples`` mode: the repository's own ``samples/`` stand in for every
corpus of articles, and two small hand-written files in ``benchmarks/data/`` for the labelled
sentences and the misspelling pairs, so each benchmark runs in seconds without ``../shared``.
Each text becomes a :class:`Record`. The module needs only the standard library.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness import REPO_ROOT, die

MEDQUAD = {
    "medlineplus": "eval/clean_prose_medquad/medlineplus_health_topic_summaries_sample600.jsonl",
    "cdc": "eval/clean_prose_medquad/cdc_qa_answers_sample250.jsonl",
}
# Yu, Li and Wang's sentences labelled by claim strength. The two files encode the labels
# differently; both are turned into these names before anything is counted.
NO_CLAIM, DIRECT, CONDITIONAL, CORRELATIONAL = (
    "no claim",
    "direct causal",
    "conditional causal",
    "correlational",
)
CAUSAL = {
    "pubmed": (
        "eval/causal_language/yu2019_pubmed_causal_language_use.csv",
        None,
        {"0": NO_CLAIM, "1": DIRECT, "2": CONDITIONAL, "3": CORRELATIONAL},
    ),
    "eureka": (
        "eval/causal_language/yu2020_annotated_eureka_pressrelease.csv",
        "sentId",
        {"0": NO_CLAIM, "1": CORRELATIONAL, "2": CONDITIONAL, "3": DIRECT},
    ),
}
RELEASE_DIR = "eval/fakehealth_release_hnr"
RELEASES = {  # the only corpus: 120 FakeHealth HealthRelease press releases
    "sample120": (
        f"{RELEASE_DIR}/healthrelease_sample120_text_and_explanations.jsonl",
        f"{RELEASE_DIR}/healthrelease_hnr_criteria_labels.csv",
    )
}
EVIDENCE, FUNDING = "evidence_quality", "funding_coi"
NO_LABEL = "(no label row)"
SEED = "seeds/000_28791970a4afaebf.txt"
SPELLING = "eval/spelling"
SAMPLES = REPO_ROOT / "samples"
SAMPLE_SEED = SAMPLES / "careful-ginger-nausea.md"
SAMPLE_SENTENCES = REPO_ROOT / "benchmarks" / "data" / "causal_sentences.csv"
SAMPLE_MISSPELLINGS = REPO_ROOT / "benchmarks" / "data" / "misspellings.dat"


@dataclass(frozen=True)
class Record:
    """One text of a corpus: the id a report shows, the file name it is linted under (unique in
    the corpus; its suffix decides the format), the text, and the corpus's labels for it."""

    id: str
    file: str
    text: str
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def words(self) -> int:
        """Whitespace-split words: the count every report divides by."""
        return len(self.text.split())


def safe_name(index: int, ident: str) -> str:
    """A plain-text file name, unique by *index*, that still shows *ident*."""
    return f"{index:04d}_{re.sub(r'[^A-Za-z0-9_.-]', '_', ident)}.txt"


class Corpora:
    """The corpora under *shared*, or with ``shared=None`` their stand-ins from the repository."""

    def __init__(self, shared: Path | None):
        self.shared = shared

    @classmethod
    def from_args(cls, args) -> Corpora:
        """The corpora a script's ``--shared`` or ``--samples`` option names."""
        return cls(None if args.samples else args.shared)

    def path(self, relative: str) -> Path:
        """The shared file *relative*; exits when it is missing."""
        assert self.shared is not None
        path = self.shared / relative
        if not path.is_file():
            die(f"corpus file not found: {path} (set --shared, or use --samples)")
        return path

    def name(self, relative: str, stand_in: Path = SAMPLES) -> str:
        """How a report names the file it read: its path, or what stands in for it."""
        if self.shared is None:
            return f"{stand_in.relative_to(REPO_ROOT)} (--samples)"
        return str(self.shared / relative)

    def samples(self, limit: int | None = None) -> list[Record]:
        """The repository's samples, under their own names so each is read in its format."""
        paths = sorted(p for p in SAMPLES.iterdir() if p.is_file())[:limit]
        return [Record(p.stem, p.name, p.read_text(encoding="utf-8")) for p in paths]

    def medquad(self, corpus: str, limit: int | None = None) -> list[Record]:
        """MedQuAD answers (plain text). CDC answers share a doc_id per topic, so later ones get
        ids like ``0000001#2``; file names carry the row number."""
        if self.shared is None:
            return self.samples(limit)
        records: list[Record] = []
        seen: Counter[str] = Counter()
        for row in _jsonl(self.path(MEDQUAD[corpus]))[:limit]:
            doc_id = str(row.get("doc_id", len(records)))
            seen[doc_id] += 1
            label = doc_id if seen[doc_id] == 1 else f"{doc_id}#{seen[doc_id]}"
            records.append(
                Record(label, safe_name(len(records), doc_id), str(row.get("answer", "")))
            )
        return records

    def sentences(self, corpus: str, limit: int | None = None) -> list[Record]:
        """Yu et al.'s sentences, each with ``labels["label"]`` named, not coded; exits on a code
        the file should not hold, since a silent mistake would swap direct and correlational.
        The id is the ``sentId``, or the 1-based data row."""
        relative, id_column, codes = CAUSAL[corpus]
        if self.shared is None:  # the hand-written stand-in uses the Yu 2019 encoding
            path, id_column, codes = SAMPLE_SENTENCES, None, CAUSAL["pubmed"][2]
        else:
            path = self.path(relative)
        records = []
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row_no, row in enumerate(csv.DictReader(handle)):
                code = str(row.get("label", "")).strip()
                if code not in codes:
                    die(f"{path.name} row {row_no + 2}: unknown label {code!r}")
                ident = str((row.get(id_column) if id_column else None) or row_no + 1)
                text = str(row.get("sentence", "")).strip() + "\n"
                records.append(Record(ident, f"{row_no:05d}.txt", text, {"label": codes[code]}))
        return records[:limit]

    def releases(self, limit: int | None = None) -> tuple[list[Record], int]:
        """FakeHealth press releases with their ``evidence_quality`` and ``funding_coi`` ratings.

        Ratings come from the CSV; a release without a row there is rated ``(no label row)``
        (as every sample is). Also returns how many releases carry a copy of a rating in the
        JSONL that disagrees with the CSV.
        """
        if self.shared is None:
            labels = {EVIDENCE: NO_LABEL, FUNDING: NO_LABEL}
            return [Record(r.id, r.file, r.text, labels) for r in self.samples(limit)], 0
        text_file, label_file = (self.path(part) for part in RELEASES["sample120"])
        with label_file.open(encoding="utf-8-sig", newline="") as handle:
            rows = {str(row.get("news_id", "")).strip(): row for row in csv.DictReader(handle)}
        records, disagreements = [], 0
        for record in _jsonl(text_file)[:limit]:
            news_id = str(record.get("news_id", "")).strip()
            row = rows.get(news_id)
            ratings = {
                column: (str(row.get(column) or "").strip() or "(blank)") if row else NO_LABEL
                for column in (EVIDENCE, FUNDING)
            }
            if row and any(
                column in record and str(record[column]).strip() != value
                for column, value in ratings.items()
            ):
                disagreements += 1
            file = safe_name(len(records), news_id)
            records.append(Record(news_id, file, str(record.get("text") or ""), ratings))
        return records, disagreements

    def seed(self, path: Path | None = None) -> Path:
        """The seed article: *path* if given, else the shared seed, or a sample stand-in."""
        if path is not None:
            if not path.is_file():
                die(f"seed not found: {path}")
            return path
        return SAMPLE_SEED if self.shared is None else self.path(SEED)

    def misspellings(self) -> dict[str, list[tuple[str, str]]]:
        """(misspelling, correct word) pairs by source, single words of ASCII letters only:
        Wikipedia's list, the two medical corpora of Dirkson et al. and Birkbeck."""
        if self.shared is None:
            return {"samples": _wikipedia_pairs(SAMPLE_MISSPELLINGS)}
        folder = f"{SPELLING}/dirkson_"
        medical = [
            pair
            for name, wrong, right in (
                ("Medical_Misspelling_Correction_Corpus.csv", "Word", "Correction"),
                ("PsyTAR_SpellingCorpus.txt", "Mistake", "Correction"),
            )
            for pair in _tsv_pairs(self.path(folder + name), wrong, right)
        ]
        birkbeck, correct = [], None
        for line in self.path(f"{SPELLING}/birkbeck_missp.dat").read_text("utf-8").splitlines():
            if line.startswith("$"):
                correct = line[1:]
            elif correct and (pair := _pair(line, correct)):
                birkbeck.append(pair)
        wikipedia = _wikipedia_pairs(
            self.path(f"{SPELLING}/wikipedia_common_misspellings_2011.dat")
        )
        sources = {"wikipedia": wikipedia, "medical": medical, "birkbeck": birkbeck}
        return {name: sorted(set(pairs)) for name, pairs in sources.items()}


def rating_values(releases: list[Record], criterion: str) -> list[str]:
    """The ratings of *criterion* in report order: Satisfactory and Not Satisfactory (even when
    no release has them), then any other value seen, in alphabetical order."""
    first = ["Satisfactory", "Not Satisfactory"]
    return [*first, *sorted({r.labels[criterion] for r in releases} - set(first))]


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _pair(wrong: str, right: str) -> tuple[str, str] | None:
    wrong, right = wrong.strip().lower(), right.strip().lower()
    letters = wrong.isalpha() and right.isalpha() and (wrong + right).isascii()
    return (wrong, right) if letters and wrong != right and len(right) > 1 else None


def _wikipedia_pairs(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted({p for line in lines if (p := _pair(*line.partition("->")[::2]))})


def _tsv_pairs(path: Path, wrong: str, right: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [p for row in rows if (p := _pair(row[wrong], row[right]))]
