"""The language pipeline: ``spacy.blank("vi")`` with congbao's components for legal references,
deadlines and agencies (underthesea's word segmentation decides where agency names end); and
``find_mentions``, the same finders on any caller's text without spaCy.

Built once per process (``build_nlp``) and passed in explicitly. Tokenisers shred "59/2012/NĐ-CP",
so each component finds its mentions with patterns on ``doc.text`` first and then attaches them to
tokens with ``doc.char_span(..., alignment_mode="expand")``. After ``nlp(text)``:
- ``doc.spans["legal_refs"]``, ``doc.spans["deadlines"]``, ``doc.spans["agencies"]`` hold the
  mentions, each span's ``span._.congbao`` the parsed value (``LegalRef``, ``Deadline``, ``Agency``)
  of that very mention, even when two mentions of different kinds expand to the same tokens;
- the parsed values' ``start``/``end`` index ``doc.text`` exactly.
Context comes through ``doc.user_data``: ``"citing"`` (a ``CitingDocument``) for plausibility checks
and self-references, ``"document_date"`` for deadlines without a year.
"""
from __future__ import annotations

import functools

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..models import Agency, Deadline, LegalRef
from ..normalize import normalize_with_offsets, split_at_blank_lines
from .deadlines import find_deadline_mentions
from .legal_refs import CitingDocument, find_legal_references
from .mentions import find_agency_mentions
from .segmenter import segment_words

COMPONENTS = ("congbao_legal_refs", "congbao_deadlines", "congbao_agencies")
# Agencies are looked for in windows of at most this many characters, cut after a sentence: the
# agency gazetteer's lookup grows faster than the text it reads, a window keeps it bounded (no name
# of an agency runs over the end of a sentence).
AGENCY_WINDOW_CHARS = 4000
# A document text may be longer than spaCy's default limit (1,000,000 characters, error E088):
# that limit protects its parser and NER, which this pipeline does not run.
MAX_DOC_CHARS = 100_000_000

Mention = tuple[int, int, "LegalRef | Agency | Deadline"]
_ORDER = {LegalRef: 0, Agency: 1, Deadline: 2}


def word_spans(text: str, segment: Callable[[str], Sequence[Any]] = segment_words) -> list[tuple[int, int]]:
    """(start, end) of the words of ``text``: underthesea's words, and what lies between them split
    at spaces (the non-space tokens of ``UndertheseaTokenizer``)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for w in segment(text):
        spans.extend((pos + g.start(), pos + g.end()) for g in re.finditer(r"\S+", text[pos:w.start]))
        spans.append((w.start, w.end))
        pos = w.end
    spans.extend((pos + g.start(), pos + g.end()) for g in re.finditer(r"\S+", text[pos:]))
    return spans


class UndertheseaTokenizer:
    """spaCy tokenizer whose tokens are underthesea's words ("Ủy ban", "nhân dân", "thành phố")."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []

        def add_gap(gap: str) -> None:
            # text between segmented words: single spaces become token spacing, the rest tokens
            for piece in re.findall(r"\S+|\s+", gap):
                if piece == " " and words and not spaces[-1]:
                    spaces[-1] = True
                else:
                    words.append(piece)
                    spaces.append(False)

        pos = 0
        for w in segment_words(text):
            add_gap(text[pos:w.start])
            words.append(text[w.start:w.end])
            spaces.append(False)
            pos = w.end
        add_gap(text[pos:])
        return Doc(self.vocab, words=words, spaces=spaces)


def _text(doc) -> str:
    """The text ``doc`` was made from: kept by ``analyse_text`` (spaCy's ``doc.text`` joins every token
    again at each call), else spaCy's."""
    text = doc.user_data.get("text")
    return text if text is not None else doc.text


def _value_of(span) -> Any:
    return span.doc.user_data.get("congbao_values", {}).get(span.id)


def _attach(doc, key: str, found) -> None:
    # spaCy keys a span extension's value by the span's offsets, so a deadline and an agency that
    # expand to the same tokens would share one value: each span gets its own id and the value is
    # kept under that id instead.
    values = doc.user_data.setdefault("congbao_values", {})
    spans = []
    for i, (start, end, value) in enumerate(found):
        span = doc.char_span(start, end, label=type(value).__name__, alignment_mode="expand",
                             span_id=f"{key}:{i}")
        if span is None:
            continue
        values[span.id] = value
        spans.append(span)
    doc.spans[key] = spans


class LegalRefsComponent:
    def __call__(self, doc):
        citing = doc.user_data.get("citing") or CitingDocument()
        _attach(doc, "legal_refs", [(r.start, r.end, r) for r in find_legal_references(_text(doc), citing)])
        return doc


class DeadlinesComponent:
    def __call__(self, doc):
        _attach(doc, "deadlines", find_deadline_mentions(_text(doc), doc.user_data.get("document_date")))
        return doc


class AgenciesComponent:
    """Agencies of the text; underthesea segments only the stretches where a name may start."""

    def __call__(self, doc):
        refs = [(v.start, v.end) for v in map(_value_of, doc.spans.get("legal_refs", [])) if v is not None]
        _attach(doc, "agencies", find_agency_mentions(_text(doc), exclude=refs, segment=segment_words))
        return doc


def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Span

    Span.set_extension("congbao", getter=_value_of, force=True)
    if "congbao_legal_refs" not in Language.factories:
        Language.factory("congbao_legal_refs", func=lambda nlp, name: LegalRefsComponent())
        Language.factory("congbao_deadlines", func=lambda nlp, name: DeadlinesComponent())
        Language.factory("congbao_agencies", func=lambda nlp, name: AgenciesComponent())


@functools.cache
def default_nlp():
    """This process's language pipeline, built on first use and kept (one per worker process)."""
    return build_nlp()


def build_nlp(*, word_tokens: bool = False):
    """A new language pipeline. Costly (imports spaCy): build it once per process.

    Tokens are syllables (spaCy's Vietnamese tokenizer without pyvi), which is all the components
    need: they find mentions on the text and segment words only around agency names. With
    ``word_tokens`` the tokens are underthesea's words ("Ủy ban", "nhân dân") for callers who want
    them, at about ten times the cost.
    """
    import spacy

    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    if word_tokens:
        nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    nlp.max_length = MAX_DOC_CHARS
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def analyse_text(nlp, text: str, *, citing: CitingDocument | None = None, document_date=None):
    """Run ``nlp`` on ``text`` with its context; the spaCy Doc."""
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text  # spaCy's tokenisation loses nothing: doc.text == text
    doc.user_data["citing"] = citing
    doc.user_data["document_date"] = document_date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


# ---------------------------------------------------------------- any caller's text


def find_mentions(
    text: str, *, citing: CitingDocument | None = None, document_date: dt.date | None = None,
    agencies: bool = False, deadlines: bool = False,
    segment: Callable[[str], Sequence[Any]] = segment_words,
) -> tuple[Mention, ...]:
    """(start, end, value) of every legal reference in ``text`` (and agency and deadline mentions
    when asked), in text order; for ties a reference comes first, then an agency, then a deadline.

    ``text`` is the caller's text, not normalised. After the call, for every mention:
    - ``text[start:end]`` is the mention as the caller wrote it (NFD letters, no-break spaces, soft
      hyphens, zero-width characters, old tone placement kept); a ``LegalRef`` value carries that
      raw and those offsets; parsed fields (number, key, issuer, names) are normalised;
    - the result is the result on the blocks of ``text`` between blank lines, offsets shifted, so
      feeding the text whole or cut at blank lines gives the same mentions;
    - the time taken grows linearly with the length of ``text`` (no limit on it).
    """
    citing = citing or CitingDocument()
    out: list[Mention] = []
    for block_start, block_end in split_at_blank_lines(text):
        norm, offsets = normalize_with_offsets(text[block_start:block_end])
        for s, e, value in _block_mentions(norm, citing, document_date, agencies, deadlines, segment):
            a, b = offsets.span(s, e)
            a, b = a + block_start, b + block_start
            if isinstance(value, LegalRef):
                value = replace(value, raw=text[a:b], start=a, end=b)
            out.append((a, b, value))
    out.sort(key=lambda m: (m[0], _ORDER[type(m[2])]))
    return tuple(out)


def _block_mentions(norm: str, citing: CitingDocument, document_date, agencies: bool, deadlines: bool,
                    segment) -> list[Mention]:
    refs = find_legal_references(norm, citing)
    found: list[Mention] = [(r.start, r.end, r) for r in refs]
    if deadlines:
        found.extend(find_deadline_mentions(norm, document_date))
    if agencies:
        k = 0
        for w_start, w_end in sentence_windows(norm, AGENCY_WINDOW_CHARS):
            while k < len(refs) and refs[k].end <= w_start:
                k += 1
            exclude = []
            j = k
            while j < len(refs) and refs[j].start < w_end:
                exclude.append((refs[j].start - w_start, refs[j].end - w_start))
                j += 1
            window = norm[w_start:w_end]
            for s, e, agency in find_agency_mentions(window, exclude=exclude, segment=segment):
                found.append((s + w_start, e + w_start, agency))
    return found


_SENTENCE_END = re.compile(r"(?<=[.;!?:])\s+|\n")


def sentence_windows(text: str, limit: int) -> list[tuple[int, int]]:
    """``text`` cut into windows of at most ``limit`` characters after sentence ends (". ", "; ",
    line breaks), at spaces when a sentence is longer; the whole text when it is short enough."""
    if len(text) <= limit:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    start = last_cut = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() - start > limit and last_cut > start:
            windows.append((start, last_cut))
            start = last_cut
        while m.end() - start > limit:  # a sentence longer than a window: cut at a space
            cut = text.rfind(" ", start + 1, start + limit)
            cut = cut + 1 if cut > start else start + limit
            windows.append((start, cut))
            start = cut
        last_cut = m.end()
    if len(text) - start > limit and last_cut > start:
        windows.append((start, last_cut))
        start = last_cut
    while len(text) - start > limit:
        cut = text.rfind(" ", start + 1, start + limit)
        cut = cut + 1 if cut > start else start + limit
        windows.append((start, cut))
        start = cut
    if start < len(text):
        windows.append((start, len(text)))
    return windows
