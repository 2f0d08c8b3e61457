"""The outline of a document's body: its sections, numbered items, points, bullets and articles.

Vietnamese administrative drafting labels the body in a fixed set of schemes (Nghị định 30/2020/NĐ-CP,
Phụ lục I; Nghị định 34/2016/NĐ-CP for legal normative documents): parts ("Phần thứ nhất"), chapters
("Chương II"), articles ("Điều 2."), roman sections ("II."), letters ("A."), numbered items ("1.",
"1.1.", "1.1.1."), points ("a)") and bullets ("-", "+"), in that order of rank (roman sections and
capital letters in the order a document opens them). A label closes every open node of its rank and
below and opens under what is left: a sibling after a sibling, a child under its holder, and a
skipped level ("1." straight under an article) costs nothing.

After ``find_outline(document, pages, fragments)``:
- the nodes are the document's body paragraphs outside its tables, in reading order, from the first
  paragraph of the body (the header block and the title are not part of it) to the signature block,
  across page breaks; the recipients list ("Nơi nhận") and the signature block are left out, and a
  header block inside the document (a promulgated Kế hoạch after its Quyết định) starts the outline
  again from the top;
- every node carries its ``path``: the labels of the nodes that hold it and its own ("IV", "4"), an
  article's path starts at the article ("Điều 3", "1", "b"), a dotted number replaces the number it
  extends ("2" then "2.1" is "II.2.1", not "II.2.2.1"), a bullet or an unlabelled paragraph takes the
  path of the node that holds it;
- ``text`` is the paragraph without its label, wrapped lines joined, and ``parent`` the index of the
  node that holds it (None at the top);
- a page number printed alone at the top or foot of a page is no paragraph and does not interrupt the
  paragraph it falls in.

``outline_pages`` gives the same nodes with every page each paragraph stands on; ``text_outline`` reads
plain text the same way, each node with the places of its lines in that text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..labels import next_label, roman_to_int
from ..lines import joins_without_space
from ..models import Document, Fragment, Line, OutlineNode, Page
from ..names import is_upper_text
from .headers import motto_start

# Label schemes at the start of a paragraph, tried in this order; each pattern's "label" group is the
# label as the path keeps it. Evidence: Nghị định 30/2020/NĐ-CP Phụ lục I (I., 1., 1.1., a), -, +) and
# Nghị định 34/2016/NĐ-CP Điều 61 (Phần, Chương, Mục, Điều, khoản 1., điểm a)).
_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^(?P<label>Phần\s+(?:thứ\s+\S+|[IVXLC]+|\d+))(?:\s*[.:]\s*|\s+|$)", re.IGNORECASE)),
    ("chapter", re.compile(r"^(?P<label>Chương\s+(?:[IVXLC]+|\d+))(?:\s*[.:]\s*|\s+|$)", re.IGNORECASE)),
    ("division", re.compile(r"^(?P<label>Mục\s+\d+)(?:\s*[.:]\s*|\s+|$)")),
    ("article", re.compile(r"^(?P<label>Điều\s+\d+[a-z]?)\s*[.:]\s*")),
    ("roman", re.compile(r"^(?P<label>[IVXLC]+)\s*[.)]\s*(?=\S)")),
    ("capital", re.compile(r"^(?P<label>[A-ZĐ])\s*[.)]\s+(?=\S)")),
    # "1. …", "2.1. …", "1) …", and "2.1 …" without its final stop; never "5.000 đồng" (a digit follows).
    ("number", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?=[^\d\s.,])"
                          r"|^(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=[^\d\s])")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\s*[).]\s+(?=\S)")),
    ("dash", re.compile(r"^(?P<label>[-–—•●▪])\s*(?=\S)")),
    ("plus", re.compile(r"^(?P<label>\+)\s*(?=\S)")),
)
# The rank of each scheme: a label closes every open node of its rank and below, then opens under
# what is left. Roman sections and capital letters take their ranks in the order a document opens them
# ("A. … I. …" in some plans, "I. … A. …" in others); the rest is fixed by drafting practice.
_RANKS = {"part": 0, "chapter": 1, "division": 2, "article": 3, "roman": 4, "capital": 5, "number": 6,
          "letter": 10, "dash": 11, "plus": 12}
# Levels that hold the body's articles: an article's path starts at itself ("Điều 2"), never under them.
_ABOVE_ARTICLES = ("part", "chapter", "division")
# Bullets are no label of their own in a path.
_BULLETS = ("dash", "plus")
# These end the body: the recipients list ("Nơi nhận"), the signature block's first line ("TM. ỦY BAN
# NHÂN DÂN", "KT. CHỦ TỊCH"; gazettes often print it without the recipients), and the closing mark
# "./." of the last sentence (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 6, 7, 9a).
_RECIPIENTS = re.compile(r"^(?:Nơi\s+nhận|NƠI\s+NHẬN)\s*[:;.]?")
_SIGNATURE = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.\s*[A-ZĐ]")
_CLOSING_MARK = re.compile(r"\./\.\s*$")
# The body opens with these words (the header block and the title above them are not body text).
_BODY_OPENERS = re.compile(r"^(?:Căn\s+cứ|Theo|Thực\s+hiện|Trên\s+cơ\s+sở|Xét|Nhằm|Để|Kính\s+gửi|Ngày\s+\d)")
# A line ending one of these ends its sentence or its heading, so the next line may open a paragraph.
_SENTENCE_END = (".", ":", ";", "!", "?")
# A line ending this close to the right margin ran full: the next one wraps (justified text ends on it).
_FULL_LINE_PT = 12.0
# A line whose middle is this share of the page width from the page's middle, clear of the margin, is
# centred: a title line, never a body paragraph.
_CENTRED_SHARE = 0.04
# A first-line indent is at least this many points (Word's default 1.27 cm is 36 pt; gazettes use 28).
_INDENT_PT = 8.0


@dataclass(slots=True)
class _Para:
    lines: list[Line]
    page_index: int
    page_number: int | None
    centred: bool = False            # its first line is centred on the page (a title line)
    page_indexes: list[int] = field(default_factory=list)  # every page a line of it stands on


def find_outline(document: Document, pages: Sequence[Page], fragments: Sequence[Fragment] = ()) -> tuple[OutlineNode, ...]:
    """The labelled paragraphs of ``document``'s body (see the module docstring for what holds)."""
    return tuple(node for node, _ in outline_pages(document, pages, fragments))


def outline_pages(document: Document, pages: Sequence[Page], fragments: Sequence[Fragment] = ()
                  ) -> tuple[tuple[OutlineNode, tuple[int, ...]], ...]:
    """``find_outline``'s nodes, each with the indexes of the pages its paragraph stands on (one
    paragraph may run over a page break)."""
    paras = [_Read(text=_join(p.lines), motto=_may_hold_motto(p.lines[0]) and motto_start(p.lines[0]) is not None,
                   centred=p.centred,
                   page_index=p.page_index, page_number=p.page_number, top=p.lines[0].top,
                   bold=all(w.bold for w in p.lines[0].words[:3]), page_indexes=tuple(p.page_indexes))
             for p in _paragraphs(document, pages, fragments)]
    return tuple((node, paras[k].page_indexes) for node, k in _outline(paras))


def _may_hold_motto(line: Line) -> bool:
    """A quick look before ``motto_start``: the motto is eight words in capitals; even read by OCR with a
    mark lost, three of them stay in capitals (most body lines hold none)."""
    return sum(1 for w in line.words if w.text.isupper()) >= 3


# The national motto opens a header block in plain text as it does on a page.
_MOTTO_TEXT = re.compile(r"^CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.IGNORECASE)


def text_outline(text: str) -> tuple[tuple[OutlineNode, tuple[tuple[int, int], ...]], ...]:
    """The outline of a plain text (``text`` normalised, ``extract.normalize``): each node with the
    places its ``text`` comes from, as (offset in ``node.text``, offset in ``text``) for each line it
    joins, so that ``node.text[a:a + n] == text[b:b + n]`` within a line.

    A line opens a paragraph when it is labelled, follows a blank line or a line that ended its sentence
    (".", ":", ";"), or is the first; other lines wrap the paragraph before them. The body starts at the
    first line (a header block, when the text holds one, is left out as on a page)."""
    lines = [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end() - (len(m.group(0)) - len(m.group(0).rstrip())))
             for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    groups: list[list[tuple[int, int]]] = []
    prev_end = -1
    for start, end in lines:
        blank = "\n\n" in text[prev_end:start] if prev_end >= 0 else True
        line = text[start:end]
        opens = (not groups or blank or any(p.match(line) for _, p in _SCHEMES)
                 or text[groups[-1][-1][0]:groups[-1][-1][1]].endswith(_SENTENCE_END) or _MOTTO_TEXT.match(line))
        if opens:
            groups.append([(start, end)])
        else:
            groups[-1].append((start, end))
        prev_end = end
    paras = []
    for k, group in enumerate(groups):
        joined = " ".join(text[s:e] for s, e in group)
        paras.append(_Read(text=joined, motto=bool(_MOTTO_TEXT.match(joined)), centred=False, page_index=0,
                           page_number=None, top=float(k), bold=False))
    out = []
    for node, k in _outline(paras, state="body"):
        group = groups[k]
        joined = paras[k].text
        offset = len(joined) - len(node.text)  # the label and its spaces come first
        anchors, pos = [], 0
        for s, e in group:
            if pos + (e - s) > offset:
                a = max(pos, offset)
                anchors.append((a - offset, s + (a - pos)))
            pos += e - s + 1
        out.append((node, tuple(anchors)))
    return tuple(out)


@dataclass(slots=True)
class _Read:
    """A paragraph as the outline reads it: its text and where it stands."""

    text: str
    motto: bool                      # its first line opens a header block (the national motto)
    centred: bool
    page_index: int
    page_number: int | None
    top: float
    bold: bool
    page_indexes: tuple[int, ...] = ()


def _outline(paras: Iterable[_Read], state: str = "header") -> list[tuple[OutlineNode, int]]:
    """The nodes of ``paras``, each with the index of the paragraph it is."""
    nodes: list[OutlineNode] = []
    out: list[tuple[OutlineNode, int]] = []
    stack: list[int] = []            # indexes of the open nodes that hold what follows, outermost first
    ranks = dict(_RANKS)
    # header (before the body) → body → closed (after the signature)
    for k, para in enumerate(paras):
        text = para.text
        if para.motto:
            stack, state = [], "header"  # a header block inside the document: a new text starts
            continue
        if state == "closed":
            continue
        if _RECIPIENTS.match(text) or _SIGNATURE.match(text):
            stack, state = [], "closed"
            continue
        scheme, label, rest = _label(text, nodes, stack)
        if scheme is None and is_upper_text(text):
            continue  # the authority line and the enacting formula ("QUYẾT ĐỊNH:"): layout, not content
        if state == "header":
            if scheme is None and (para.centred or not _BODY_OPENERS.match(text)):
                continue  # the kind line, the title ("Thực hiện Nghị quyết …", centred) and the header block
            state = "body"
        if scheme in ("roman", "capital") and not any(n.kind in ("roman", "capital") for n in nodes):
            other = "capital" if scheme == "roman" else "roman"
            ranks[scheme], ranks[other] = min(ranks[scheme], ranks[other]), max(ranks[scheme], ranks[other])
        parent = _close_to(scheme, label, nodes, stack, ranks) if scheme is not None else (stack[-1] if stack else None)
        nodes.append(OutlineNode(
            kind=scheme or "paragraph", label=label, path=_path(scheme, label, nodes, parent), text=rest,
            parent=parent, page_index=para.page_index, page_number=para.page_number, top=para.top, bold=para.bold,
        ))
        out.append((nodes[-1], k))
        if scheme is not None:
            stack.append(len(nodes) - 1)
        if _CLOSING_MARK.search(text):
            stack, state = [], "closed"
    return out


def subtree_text(nodes: Sequence[OutlineNode], index: int) -> str:
    """The text of ``nodes[index]`` and of every node it holds, paragraphs joined by "\\n"."""
    parts = [nodes[index].text]
    inside = {index}
    for i in range(index + 1, len(nodes)):
        if nodes[i].parent not in inside:
            break
        inside.add(i)
        parts.append(nodes[i].text)
    return "\n".join(p for p in parts if p)


def _label(text: str, nodes: Sequence[OutlineNode], stack: Sequence[int]) -> tuple[str | None, str | None, str]:
    """(scheme, label, text after it) of a paragraph; (None, None, text) without a label."""
    for scheme, pattern in _SCHEMES:
        m = pattern.match(text)
        if m is None:
            continue
        label = m.group("label") or (m.groupdict().get("dotted") if scheme == "number" else None)
        if scheme in ("part", "chapter", "division", "article"):
            label = " ".join(label.split())
        if scheme == "roman" and len(label) == 1 and _continues(nodes, stack, "capital", label):
            scheme = "capital"   # "C." after "B.": a letter, though C is a roman numeral
        if scheme == "capital" and roman_to_int(label) is not None and not _continues(nodes, stack, "capital", label):
            scheme = "roman"
        return scheme, label, text[m.end():].strip()
    return None, None, text


def _continues(nodes: Sequence[OutlineNode], stack: Sequence[int], scheme: str, label: str) -> bool:
    """Does the capital ``label`` follow the last open node of ``scheme`` in the alphabet ("C" after "B")?"""
    for i in reversed(stack):
        if nodes[i].kind == scheme:
            return (next_label((nodes[i].label or "").lower()) or "").upper() == label
    return False


def _rank(scheme: str, label: str | None, ranks: dict[str, int]) -> int:
    # "1.", "1.1." and "1.1.1." are levels of their own: a dotted number sits under the number it extends.
    if scheme == "number" and label and "." in label:
        return ranks[scheme] + label.count(".")
    return ranks[scheme]


def _close_to(scheme: str, label: str | None, nodes: Sequence[OutlineNode], stack: list[int],
              ranks: dict[str, int]) -> int | None:
    """Close the open nodes a ``scheme`` label ends (its rank and below); the index of the node that
    holds it, or None at the top."""
    rank = _rank(scheme, label, ranks)
    while stack and _rank(nodes[stack[-1]].kind, nodes[stack[-1]].label, ranks) >= rank:
        stack.pop()
    return stack[-1] if stack else None


def _path(scheme: str | None, label: str | None, nodes: Sequence[OutlineNode], parent: int | None) -> tuple[str, ...]:
    if scheme in _ABOVE_ARTICLES or scheme == "article":
        return (label,) if label else ()
    holder = nodes[parent] if parent is not None else None
    base = holder.path if holder is not None and holder.kind not in _ABOVE_ARTICLES else ()
    if scheme is None or scheme in _BULLETS or label is None:
        return base
    if scheme == "number" and "." in label and base and label.startswith(base[-1] + "."):
        return base[:-1] + (label,)   # "2" then "2.1": the dotted label names its item whole
    return base + (label,)


def _paragraphs(document: Document, pages: Sequence[Page], fragments: Sequence[Fragment]):
    """The document's lines outside tables, grouped into paragraphs (a label, a bullet, a first-line
    indent after a line that ended, or a wider gap opens one)."""
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for f in fragments:
        boxes.setdefault(f.page_index, []).append((f.columns[0], f.columns[-1], f.top, f.bottom))
    start = (document.first_page_index, document.first_top - 1)
    end = (document.last_page_index, document.last_bottom)
    if document.appendices:
        first = document.appendices[0]
        end = min(end, (first.page_index, first.top - 0.5))
    kept: list[tuple[Page, list[Line]]] = []
    for page in pages[document.first_page_index : document.last_page_index + 1]:
        if page.is_cover:
            continue
        lines = [ln for ln in page.lines if start <= (page.page_index, ln.top) <= end]
        lines = [k for ln in lines if (k := _outside_tables(ln, boxes.get(page.page_index, ()))) is not None]
        lines = _without_page_number(lines, page)
        if lines:
            kept.append((page, lines))
    # The right margin of the text: the furthest any line of a page of that width reaches (a page of a
    # few short lines, the last of a document, shows none of its own).
    rights: dict[float, float] = {}
    for page, lines in kept:
        rights[page.width] = max(rights.get(page.width, 0.0), *(ln.x1 for ln in lines))
    current: _Para | None = None
    prev: Line | None = None
    margin: float | None = None
    for page, lines in kept:
        right = rights[page.width]
        margin = _left_margin(lines, right, margin)
        pitch = _usual_pitch(lines)
        centre = page.width / 2
        for k, line in enumerate(lines):
            gap = line.top - lines[k - 1].bottom if k else None
            if current is None or _opens(line, prev, margin, right, gap, pitch):
                if current is not None:
                    yield current
                centred = (abs((line.x0 + line.x1) / 2 - centre) < _CENTRED_SHARE * page.width
                           and line.x0 > margin + 2 * _INDENT_PT and line.x1 < right - _FULL_LINE_PT)
                current = _Para(lines=[line], page_index=page.page_index, page_number=page.page_number, centred=centred,
                                page_indexes=[page.page_index])
            else:
                current.lines.append(line)
                if current.page_indexes[-1] != page.page_index:
                    current.page_indexes.append(page.page_index)
            prev = line
    if current is not None:
        yield current


# A page number printed in the body's own margin ("2", "- 3 -"): a document that is no gazette issue
# numbers its pages from the second on, centred at the top (Nghị định 30/2020/NĐ-CP, Phụ lục I: "số
# trang … ở giữa, phía trên"), and some print it at the foot instead.
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


def _without_page_number(lines: list[Line], page: Page) -> list[Line]:
    """``lines`` without a page number standing alone as the first or last line of the page."""
    def is_number(ln: Line) -> bool:
        return bool(_PAGE_NUMBER.match(ln.text.strip())) and abs((ln.x0 + ln.x1) / 2 - page.width / 2) < 0.1 * page.width
    if lines and is_number(lines[0]):
        lines = lines[1:]
    if lines and is_number(lines[-1]):
        lines = lines[:-1]
    return lines


def _outside_tables(line: Line, near: Sequence[tuple[float, float, float, float]]) -> Line | None:
    if not near:
        return line
    words = tuple(w for w in line.words if not any(x0 <= w.x_mid <= x1 and t <= w.y_mid <= b for x0, x1, t, b in near))
    return Line(words=words) if words else None


def _left_margin(lines: Sequence[Line], right: float, known: float | None) -> float:
    """The body's left margin on a page: where wrapped lines start (a line after one that ran to the
    right margin without ending its sentence); else the margin of the page before, else the leftmost
    line. First lines of paragraphs are indented from it; headings and bullets may sit on it."""
    wrapped = [b.x0 for a, b in zip(lines, lines[1:])
               if a.x1 >= right - _FULL_LINE_PT and not a.text.rstrip().endswith(_SENTENCE_END)]
    if wrapped:
        return min(wrapped)
    return known if known is not None else min(ln.x0 for ln in lines)


def _usual_pitch(lines: Sequence[Line]) -> float:
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    return pitches[len(pitches) // 4] if pitches else 0.0


def _opens(line: Line, prev: Line | None, margin: float, right: float, gap: float | None, pitch: float) -> bool:
    """Does ``line`` open a paragraph? Evidence: the previous line ended (a sentence end, a change of
    weight after a bold heading, or room left for this line's first word) and this one is indented or
    labelled; or a gap wider than the line pitch after an ended line (Word's spacing after a paragraph)."""
    if prev is None or (_may_hold_motto(line) and motto_start(line) is not None):
        return True
    text = line.text
    if joins_without_space(prev.text, text):
        return False
    word = next((w for w in line.words if any(c.isalnum() for c in w.text)), line.words[0])
    room = prev.x1 + 0.3 * (word.size or word.bottom - word.top) + (word.x1 - word.x0) < right - 1.0
    ended = prev.text.rstrip().endswith(_SENTENCE_END) or room or prev.words[0].bold != line.words[0].bold
    if not ended:
        return False
    if line.x0 > margin + _INDENT_PT or (gap is not None and pitch > 0 and gap > 0.9 * pitch):
        return True  # indented, or after a gap wider than the line pitch
    return any(p.match(text) for _, p in _SCHEMES)  # labelled


def _join(lines: Sequence[Line]) -> str:
    out = lines[0].text
    for line in lines[1:]:
        out += ("" if joins_without_space(out, line.text) else " ") + line.text
    return out
