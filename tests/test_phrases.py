"""PhraseIndex: the one lookup of multi-word phrases in a document's word lists."""

from healthlint.phrases import PhraseIndex


def test_longest_phrase_wins_at_each_offset():
    index = PhraseIndex(["in place", "in place of", ("rather", "than")])
    words = ["use", "it", "in", "place", "of", "your", "inhaler", "rather", "than", "tea"]
    assert index.at(words, 2) == 3
    assert index.at(words, 3) == 0
    assert index.matches(words) == [(2, 3), (7, 2)]


def test_first_words_name_where_a_phrase_can_start():
    assert PhraseIndex(["without a doubt", "for good"]).first_words == {"without", "for"}
