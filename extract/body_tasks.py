"""Tasks written in the body (SPEC.md, origin "body"): every assignment a document makes in prose.

The stage reads each document's outline (``extract.segment.outline``) in **units**: a section, an
article or a numbered item with the points, bullets and paragraphs it holds, up to its first numbered
child (which is a unit of its own). Each unit goes to the assignment finder
(``extract.nlp.assignments.find_assignments``) as one text, its own label off and its points and bullets
on lines of their own, labels kept. Units are left out where drafting puts no assignments: under a
heading of purposes, requirements, objectives or a situation report ("Mục đích, yêu cầu", "Mục tiêu",
"Tình hình …"), inside an article that approves, issues or sets something up (Điều 1 of a Quyết định:
the approved plan's content is no assignment), and, in a normative text (Luật, Nghị định, Thông tư, a
Quy chế or Quy định a Quyết định promulgates), everywhere but its articles of responsibility and
implementation ("Trách nhiệm của …", "Tổ chức thực hiện"): there "UBND cấp tỉnh quyết định …" states a
power, not a task (research notes: 136 such clause openings in the legal-text corpus).

After ``find_body_tasks``, each task:
- has ``origin`` "body", no columns and no row; ``number`` is the label path of the item that holds its
  assignment ("IV.4", "Điều 2", "III.2.b"; a bullet takes its holder's), ``group`` the top section
  (roman or capital letter; none for articles);
- ``text`` is the assignment as printed: from the paragraph (or, within one, the clause) that makes it to
  the next assignment, never past the bullet or point that holds it, without its leading label; lines
  joined by "\\n" with inner labels ("- ", "+ ", "a) ") kept;
- ``lead``/``support`` are canonical agencies (a post stands for its body, short names take the
  document's full name), no body in both; ``deadline`` is the first time phrase of its text, else the
  time the item states in a field ("Thời gian thực hiện: …"), else None (unspecified);
- ``page_indexes``/``page_numbers`` are the pages its paragraphs stand on; ``ocr`` is true when any of
  them was read by OCR, with ``confidence`` the mean word confidence of those pages;
- ``task_id`` is "<path without .pdf>/<document number, / as ->/B/<number>", "#2" … on repeats.

``find_text_tasks`` runs the same reading on plain text and gives each task's offsets in that text.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from . import gazetteer
from .models import Agency, Assignment, Deadline, Document, Fragment, LegalRef, OutlineNode, Page, Task, TextTask
from .names import body_name_case, is_upper_text
from .nlp.assignments import (
    EXECUTION, HEADING_NOT_TASK, NONTASK_START, body_agency, find_assignments, find_deadline, find_evidence,
    forget_words, heading_bodies, merge_same_lead, names_in, opens_body, strip_post, time_field,
)
from .nlp.legal_refs import CitingDocument, find_legal_references
from .normalize import normalize_with_offsets
from .segment.outline import outline_pages, text_outline

# Outline levels that make a unit of their own; points, bullets and paragraphs belong to the unit above.
_UNIT_KINDS = ("part", "chapter", "division", "article", "roman", "capital", "number")
# Inner labels as the text keeps them ("- ", "+ "): the task's text is the item as printed (SPEC).
_PREFIX = {"dash": "- ", "plus": "+ "}
# Kinds of normative texts (Luật Ban hành văn bản quy phạm pháp luật 2015, Điều 4) and of the texts a
# Quyết định promulgates: their articles state rules and powers; only the articles of responsibility
# and implementation assign work (research notes §1: 253 "Tổ chức thực hiện", 77 "Trách nhiệm của …",
# 236 "Trách nhiệm thi hành" titles in the legal-text corpus).
_NORMATIVE = frozenset({"Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch", "Quy chế",
                        "Quy định", "Điều lệ"})
_ASSIGNING_TITLE = re.compile(
    r"^(?:Tổ\s+chức\s+(?:thực\s+hiện|thi\s+hành)|Trách\s+nhiệm|Nhiệm\s+vụ|Điều\s+khoản\s+thi\s+hành|Phân\s+công|"
    r"Hiệu\s+lực\s+(?:thi\s+hành\s+)?và\s+trách\s+nhiệm)|trách\s+nhiệm\s+(?:của|thi\s+hành|tổ\s+chức)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Line:
    node: int          # index of the outline node the line is
    start: int         # where the line starts in the unit's text
    prefix: int        # characters of inner label the text adds before the node's own text ("- ")
    depth: int         # how deep under the unit's node (0 for the unit's node itself)


@dataclass(frozen=True, slots=True)
class _Found:
    """One assignment placed in its document: the nodes and characters its text spans."""

    assignment: Assignment
    number: str | None
    group: tuple[str | None, str | None, str | None, str | None]  # number, title, parent number, parent title
    text: str
    first: tuple[int, int]   # (node, offset in node.text) where the text starts
    last: tuple[int, int]    # (node, offset in node.text) where it ends
    deadline: Deadline | None


def find_body_tasks(documents: Sequence[Document], pages: Sequence[Page], fragments: Sequence[Fragment], nlp,
                    province: str | None, *, file: str = "") -> tuple[Task, ...]:
    """Every assignment written in the bodies of ``documents`` as a task (see the module docstring).
    ``nlp`` is the language stage's switch: without it (``language=False``) there are none. ``file`` is
    the issue's path, for task ids."""
    if nlp is None:
        return ()
    stem = str(PurePath(file).with_suffix("")) if PurePath(file).suffix.lower() == ".pdf" else file
    tasks: list[Task] = []
    for index, document in enumerate(documents):
        forget_words()
        spans = outline_pages(document, pages, fragments)
        nodes = tuple(node for node, _ in spans)
        if not nodes:
            continue
        citing = CitingDocument(number=document.number, date=document.date, province=province)
        resolve = _name_resolver(document, nodes, province)
        doc_key = (document.number or f"doc{index + 1}").replace("/", "-")
        for found in _document_assignments(nodes, document.kind, document.date):
            page_indexes = tuple(sorted({p for i in range(found.first[0], found.last[0] + 1) for p in spans[i][1]}))
            tasks.append(replace(
                _task(found, resolve, citing, task_id=f"{stem}/{doc_key}/B/{found.number or '-'}", document_index=index),
                page_indexes=page_indexes,
                page_numbers=tuple(n for n in dict.fromkeys(pages[i].page_number for i in page_indexes) if n is not None),
                ocr=any(pages[i].ocr for i in page_indexes), confidence=_confidence(pages, page_indexes),
            ))
    return _numbered_ids(tasks)


def _task(found: _Found, resolve: Callable[[str], str | None], citing: CitingDocument, *, task_id: str,
          document_index: int) -> Task:
    """The task of one placed assignment: its agencies named, its products and references read."""
    lead = _agencies(found.assignment.lead, resolve)
    return Task(
        task_id=task_id, origin="body", document_index=document_index, columns=(), row=None,
        group_number=found.group[0], group_title=found.group[1], group_parent_number=found.group[2],
        group_parent_title=found.group[3], number=found.number, text=found.text, evidence=find_evidence(found.text),
        deadline=found.deadline, lead=lead, legal_refs=_references(found.text, citing),
        support=tuple(a for a in _agencies(found.assignment.support, resolve) if a.name not in {x.name for x in lead}),
    )


def find_text_tasks(text: str, *, document_date: dt.date | None = None, citing: CitingDocument | None = None,
                    kind: str | None = None) -> tuple[TextTask, ...]:
    """The tasks written in plain ``text`` (a Kế hoạch, a Quyết định's articles, a Thông báo's conclusions
    pasted or exported as text), each with its offsets in ``text``.

    ``text`` is the caller's text, not normalised; ``text[start:end]`` is the task's text as the caller
    wrote it (its first label left out). ``document_date`` gives periods without a year their year and
    anchors relative deadlines; ``citing`` checks references; ``kind`` is the document's kind when known
    (a normative kind reads only its articles of responsibility). Task ids are "B/<number>" ("#2" … on
    repeats); tasks carry no pages."""
    forget_words()
    norm, offsets = normalize_with_offsets(text)
    outline = text_outline(norm)
    nodes = tuple(node for node, _ in outline)
    if not nodes:
        return ()
    anchors = [a for _, a in outline]

    def source(node: int, offset: int, end: bool) -> int:
        best = anchors[node][0] if anchors[node] else (0, 0)
        for a in anchors[node]:
            if a[0] <= offset:
                best = a
        pos = best[1] + (offset - best[0])
        lo, hi = offsets.span(pos - 1, pos) if end else offsets.span(pos, pos + 1)
        return hi if end else lo

    citing = citing or CitingDocument(date=document_date)
    resolve = _text_resolver(norm)
    out: list[TextTask] = []
    tasks: list[Task] = []
    for found in _document_assignments(nodes, kind, document_date):
        task = _task(found, resolve, citing, task_id=f"B/{found.number or '-'}", document_index=0)
        tasks.append(task)
        start = source(found.first[0], found.first[1], end=False)
        end = source(found.last[0], found.last[1], end=True)
        out.append(TextTask(start=start, end=max(start, end), task=task))
    ids = _numbered_ids(tasks)
    return tuple(TextTask(start=t.start, end=t.end, task=task) for t, task in zip(out, ids))


# ---------------------------------------------------------------------------------------------
# Units of the outline
# ---------------------------------------------------------------------------------------------


def _document_assignments(nodes: Sequence[OutlineNode], kind: str | None, date: dt.date | None) -> list[_Found]:
    found: list[_Found] = []
    normative_from = 0 if kind in _NORMATIVE else _promulgated_from(nodes)
    known = _known_names(nodes)
    for unit in _units(nodes):
        if _left_out(nodes, unit, normative=normative_from is not None and unit >= normative_from):
            continue
        found.extend(_unit_assignments(nodes, unit, date, known))
    return found


def _known_names(nodes: Sequence[OutlineNode]) -> tuple[str, ...]:
    """Names of bodies the document prints in full: the addressees of its execution clause ("Chánh Văn
    phòng …; Ban Quản lý dự án … chịu trách nhiệm thi hành Quyết định này": every Quyết định lists them),
    and the names it defines ("… (sau đây gọi tắt là …)"). Long names with lower-case words ("… Đầu tư xây
    dựng chuyên ngành …") are kept whole where the body text uses them."""
    out: dict[str, None] = {}
    for n in nodes:
        m = EXECUTION.search(n.text)
        if m:
            head = re.split(r"\s+(?:chịu|có)\s+trách\s+nhiệm", n.text[: m.end()])[0]
            for piece in re.split(r"\s*[;,]\s*|\s+và\s+", head):
                body = strip_post(piece.strip())[1].strip()
                if len(body.split()) >= 4 and opens_body(body) and any(w[:1].islower() for w in body.split()[1:]):
                    out.setdefault(body)
    for full in names_in("\n".join(n.text for n in nodes)).values():
        out.setdefault(full)
    return tuple(out)


def _units(nodes: Sequence[OutlineNode]) -> list[int]:
    """The nodes that open a unit: every node of a unit kind, and every paragraph at the top level."""
    return [i for i, n in enumerate(nodes) if n.kind in _UNIT_KINDS or (n.parent is None and n.kind == "paragraph")]


def _members(nodes: Sequence[OutlineNode], unit: int) -> list[tuple[int, int]]:
    """(node, depth) of the unit: its node and what it holds, up to a node of a unit kind."""
    out = [(unit, 0)]
    depth = {unit: 0}
    if nodes[unit].kind == "paragraph" and nodes[unit].parent is None:
        return out
    for i in range(unit + 1, len(nodes)):
        n = nodes[i]
        if n.parent not in depth or n.kind in _UNIT_KINDS:
            break
        depth[i] = depth[n.parent] + 1
        out.append((i, depth[i]))
    return out


def _ancestors(nodes: Sequence[OutlineNode], index: int) -> list[int]:
    out = []
    p = nodes[index].parent
    while p is not None:
        out.append(p)
        p = nodes[p].parent
    return out


def _promulgated_from(nodes: Sequence[OutlineNode]) -> int | None:
    """Where a text the document promulgates starts, when it is a set of rules (its own "Chương I" or
    "Điều 1" after the document's articles: a Quy chế, a Quy định), else None."""
    seen_article = False
    for i, n in enumerate(nodes):
        if n.kind == "article":
            if seen_article and n.label == "Điều 1":
                return i
            seen_article = True
        elif n.kind == "chapter" and seen_article:
            return i
    return None


# Articles on scope, subjects and terms open every normative text (Luật Ban hành văn bản quy phạm pháp luật
# 2015, Điều 61): "Cơ quan thực hiện chức năng …" there says who is meant, not who must act.
_SCOPE_TITLE = re.compile(r"^(?:Phạm\s+vi\s+điều\s+chỉnh|Đối\s+tượng\s+áp\s+dụng|Giải\s+thích\s+từ\s+ngữ)", re.IGNORECASE)


def _left_out(nodes: Sequence[OutlineNode], unit: int, *, normative: bool) -> bool:
    """Is the unit where drafting puts no assignment (see the module docstring)?"""
    chain = [unit, *_ancestors(nodes, unit)]
    for i in chain:
        n = nodes[i]
        if n.kind in ("article", "chapter") and _SCOPE_TITLE.match(n.text):
            return True
        if i != unit and HEADING_NOT_TASK.match(n.text):
            return True  # the bullets of "Mục đích, yêu cầu" are no tasks even when they name bodies
        if i != unit and n.kind == "article" and NONTASK_START.match(n.text):
            return True  # "Điều 1. Phê duyệt …": the approved text's content
    if normative:
        return not any(_ASSIGNING_TITLE.search(nodes[i].text) for i in chain if nodes[i].kind in _UNIT_KINDS)
    return False


def _unit_assignments(nodes: Sequence[OutlineNode], unit: int, date: dt.date | None, known: Sequence[str] = ()
                      ) -> list[_Found]:
    members = _members(nodes, unit)
    lines: list[_Line] = []
    parts: list[str] = []
    pos = 0
    for k, (i, depth) in enumerate(members):
        n = nodes[i]
        prefix = "" if k == 0 else _PREFIX.get(n.kind, f"{n.label}) " if n.kind == "letter" else "")
        lines.append(_Line(node=i, start=pos, prefix=len(prefix), depth=depth))
        parts.append(prefix + n.text)
        pos += len(prefix) + len(n.text) + 1
    text = "\n".join(parts)
    default = ()
    for a in _ancestors(nodes, unit):
        default = heading_bodies(nodes[a].text)
        if default or nodes[a].kind in _UNIT_KINDS:
            break
    found = find_assignments(text, default_lead=default, known=known, merge=False)
    if not found:
        return []
    spans = _spans(text, lines, found)
    placed = merge_same_lead([_with_span(a, s, e) for a, (s, e) in zip(found, spans)])
    unit_deadline = time_field(text, date)
    out = []
    for a in placed:
        k = _line_at(lines, a.opener) if not a.how.startswith(("headed", "heading")) else 0
        start = _skip_label(text, lines, a.start)
        start += len(text[start:a.end]) - len(text[start:a.end].lstrip())
        end = start + len(text[start:a.end].rstrip())
        task_text = _clean(text[start:end])
        number = ".".join(nodes[lines[k].node].path) or None
        out.append(_Found(
            assignment=a, number=number, group=_group(nodes, unit), text=task_text,
            first=_node_offset(lines, start), last=_node_offset(lines, end),
            deadline=time_field(task_text, date) or find_deadline(task_text, date) or unit_deadline,
        ))
    return out


def _with_span(a: Assignment, start: int, end: int) -> Assignment:
    return Assignment(start=start, end=end, opener=a.opener, lead=a.lead, support=a.support, how=a.how)


def _line_at(lines: Sequence[_Line], pos: int) -> int:
    k = 0
    for j, ln in enumerate(lines):
        if ln.start <= pos:
            k = j
    return k


def _block_end(text: str, lines: Sequence[_Line], k: int) -> int:
    """Where the block of line ``k`` ends: before the next line no deeper than it (its points and
    bullets stay in it, its next sibling does not)."""
    for j in range(k + 1, len(lines)):
        if lines[j].depth <= lines[k].depth:
            return lines[j].start - 1
    return len(text)


def _spans(text: str, lines: Sequence[_Line], found: Sequence[Assignment]) -> list[tuple[int, int]]:
    """Each assignment's text in the unit: it starts at the line of its opener when that line is a point
    or bullet of its own, or another line than the assignment before it's (within one line, at its
    clause); the first keeps the words before it in its line, and the unit's heading when its opener
    stands in a paragraph that continues that heading. It ends at the next assignment, and never past
    the block of the line it starts in."""
    out = []
    starts = []
    for n, a in enumerate(found):
        if a.how.startswith(("headed", "heading")):
            starts.append(0)
            continue
        k = _line_at(lines, a.opener)
        prev_k = _line_at(lines, found[n - 1].opener) if n else None
        if k == 0:
            starts.append(a.start if n else 0)
        elif n and prev_k == k:
            starts.append(a.start)
        elif n == 0 and _continues_heading(text, lines, k):
            starts.append(0)
        else:
            starts.append(lines[k].start)
    for n, a in enumerate(found):
        start = starts[n]
        end = starts[n + 1] if n + 1 < len(found) and starts[n + 1] > start else len(text)
        if start > 0:
            end = min(end, _block_end(text, lines, _line_at(lines, start)))
        out.append((start, max(start + 1, end)))
    return out


def _continues_heading(text: str, lines: Sequence[_Line], k: int) -> bool:
    """Does line ``k`` (an unlabelled paragraph) continue the unit's own text, a heading that is no
    section title in capitals ("1. Các việc cần làm ngay:" + "Căn cứ …, X yêu cầu Y …")?"""
    first = text[: lines[1].start - 1] if len(lines) > 1 else text
    return lines[k].prefix == 0 and lines[k].depth == 1 and not is_upper_text(first) and \
        all(ln.prefix == 0 for ln in lines[1:k + 1])


def _skip_label(text: str, lines: Sequence[_Line], start: int) -> int:
    """``start`` past the inner label of the line it opens ("- ", "a) ")."""
    for ln in lines:
        if ln.start == start:
            return start + ln.prefix
    return start


def _node_offset(lines: Sequence[_Line], pos: int) -> tuple[int, int]:
    ln = lines[_line_at(lines, pos)]
    return ln.node, max(0, pos - ln.start - ln.prefix)


def _clean(text: str) -> str:
    return "\n".join(" ".join(x.split()) for x in text.strip().split("\n") if x.strip())


def _group(nodes: Sequence[OutlineNode], unit: int) -> tuple[str | None, str | None, str | None, str | None]:
    """(number, title, parent number, parent title) of the unit's top section: a roman section or a
    capital letter ("IV", "A.I" under "A"); nothing for articles and their chapters."""
    chain = [i for i in reversed([unit, *_ancestors(nodes, unit)]) if nodes[i].kind in ("roman", "capital")]
    if not chain:
        return None, None, None, None
    top = nodes[chain[0]]
    if len(chain) > 1 and top.kind == "capital" and nodes[chain[1]].kind == "roman":
        sub = nodes[chain[1]]
        return f"{top.label}.{sub.label}", _title(sub.text), top.label, _title(top.text)
    return top.label, _title(top.text), None, None


def _title(text: str) -> str | None:
    text = text.strip().rstrip(":").strip()
    return (body_name_case(text) if is_upper_text(text) else text) or None


# ---------------------------------------------------------------------------------------------
# Names, references, pages, ids
# ---------------------------------------------------------------------------------------------


def _agencies(raws: Sequence[str], resolve: Callable[[str], str | None]) -> tuple[Agency, ...]:
    out: dict[str, Agency] = {}
    for raw in raws:
        a = body_agency(raw, resolve)
        out.setdefault(gazetteer.fold_key(a.name), a)
    return tuple(out.values())


def _references(text: str, citing: CitingDocument) -> tuple[LegalRef, ...]:
    refs: dict[str, LegalRef] = {}
    for r in find_legal_references(text, citing):
        refs.setdefault(r.key, r)
    return tuple(refs.values())


# Short names that stand for a body the document names in full (SPEC: "Ban Chỉ đạo" → the committee the
# document names; "Tỉnh" in a Thông báo about one province → its Ủy ban nhân dân).
_PLACE_SHORT = {"Tỉnh": "tỉnh", "Thành phố": "thành phố"}
_SET_UP = re.compile(r"(?:thành\s+lập|kiện\s+toàn)\s+(?P<name>(?:Ban|Tổ|Hội\s+đồng|Đoàn)\s+[^,;.()\n]{3,120})", re.IGNORECASE)
_INITIALS = re.compile(r"^(?P<head>Ban|Sở|Phòng|Trung\s+tâm|Chi\s+cục|Cục)\s+(?P<abbr>[A-ZĐ]{3,6})(?=\s|$)")


def _name_resolver(document: Document, nodes: Sequence[OutlineNode], province: str | None) -> Callable[[str], str | None]:
    text = "\n".join([document.title or "", *(n.text for n in nodes)])
    place = gazetteer.find_province(document.title or "") if document.title else None
    if place is None and document.issuer:
        place = gazetteer.find_province(document.issuer)
    return _resolver(text, place or province)


def _text_resolver(text: str) -> Callable[[str], str | None]:
    return _resolver(text, None)


def _resolver(text: str, place: str | None) -> Callable[[str], str | None]:
    defined = dict(names_in(text))
    for m in _SET_UP.finditer(text):
        full = " ".join(m["name"].split())
        short = " ".join(full.split()[:2]) if full.startswith(("Ban", "Tổ", "Đoàn")) else "Hội đồng"
        defined.setdefault(short, full)

    def resolve(name: str) -> str | None:
        if name in defined:
            return defined[name]
        if name in _PLACE_SHORT and place:
            return f"Ủy ban nhân dân {_PLACE_SHORT[name]} {place}"
        m = _INITIALS.match(name)
        if m:
            full = _spelled_out(text, m["head"], m["abbr"])
            if full:
                return full + name[m.end():]
        return None

    return resolve


def _spelled_out(text: str, head: str, abbr: str) -> str | None:
    """The words an abbreviation after a head stands for, as the document spells them out elsewhere
    ("Ban QLDA …" and "Ban Quản lý dự án …" in one Quyết định): one word per letter, marks aside."""
    if gazetteer.expand_abbreviations(f"{head} {abbr}") != f"{head} {abbr}":
        return None  # an abbreviation of the vocabulary ("Sở TT&TT"): canonical names expand it
    for m in re.finditer(rf"(?<!\w){re.escape(head)}\s+((?:[^\W\d_]+\s+){{{len(abbr) - 1}}}[^\W\d_]+)", text):
        words = m.group(1).split()
        if "".join(unicodedata.normalize("NFD", w[0])[0].upper() for w in words) == abbr and not words[0].isupper():
            return f"{head} {m.group(1)}"
    return None


def _confidence(pages: Sequence[Page], page_indexes: Sequence[int]) -> float | None:
    values = [w.confidence for i in page_indexes if pages[i].ocr for w in pages[i].words if w.confidence is not None]
    return round(sum(values) / len(values), 3) if values else None


def _numbered_ids(tasks: Sequence[Task]) -> tuple[Task, ...]:
    """Task ids unique within the issue: "#2", "#3" … after the first of an id (as rows' ids)."""
    seen: dict[str, int] = {}
    out = []
    for t in tasks:
        seen[t.task_id] = seen.get(t.task_id, 0) + 1
        out.append(t if seen[t.task_id] == 1 else replace(t, task_id=f"{t.task_id}#{seen[t.task_id]}"))
    return tuple(out)
