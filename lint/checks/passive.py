"""Kind ``passive-voice``: passive verbs, found from the dependency parse."""

from __future__ import annotations

from healthlint.checks.base import Check, Match
from healthlint.prose import PROSE_KINDS


class PassiveVoiceCheck(Check):
    """Flags a verb with a passive auxiliary ("is caused", "were given", "has been shown").

    The match runs from the first auxiliary to the verb, so the finding points at the whole
    verb group. Naming and state passives ("is called", "was born", "are worried") are
    ordinary English; the pack lists them as exceptions.
    """

    reads_entities = False

    def find(self, analysis):
        """Yield each passive verb group in prose blocks."""
        from spacy.symbols import auxpass  # here, so listing rules never imports spaCy

        tokens, kinds = analysis.tokens, analysis.token_block_kinds
        # The label's number, not Token.dep_, which builds a new string for every token.
        passive_auxiliaries = [i for i, token in enumerate(tokens) if token.dep == auxpass]
        for i in passive_auxiliaries:
            if kinds[i] not in PROSE_KINDS:
                continue
            token = tokens[i]
            verb = token.head
            auxiliaries = [
                child
                for child in verb.children
                if child.dep_ in ("aux", "auxpass") and child.i < verb.i
            ]
            first = min(auxiliaries, key=lambda t: t.i, default=token)
            if analysis.sentence_of(first.i).start != analysis.sentence_of(verb.i).start:
                continue
            # Inverted order ("Listed below are the side effects") puts the verb first.
            start, last = min(first, verb, key=lambda t: t.i), max(first, verb, key=lambda t: t.i)
            yield Match(start.idx, last.idx + len(last.text))
