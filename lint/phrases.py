"""Multi-word phrases looked up in a document's word lists, filed by their first word.

Word lists of several kinds and of the modality scale hold phrases ("in place of", "without a
doubt"); testing every phrase at every word is quadratic, so a :class:`PhraseIndex` tries only the
phrases that can start at the word in hand, longest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class PhraseIndex:
    """Phrases (tuples of words, or strings split on spaces) by first word, longest first."""

    def __init__(self, phrases: Iterable[Sequence[str] | str]):
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(phrase.split()) if isinstance(phrase, str) else tuple(phrase)
            by_first.setdefault(words[0], []).append(words)
        self._by_first = {
            word: tuple(sorted(group, key=len, reverse=True)) for word, group in by_first.items()
        }

    @property
    def first_words(self) -> frozenset[str]:
        """Every word a phrase starts with: text without any of them holds no phrase."""
        return frozenset(self._by_first)

    def at(self, words: Sequence[str], index: int) -> int:
        """The length of the longest phrase starting at ``words[index]`` (0 for none)."""
        for phrase in self._by_first.get(words[index], ()):
            if tuple(words[index : index + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def matches(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """(offset, length) of the longest phrase at each offset of ``words`` where one starts."""
        found = []
        for offset in range(len(words)):
            size = self.at(words, offset)
            if size:
                found.append((offset, size))
        return found
