"""Kind ``link-text``: hyperlinks whose visible text does not say where they lead.

A screen reader can list a page's links on their own, out of their sentences, so "click here"
and "read more" tell its user nothing. WCAG 2.2 wants a link's purpose clear from its sentence
(success criterion 2.4.4) and, at its highest level, from the link text alone (2.4.9); the CDC
Clear Communication Index and plainlanguage.gov ask for descriptive link text. The kind reads
the links the Markdown and HTML readers record in ``Document.links``; plain text has none.
"""

from __future__ import annotations

import re

from healthlint.checks.base import Check, Match, Option, string_list

# Link texts that name no destination. A bare URL is not here: it does say where it leads.
VAGUE_LINK_TEXTS = (
    "click here",
    "click this link",
    "here",
    "this",
    "this link",
    "this page",
    "this article",
    "this site",
    "this website",
    "link",
    "more",
    "read more",
    "learn more",
    "find out more",
    "more information",
    "more info",
)

# What surrounds a vague phrase without changing it: "here.", "(more)", "Read more »".
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def normalise(link_text: str) -> str:
    """Lower-case ``link_text``, drop punctuation and symbols at its ends, collapse its spaces.

    A text of punctuation or symbols alone ("»", "...") is kept as it is, so that it can be
    listed too instead of matching nothing.
    """
    lower = _SPACES.sub(" ", link_text.strip().lower())
    return _EDGE.sub("", lower) or lower


class LinkTextCheck(Check):
    """Flags links whose whole visible text is a vague phrase such as "click here" or "read more".

    The text is compared case-insensitively, after dropping punctuation and symbols at its ends
    and collapsing its spaces, with each of ``texts``. Links without text (an image link) and
    links whose text is their URL are left alone.
    """

    reads_entities = False

    OPTIONS = {
        "texts": Option(
            string_list,
            default=VAGUE_LINK_TEXTS,
            help="link texts that do not say where the link leads (any case, end punctuation "
            "ignored)",
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        self.vague = frozenset(normalise(text) for text in self.rule.options["texts"])

    def find(self, analysis):
        """Yield the text of each link whose text is one of the vague phrases."""
        text = analysis.document.text
        for link in analysis.document.links:
            if normalise(text[link.start : link.end]) in self.vague:
                yield Match(link.start, link.end)
