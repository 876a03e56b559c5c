"""Kind ``terms``: flag listed words and phrases, matched by their exact form or by lemma."""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, optional_string_list


class TermsCheck(Check):
    """Flags every occurrence of the rule's phrases.

    ``terms`` match case-insensitively in the form given ("proven" does not match "prove");
    ``lemmas`` match any inflection ("cure" matches "cures", "cured").
    """

    reads_entities = False

    OPTIONS = {
        "terms": Option(
            optional_string_list, default=(), help="phrases matched case-insensitively as written"
        ),
        "lemmas": Option(
            optional_string_list,
            default=(),
            help="phrases matched by the lemma of each word, so any inflection",
        ),
    }

    @classmethod
    def validate_options(cls, options):
        """A terms rule needs something to match."""
        if not options["terms"] and not options["lemmas"]:
            raise ValueError("needs 'terms' or 'lemmas'")

    def __init__(self, rule, nlp, settings, shared=None):
        from spacy.matcher import PhraseMatcher

        super().__init__(rule, nlp, settings, shared)
        self.exact = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact.add(rule.id, [nlp.make_doc(t.lower()) for t in rule.options["terms"]])
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        if rule.options["lemmas"]:
            # Lemmas of a phrase depend on the tagger, so the phrases go through the pipeline.
            lemma_docs = list(nlp.pipe(rule.options["lemmas"]))
            self.by_lemma.add(rule.id, lemma_docs)

    def find(self, analysis):
        """Yield each phrase occurrence, longest match first where they overlap."""
        doc = analysis.doc
        spans = [doc[s:e] for _, s, e in self.exact(doc)]
        spans += [doc[s:e] for _, s, e in self.by_lemma(doc)]
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            yield Match(span.start_char, span.end_char)
