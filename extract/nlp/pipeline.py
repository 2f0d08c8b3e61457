"""The language pipeline: ``spacy.blank("vi")`` fed by underthesea's word segmentation, with
congbao's components for legal references, deadlines and agencies.

Built once per process (``build_nlp``) and passed in explicitly. Tokenisers shred "59/2012/NĐ-CP",
so each component finds its mentions with patterns on ``doc.text`` first and then attaches them to
tokens with ``doc.char_span(..., alignment_mode="expand")``. After ``nlp(text)``:
- ``doc.spans["legal_refs"]``, ``doc.spans["deadlines"]``, ``doc.spans["agencies"]`` hold the
  mentions, each span's ``span._.congbao`` the parsed value (``LegalRef``, ``Deadline``, ``Agency``);
- the parsed values' ``start``/``end`` index ``doc.text`` exactly.
Context comes through ``doc.user_data``: ``"citing"`` (a ``CitingDocument``) for plausibility checks
and self-references, ``"document_date"`` for deadlines without a year.
"""
from __future__ import annotations

import re
from typing import Any

from .deadlines import find_deadline_mentions
from .legal_refs import CitingDocument, find_legal_references
from .mentions import find_agency_mentions
from .segmenter import segment_words

COMPONENTS = ("congbao_legal_refs", "congbao_deadlines", "congbao_agencies")


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


def _attach(doc, key: str, found) -> None:

    spans = []
    for start, end, value in found:
        span = doc.char_span(start, end, label=type(value).__name__, alignment_mode="expand")
        if span is None:
            continue
        span._.congbao = value
        spans.append(span)
    doc.spans[key] = spans


class LegalRefsComponent:
    def __call__(self, doc):
        citing = doc.user_data.get("citing") or CitingDocument()
        _attach(doc, "legal_refs", [(r.start, r.end, r) for r in find_legal_references(doc.text, citing)])
        return doc


class DeadlinesComponent:
    def __call__(self, doc):
        _attach(doc, "deadlines", find_deadline_mentions(doc.text, doc.user_data.get("document_date")))
        return doc


class AgenciesComponent:
    def __call__(self, doc):
        words = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        refs = [(s.start_char, s.end_char) for s in doc.spans.get("legal_refs", [])]
        _attach(doc, "agencies", find_agency_mentions(doc.text, words, exclude=refs))
        return doc


def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("congbao"):
        Span.set_extension("congbao", default=None)
    if "congbao_legal_refs" not in Language.factories:
        Language.factory("congbao_legal_refs", func=lambda nlp, name: LegalRefsComponent())
        Language.factory("congbao_deadlines", func=lambda nlp, name: DeadlinesComponent())
        Language.factory("congbao_agencies", func=lambda nlp, name: AgenciesComponent())


def build_nlp():
    """A new language pipeline. Costly (imports spaCy and underthesea): build it once per process."""
    import spacy

    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def analyse_text(nlp, text: str, *, citing: CitingDocument | None = None, document_date=None):
    """Run ``nlp`` on ``text`` with its context; the spaCy Doc."""
    doc = nlp.make_doc(text)
    doc.user_data["citing"] = citing
    doc.user_data["document_date"] = document_date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
