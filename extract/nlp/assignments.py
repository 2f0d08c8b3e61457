"""Assignments written in prose: which bodies a body item gives work to, and with whom (SPEC.md,
"Tasks written in the body").

``find_assignments(item)`` reads one item of a document's body (its label taken off, its points and
bullets on lines of their own, labels kept) in four steps:

1. **Refusals** (``refusal``): an item that is a legal basis ("Căn cứ …;"), an effect clause, the closing
   execution clause ("… chịu trách nhiệm thi hành Quyết định này"), a closing "… biết, thực hiện./.", a
   heading of purposes or requirements, an approval, issue or set-up clause (Điều 1 of a Quyết định), a
   lead-in that only ends in ":" … holds no assignment.
2. **A body-headed item** ("2. Sở Tư pháp: Phụ trách …", "Bộ X có trách nhiệm:" + points, "Trách nhiệm của
   X:" + points, "Cơ quan chủ trì: X; cơ quan phối hợp: Y") is one assignment of its whole text to X.
3. **Openers** at clause boundaries (the item's start, a line start, after ";", ". ", a topic's ":"; after
   ", " or " và " only when a new subject with its verb follows), each after an optional frame ("Căn cứ
   Kế hoạch này, …", "Trên cơ sở đó, …", "Về …: …"): an object verb with its body ("Giao / Yêu cầu / Đề
   nghị / Phân công X …", also after the issuer: "UBND tỉnh giao X"), or a list of bodies as subject
   followed by its predicate. A body list runs to the first word of the vocabulary that ends it (a verb,
   an adverb, a preposition) outside a name; every piece of it must be a body.
4. **Support and merging**: the bodies after "phối hợp (với)", "cùng (với)", "với sự phối hợp của", and
   "do X chủ trì", up to a verb that hands the work on ("chỉ đạo / hướng dẫn / đôn đốc X": X and its
   partners are neither); "A chủ trì; B, C phối hợp" makes B and C support of A; assignments of one item
   with the same lead are one.

After ``find_assignments(text)`` the following hold for every ``Assignment``:
- ``0 <= start <= opener < end <= len(text)``; ``text[start:end]`` runs from the assignment (or, for the
  first, from the item's start) to the next assignment;
- ``lead`` is never empty; ``lead`` and ``support`` hold the bodies as printed (a shared head
  distributed: "các Sở: Tài chính, Xây dựng" gives "Sở Tài chính", "Sở Xây dựng"), individuals
  ("cán bộ, công chức") left out;
- the assignments are in text order and no two share a lead.

Deadlines (``find_deadline``), products (``find_evidence``) and names (``body_agency``) are read by
the caller on the text it finally keeps. The vocabulary is ``extract/data/assignment_vocab.tsv``.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from .. import gazetteer
from ..data import read_tsv
from ..models import Agency, Assignment, Deadline
from ..names import looks_like_person_name
from .agencies import canonical_agency, expand_abbreviations, official_name_spans, split_agency_list, starts_agency
from .deadlines import APPROVAL_VERBS, find_deadline_mentions, parse_deadline
from .segmenter import first_verb, segment_words, tag_words


# The segmenter and the tagger read the same short stretches again and again while a document's items
# are tried (a lead-in, its points, a heading's body): their answers are kept for one document at a time
# (``forget_words`` between documents), so that no document is read faster for following another.
@lru_cache(maxsize=4096)
def segmented(text: str) -> tuple:
    return tuple(segment_words(text))


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple:
    return tuple(tag_words(text))


@lru_cache(maxsize=4096)
def _first_verb(text: str) -> int | None:
    return first_verb(text, official_name_spans(text))


def forget_words() -> None:
    """Drop what the segmenter and the tagger said about the last document."""
    for f in (segmented, tagged, _first_verb):
        f.cache_clear()


def low(text: str) -> str:
    """Lower case with the old tone placement of "uỷ" unified, one character for one. Vocabulary is
    matched on this, never on tone-folded text: folding merges words ("nhận"/"nhân", "tại"/"tài")."""
    return text.lower().replace("uỷ", "ủy")


# ---------------------------------------------------------------------------------------------
# The vocabulary (extract/data/assignment_vocab.tsv)
# ---------------------------------------------------------------------------------------------


@cache
def _vocab() -> dict[tuple[str, str], tuple[str, ...]]:
    """(role, match) → phrases, longest first (lower case, except posts which keep their capitals)."""
    out: dict[tuple[str, str], set[str]] = {}
    for phrase, role, match, *_ in read_tsv("assignment_vocab.tsv"):
        out.setdefault((role, match), set()).add(phrase if role == "post" else low(phrase))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def phrases(role: str, match: str | None = None) -> tuple[str, ...]:
    return tuple(sorted({p for (r, m), ps in _vocab().items() if r == role and match in (None, m) for p in ps},
                        key=len, reverse=True))


def _alt(ps: Iterable[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ps)


@cache
def _cut_re() -> re.Pattern[str]:
    """Where a list of bodies ends (matched on ``low`` text): a verb of the vocabulary, an adverb, an
    object verb, "là cơ quan", a preposition. "tổ chức" is also a unit word ("các cơ quan, tổ chức có
    liên quan"): it ends a list only when no list word follows it."""
    ps = (phrases("lead_subject") + phrases("subject_adjunct") + phrases("lead_is") + phrases("lead_object")
          + phrases("list_end"))
    unit_like = ("tổ chức",)
    plain = [p for p in ps if p not in unit_like]
    # words that follow "tổ chức" when it is a unit of a class of bodies, not the verb
    not_list = "|".join(w.replace(" ", r"\s+") for w in (
        ",", ";", "và ", "có liên quan", "liên quan", "cá nhân", "chính trị", "tín dụng", "kinh tế", "xã hội",
        "đoàn thể", "trực thuộc", "thuộc", "sự nghiệp", "quốc tế", "khác"))
    return re.compile(rf"(?<![\w&])(?:(?:{_alt(plain)})|{_alt(unit_like)}(?!\s*(?:{not_list})))(?!\w)"
                      r"(?!\s+(?:và\s+ngoài|ngoài))")


@cache
def _object_verb() -> re.Pattern[str]:
    """ "Giao X", "Yêu cầu X", "Đề nghị X", "Phân công X", "Ủy quyền (cho) X" (matched on ``low`` text)."""
    return re.compile(rf"(?:{_alt(phrases('lead_object'))})\s+")


@cache
def _support_re() -> re.Pattern[str]:
    """The markers after which a body is support: "phối hợp (chặt chẽ) với", "cùng (với)", "với sự phối
    hợp của", "có sự tham gia của", and "phối hợp" alone before a capitalised body (``low`` text)."""
    return re.compile(rf"(?<!\w)(?:{_alt(phrases('support'))})(?!\s+cấp)\s+")


@cache
def _hands_on_re() -> re.Pattern[str]:
    """A verb by which the lead hands work on, reports or serves: the body after it is neither lead nor
    support, and so are that body's partners ("chỉ đạo X phối hợp với Y")."""
    ps = [p for p in phrases("neither") if p not in ("của", "qua")]
    return re.compile(rf"(?<!\w)(?:{_alt(ps)})\s+(?=\S)")


@cache
def _post_re() -> re.Pattern[str]:
    """A post opening a name ("Giám đốc Sở X", "Thủ trưởng các cơ quan"): it stands for the body it heads."""
    posts = list(phrases("post"))
    posts += ["thủ trưởng", "người đứng đầu"]  # in lower case inside a sentence ("… và thủ trưởng các cơ quan")
    return re.compile(rf"^(?:Đồng\s+chí\s+)?(?:[Cc]ác\s+)?(?:Phó\s+)?(?:{_alt(posts)})(?!\w)\s*")


def _cut_words(role: str, match: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{_alt(phrases(role, match))})(?!\w)")


# ---------------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------------

# Labels of points and bullets kept at the start of a line of the item (the outline's schemes).
LABEL = re.compile(r"\s*(?:(?:Điều\s+\d+[a-zđ]?\.?|[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|\([a-zđ0-9]+\)|[-–+•*])\s*)+")


def _unlabel(text: str) -> str:
    """``text`` without the label it starts with."""
    m = LABEL.match(text)
    return text[m.end():] if m else text


# Kinds of bodies that make up a class ("các sở, ban, ngành tỉnh", "các cơ quan, đơn vị, địa phương").
_UNIT = (r"(?:sở|ban|ngành|bộ|cơ quan|đơn vị|địa phương|doanh nghiệp|tổ chức|huyện|thị xã|thành phố|xã|"
         r"phường|thị trấn|quận|tỉnh|phòng|hội|đoàn thể|cấp|chi nhánh|trường|cơ sở|ủy ban|hội đồng|"
         r"cơ quan ngang bộ|cơ quan thuộc chính phủ|đặc khu|tổ chức chính trị - xã hội|cơ quan báo chí|lực lượng|cá nhân|"
         r"chính quyền(?: địa phương)?)")
# What may follow a class or a name and still be its name ("… có liên quan", "… trên địa bàn tỉnh").
_QUAL = (r"(?:\s+(?:(?:các\s+)?tỉnh,\s*thành phố trực thuộc [Tt]rung ương|có liên quan|liên quan|trực thuộc(?:\s+trung ương)?|"
         r"thuộc\s+[^,;:]{1,60}?|trên địa bàn(?:\s+(?:tỉnh|thành phố))?|"
         r"các cấp|cùng cấp|khác|tỉnh|huyện|thành phố|cấp (?:tỉnh|huyện|xã)|ở trung ương|trung ương|của [^,;:]{1,40}?|"
         r"có thẩm quyền|chức năng|chuyên môn(?:\s+thuộc\s+[^,;:]{1,40}?)?|ngang bộ|thuộc Chính phủ|"
         r"nhà nước|cụ thể|(?:của\s+)?(?:UBND|Ủy ban nhân dân)\s+(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)"
         r"(?:\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]\S*)*))*")
COLLECTIVE = re.compile(
    rf"^(?:(?:ủy ban nhân dân|ubnd|hội đồng nhân dân|hđnd)\s+)?(?:(?:các|những|toàn bộ|tất cả)\s+)?{_UNIT}"
    rf"(?:\s*(?:,|và|hoặc)\s*{_UNIT})*{_QUAL}\s*$", re.IGNORECASE)
# A class described in words: "các cơ sở giáo dục đại học" (any case), "Cơ quan thuế" (capitalised).
_DESCRIBED_LOWER = re.compile(rf"^(?:các|những)\s+{_UNIT}\b", re.IGNORECASE)
_DESCRIBED_CAP = re.compile(r"^(?:Cơ quan|Đơn vị)\s+(?!(?:có|chịu|chủ|phối|được|phải|thực|là)\s)[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
# Individuals are no bodies (SPEC: a task names a body or a class of bodies): staff ("công chức"), "các cá nhân".
NOT_BODY = re.compile(r"^(?:các\s+|toàn thể\s+)?(?:cán bộ|công chức|viên chức|cá nhân|người dân|nhân dân|người lao động|"
                      r"chiến sĩ|đại biểu|khách hàng|người học|hội viên|đoàn viên|chuyên viên)"
                      r"(?:\s*,\s*(?:cán bộ|công chức|viên chức|chiến sĩ|người lao động))*(?:\s+.*)?$", re.IGNORECASE)
_DOC = (r"(?:Quyết định|Thông tư(?:\s+liên\s+tịch)?|Nghị định|Nghị quyết|Chỉ thị|Kế hoạch|Quy chế|Quy định|Luật|Pháp lệnh|"
        r"Chương trình|Đề án|văn bản|Thông báo|Công văn)")
# "… này có hiệu lực (thi hành) kể từ ngày …": every document ends with one (1,382 in the corpus).
EFFECT = re.compile(rf"(?:{_DOC})\s+này\s+có\s+hiệu\s+lực|có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ\s+(?:ngày|khi)",
                    re.IGNORECASE)
# "… chịu trách nhiệm thi hành Quyết định này" (319 + 19 + 5 in the corpus); the Ngân hàng Nhà nước form
# "… chịu trách nhiệm tổ chức thực hiện Thông tư này" when that is the whole predicate.
EXECUTION = re.compile(rf"trách\s+nhiệm\s+(?:tổ\s+chức\s+)?thi(?:\s+hành)?\s+(?:{_DOC})\s+này"
                       rf"|trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)\s+(?:{_DOC})\s+này\s*[./]*\s*$"
                       rf"|căn\s+cứ\s+(?:{_DOC})(?:\s+này)?\s+(?:để\s+)?(?:thi\s+hành|thực\s+hiện)\s*[./]*\s*$",
                       re.IGNORECASE)
# ("… căn cứ Quyết định thực hiện./.": the provincial form of the same closing clause)
# "… biết, thực hiện./.": the closing that only asks the addressees to carry the document out.
CLOSING = re.compile(r"(?:để\s+|được\s+)?biết(?:\s*,\s*|\s+và\s+)(?:phối hợp\s+)?(?:triển khai\s+)?thực\s+hiện\s*[./]*\s*$",
                     re.IGNORECASE)
# Headings of what a plan wants, not of who does it (Nghị định 30/2020/NĐ-CP practice: "Mục đích, yêu cầu"
# opens every Kế hoạch) and of situation reports.
HEADING_NOT_TASK = re.compile(
    r"^(?:Mục\s+đích|Yêu\s+cầu|Mục\s+tiêu|Quan\s+điểm|Kết\s+quả(?:\s+đạt\s+được)?|Tình\s+hình|Nguyên\s+nhân|"
    r"Tồn\s+tại|Hạn\s+chế|Đánh\s+giá|Khó\s+khăn|Thực\s+trạng|Căn\s+cứ\s+(?:xây\s+dựng|ban\s+hành|pháp\s+lý))"
    r"(?:\s*(?:,|và)\s*(?:yêu\s+cầu|mục\s+tiêu|nhiệm\s+vụ|hạn\s+chế|vướng\s+mắc|nguyên\s+nhân))?"
    r"(?:\s+(?:chung|cụ\s+thể|đạt\s+được|thực\s+hiện|tổng\s+quát|năm\s+\d{4}|đến\s+năm\s+\d{4}|[^\n:]{0,40}?))?\s*(?::|$|\n)",
    re.IGNORECASE)
PREAMBLE = re.compile(r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Xét\s+Tờ\s+trình|Theo\s+công\s+bố|"
                      r"Thực\s+hiện\s+(?:theo\s+)?(?:Quyết|Chỉ|Kế|Nghị|Thông|Công|Luật|Kết))")
OBJECTIVE = re.compile(r"^(?:Phấn\s+đấu|Nhằm|Mục\s+tiêu|Đến\s+năm\s+\d{4}|Tỷ\s+lệ|Bảo\s+đảm\s+100|Đảm\s+bảo\s+100|100\s*%)",
                       re.IGNORECASE)
NONTASK_START = re.compile(r"^(?:Ban\s+hành\s+kèm\s+theo|Ban\s+hành\s+Danh\s+mục|Phê\s+duyệt|Thành\s+lập|Bãi\s+bỏ|Nơi\s+nhận|"
                           r"Điều\s+chỉnh\s+cục\s+bộ|Trên\s+đây\s+là|Công\s+bố\s+(?:kèm|danh\s+mục|thủ\s+tục)|Kiện\s+toàn)",
                           re.IGNORECASE)
NOT_ASSIGNING = re.compile(r"(?:có\s+nghĩa\s+là|được\s+hiểu\s+là|là\s+việc|là\s+cơ\s+quan,\s+tổ\s+chức\s+quy\s+định)", re.IGNORECASE)
# A clause that hands the items below it out ("… thực hiện các nhiệm vụ sau:"): its items carry the tasks.
LEADIN = re.compile(r"(?:sau\s+đây|như\s+sau|(?<!\w)sau|cụ\s+thể|bao\s+gồm|gồm|có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ)\s*:\s*$",
                    re.IGNORECASE)
# A frame before the clause's subject, up to its comma or colon (matched with .match(text, pos): no "^",
# which never matches at pos > 0).
FRAME = re.compile(
    r"(?:Căn\s+cứ|Trên\s+cơ\s+sở|Trong\s+quá\s+trình|Quá\s+trình|Trường\s+hợp|Trong\s+trường\s+hợp|Nếu|Khi|Sau\s+khi|Trước\s+khi|"
    r"Để|Đối\s+với|Định\s+kỳ|Hằng\s+(?:năm|quý|tháng)|Hàng\s+(?:năm|quý|tháng)|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Trong\s+đó|"
    r"Trong\s+phạm\s+vi|Theo\s+(?:chức\s+năng|lĩnh\s+vực|thẩm\s+quyền)|Chậm\s+nhất|Trước\s+ngày|Trong\s+(?:năm|tháng|quý)|"
    r"Năm\s+\d{4}|Trong\s+(?:thời\s+hạn|vòng)|Ngay\s+sau\s+khi|Kể\s+từ|Thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)|Thời\s+hạn|"
    r"Giải\s+pháp(?:\s+thực\s+hiện)?|Về)\b[^;]*?(?:,|:)\s+", re.IGNORECASE)
# "Cơ quan chủ trì: X; cơ quan phối hợp: Y" (role labels, as a table row would give them).
ROLE_LABELS = re.compile(r"^[Cc]ơ\s+quan\s+chủ\s+trì\s*:\s*(?P<lead>[^;\n]+?)\s*(?:;|\n|$)"
                         r"(?:\s*[Cc]ơ\s+quan\s+phối\s+hợp\s*:\s*(?P<support>[^;\n]+?)\s*(?:;|\n|$))?")
# "… do X chủ trì": X chairs a joint action the lead takes part in (SPEC: support).
CHAIR = re.compile(r"(?<!\w)do\s+(.{3,120}?)\s+chủ\s+trì(?!\w)")
# "Bộ trưởng Bộ X ban hành Thông tư …": the issuing formula (467 of the 549 "ban hành" predicates).
ISSUING = re.compile(r"^[^.;:]{0,120}?\sban\s+hành\s+(?:Thông\s+tư|Nghị\s+định|Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị|Kế\s+hoạch)"
                     r"(?!\s+(?:số|này))[^;]*\.?$")
_PAST = re.compile(r"(?<!\w)(?:đã|chưa|đang|vẫn)(?!\w)")
_SUPPORT_CUT = re.compile(r"(?<!\w)(?:phối\s+hợp|cùng(?!\s+cấp)|với\s+sự\s+phối\s+hợp|(?:có|với)\s+sự\s+tham\s+gia)(?!\w)")
# Heads the agency vocabulary lacks, seen in the corpus: "Tổ đại biểu Hội đồng nhân dân", "Thường trực Hội
# đồng nhân dân", "Đoàn giám sát"; and the units of an office ("Bộ phận Một cửa", "Bộ phận Văn thư").
_EXTRA_HEAD = re.compile(r"^(?:Tổ\s+(?:đại\s+biểu|công\s+tác|giúp\s+việc)|Thường\s+trực\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]|Đoàn\s+(?:đại\s+biểu|giám\s+sát|kiểm\s+tra)"
                         r"|Bộ\s+phận\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ])")
# Names that stand alone as a body though they are only a head ("Thanh tra", "Văn phòng") or a short name
# the document gives a body ("Ban Chỉ đạo", "Tỉnh" in a Thông báo about one province).
_STANDALONE = {"Văn phòng", "Chính phủ", "Quốc hội", "Thanh tra", "Công an", "Kiểm toán nhà nước", "Ban Chỉ đạo",
               "Thủ tướng Chính phủ", "Bảo hiểm xã hội", "Bưu điện", "Hội đồng nhân dân", "Ủy ban nhân dân",
               "Văn phòng đại diện", "Thành phố", "Tỉnh", "Văn phòng Bộ", "Tổ công tác", "Hội đồng", "Ban Quản lý"}
# A head syllable bound into another word opens no name (``agencies.is_head_word``): "Ban hành", "Sở hữu".
_BOUND_HEAD = re.compile(r"^(?:Bộ\s+phận\s+[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]|Trường\s+hợp|Ban\s+hành|Sở\s+hữu|Hội\s+nghị|Đoàn\s+kết|"
                         r"Phòng\s+(?:ngừa|chống|,)|Cơ\s+sở\s+dữ|Ban\s+đầu|Bộ\s+máy|Bộ\s+hồ\s+sơ|Bộ\s+tiêu\s+chí)")
_PLURAL_HEAD = re.compile(r"^(?:các|những)\s+(?:Bộ|Sở|Ban|Cục|Vụ|Tổng cục|Chi cục|Phòng|Trung tâm|Viện|Hội)$", re.IGNORECASE)
_SHARED_UBND = re.compile(r"^(?P<head>Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+các\s+(?P<unit>tỉnh|thành phố|huyện|xã|quận|phường)"
                          r"(?:\s*,\s*(?:thành phố|thị xã))?\s*:\s*(?P<items>.+)$")


# ---------------------------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------------------------


# "(các) Trưởng phòng, ban, đơn vị": the heads of a class of divisions, the post over the whole class
# (district plans write "các Trưởng phòng, ban" for "Trưởng các phòng, ban").
_POST_OVER_CLASS = re.compile(r"^(?:[Cc]ác\s+)?(?:[Tt]rưởng)\s+(?=(?:phòng|ban)(?:\s*,\s*|\s+)(?:phòng|ban|đơn\s+vị|ngành)(?!\w))")


def strip_post(piece: str) -> tuple[str, str]:
    """(post, rest): "Giám đốc Sở Tài chính" → ("Giám đốc ", "Sở Tài chính"); "các Trưởng phòng, ban" →
    ("các Trưởng ", "các phòng, ban")."""
    m = _POST_OVER_CLASS.match(piece)
    if m:
        return piece[: m.end()], "các " + piece[m.end():]
    m = _post_re().match(piece)
    return (piece[: m.end()], piece[m.end():]) if m else ("", piece)


def _described(text: str) -> bool:
    return bool(_DESCRIBED_LOWER.match(text) or _DESCRIBED_CAP.match(text))


def opens_body(seg: str, *, lower_ok: bool = False) -> bool:
    """Can a list of bodies open at the start of ``seg``? ``lower_ok``: also a bare class in lower case
    ("phối hợp với cơ quan, tổ chức …"), which never opens a clause."""
    if _BOUND_HEAD.match(seg):
        return False
    return bool(starts_agency(seg) or _post_re().match(seg) or _described(seg) or _EXTRA_HEAD.match(seg)
                or re.match(r"^(?:Bộ|Sở|Ban|Ngành|Cơ quan|Đơn vị)\s*,", seg)
                or (lower_ok and re.match(r"^(?:cơ quan|đơn vị|tổ chức|doanh nghiệp|bộ|sở|ngành|chính quyền|phòng)[\s,]", seg))
                or seg.startswith(("Thành phố ", "Tỉnh ")))


@cache
def _heads_sorted() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in read_tsv("agency_heads.tsv")), key=len, reverse=True))


def _head_len(text: str) -> int:
    for h in _heads_sorted():
        if text == h or text.startswith(h + " "):
            return len(h)
    return 0


# A kind of body alone names none ("Cơ quan thực hiện chức năng …" in a scope article defines who is meant).
_BARE_UNITS = frozenset({"cơ quan", "đơn vị", "bộ", "sở", "ban", "ngành", "tổ chức", "phòng", "cơ sở", "cấp", "hội",
                         "trường", "xã", "huyện", "tỉnh", "phường", "quận", "hội đồng", "ủy ban", "lực lượng", "cá nhân",
                         "doanh nghiệp", "chi nhánh"})


def is_body(piece: str) -> bool:
    """Does ``piece`` name a body, a class of bodies or a post, and nothing more?"""
    p = piece.strip(" ,;:.()")
    if not p:
        return False
    post, rest = strip_post(p)
    if post and not rest:
        return True  # "Chánh Văn phòng", "Bộ trưởng"
    if post and rest in {"Bộ", "Sở", "Cục", "Tổng cục", "Vụ", "Ban", "Phòng", "Viện"}:
        return True  # "Chánh Văn phòng Bộ": the Ministry the document speaks for
    if post and _names_a_person(rest.strip()):
        return True  # "Phó Thủ tướng Chính phủ Lê Văn Minh": the post-holder, named
    p = rest or p
    if NOT_BODY.match(p):
        return False
    if re.match(r"^(?:phòng|sở|ban|trung\s+tâm|chi\s+cục)\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]", p):
        p = p[0].upper() + p[1:]  # "phòng Nội vụ": running text writes a division's head in lower case
    if _EXTRA_HEAD.match(p) or p in _STANDALONE:
        return True
    expanded = expand_abbreviations(p)
    if gazetteer.canonical_body(expanded) or (COLLECTIVE.match(expanded) and expanded.lower() not in _BARE_UNITS):
        return True
    words = re.findall(r"[\w&]+(?:[-–][\w&]+)*|[-–&]", expanded)
    if _described(expanded):
        # "các cơ sở giáo dục đại học", "các doanh nghiệp bưu chính trong tỉnh"; never people
        return len(words) <= 16 and not re.search(r"(?<!\w)(?:cán bộ|công chức|viên chức|người)(?!\w)", expanded)
    spans = official_name_spans(p)
    if spans and spans[0][0] == 0 and spans[0][1] < len(p):
        # a name of the gazetteer, then words: only a qualifier or a place may follow ("Sở Thông tin và
        # Truyền thông phát triển hạ tầng …" is a name and a predicate)
        tail = p[spans[0][1]:]
        return bool(re.fullmatch(_QUAL + r"\s*", " " + tail.strip(), re.IGNORECASE)) or \
            bool(re.fullmatch(r"\s*(?:(?:tỉnh|huyện|xã|thành phố|quận|phường|thị xã|thị trấn)(?:\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ0-9]\S*)+|\d{1,3})\s*", tail))
    if not starts_agency(p) or not words or len(words) > 18:
        return False
    # Official names capitalise the word after the head and may keep the rest in lower case ("Cục Đo đạc,
    # Bản đồ và Thông tin địa lý Việt Nam", "Cục Quản lý Khám, chữa bệnh").
    hl = _head_len(expanded)
    rest_words = expanded[hl:].split() if hl else words[1:]
    if not rest_words:
        return expanded in _STANDALONE
    first = rest_words[0]
    if first[:1].isupper() or first[:1].isdigit():
        return True
    # In lower case after the head only a level, a place or a class follows ("Ủy ban nhân dân cấp tỉnh",
    # "… các huyện, thị xã", "… tỉnh Cà Mau"); any other word is a predicate ("… các huyện khảo sát …").
    return all(w.strip(",").lower() in _PLACE_WORDS or w[:1].isupper() or w[:1].isdigit() or w in ",-–"
               for w in rest_words) and len(rest_words) <= 12


# Words of levels, places and classes that may follow a body's head in lower case.
_PLACE_WORDS = frozenset("""cấp các của tỉnh huyện xã thành phố quận phường thị trấn đơn vị địa phương chi nhánh khu
vực đại diện trực thuộc trung ương có liên quan và ban ngành sở cơ quan đặc biên giới miền núi ủy""".split())


def _names_a_person(rest: str) -> bool:
    """Does the text after a post name its holder ("Lê Văn Minh"; "UBND tỉnh Nguyễn Văn Bình": a body,
    then a full name of three syllables or more that is no place)?"""
    if looks_like_person_name(rest) and not starts_agency(rest):
        return True
    if gazetteer.canonical_body(expand_abbreviations(rest)):
        return False  # "UBND huyện Trần Văn Thời", "UBND thành phố Hồ Chí Minh": places named for people
    words = rest.split()
    for n in (3, 4):
        name = " ".join(words[-n:])
        if len(words) > n and looks_like_person_name(name) and not gazetteer.find_province(name) \
                and is_body(" ".join(words[:-n])):
            return True
    return False


def body_name(raw: str) -> str:
    """The body a printed lead stands for: a post stands for the body it heads (SPEC): "Giám đốc Sở X" →
    "Sở X", "Chánh Thanh tra Sở X" → "Thanh tra Sở X", "Thủ trưởng các cơ quan, đơn vị" → "các cơ quan,
    đơn vị"; a post that heads no body named keeps its name."""
    raw = raw.strip()
    post, rest = strip_post(raw)
    rest = rest.strip()
    if post and rest and _names_a_person(rest):
        return raw  # a post-holder named in person heads no body named: the post and the name
    if post and rest:
        m = re.search(r"Chánh\s+(Văn\s+phòng|Thanh\s+tra)\s*$", post)
        return f"{m.group(1)} {rest}" if m else rest
    if post and "bộ trưởng" in post.lower() and post.lower().startswith("các"):
        return "các bộ"  # "các Bộ trưởng": the ministers of every ministry
    return raw


def body_agency(raw: str, resolve: Callable[[str], str | None] | None = None) -> Agency:
    """``raw`` as an agency record: the body it stands for (``body_name``), its short name resolved by
    ``resolve`` (the document's own full names), the name canonical (``canonical_agency``)."""
    name = body_name(raw)
    full = resolve(name) if resolve is not None else None
    name = _GENERIC_PARENT.sub(r"\g<division>", full or name)
    agency = canonical_agency(name)
    return Agency(raw=" ".join(raw.split()).strip(" .,;:"), name=agency.name, collective=agency.collective)


# A division named with the council it belongs to, no place given ("phòng Tư pháp UBND huyện"): the
# division's own name is the body's ("Phòng Tư pháp"; the document's council is the only one meant).
_GENERIC_PARENT = re.compile(r"^(?P<division>[Pp]hòng\s.+?)\s+(?:của\s+|thuộc\s+)?(?:UBND|Ủy ban nhân dân)\s+"
                             r"(?:tỉnh|huyện|thị\s+xã|thành\s+phố|quận)$")


# ---------------------------------------------------------------------------------------------
# Lists of bodies
# ---------------------------------------------------------------------------------------------


def _starts_word(text: str, pos: int, lo: int) -> bool:
    """Does underthesea start a word at ``pos`` ("Hậu cần" is one word: no cut at "cần")? Only the two
    syllables before ``pos`` can bind to it: a window of them and the next few is segmented."""
    left = text.rfind(" ", lo, max(lo, text.rfind(" ", lo, pos - 1)))
    a = max(lo, left + 1 if left >= 0 else lo)
    b = text.find(" ", pos + 1)
    b = len(text) if b < 0 else (text.find(" ", b + 1) if text.find(" ", b + 1) >= 0 else len(text))
    return any(a + w.start == pos for w in segmented(text[a:b]))


def _cuts(text: str, start: int, end: int, known: Sequence[str] = ()) -> list[int]:
    """Where a list of bodies opening at ``start`` may end (vocabulary verbs, support markers, past-tense
    markers, prepositions): outside names, at a word start, never at a capitalised word."""
    f = low(text)
    names = [(start + s, start + e) for s, e in official_name_spans(text[start:end])]
    names += known_spans(text, start, end, known)
    found = []
    for rx, src in ((_cut_re(), f), (_SUPPORT_CUT, text), (_PAST, text)):
        for m in rx.finditer(src, start, end):
            if m.start() == start or text[m.start()].isupper():
                continue  # "Bộ Tổng Tham mưu", "Cục Tổ chức cán bộ": a capitalised verb is part of a name
            if any(s <= m.start() < e for s, e in names):
                continue
            if m.group(0).startswith("quản lý") and re.search(r"cơ\s+quan\s*$", text[start:m.start()], re.IGNORECASE):
                continue  # "các cơ quan quản lý liên quan": a class name
            found.append(m.start())
    out = []
    for c in sorted(set(found)):
        if _starts_word(text, c, start):
            out.append(c)
            break  # the list ends at the first cut; later ones are only looked at when it is not one
    return out


# A body described in lower-case words, then named in brackets, as district plans write it ("giao bộ phận
# tiếp nhận hồ sơ (Bộ phận Một cửa)", "Giao phòng có liên quan (cụ thể phòng Y tế, phòng Giáo dục) chủ trì").
_PAREN_NAMES = re.compile(r"(?:bộ\s+phận|phòng|đơn\s+vị|cơ\s+quan|ban)\s[^()\n;.]{0,80}?\s*\((?:cụ\s+thể|gồm|là)?\s*"
                          r"(?P<names>[^()\n]{3,160})\)")


def known_spans(text: str, start: int, end: int, known: Sequence[str]) -> list[tuple[int, int]]:
    """Where names the document itself prints in full stand in text[start:end], also where it shortens
    a run of their words to initials ("Ban QLDA Hạ tầng giao thông …" for "Ban Quản lý dự án Hạ tầng giao
    thông …"): a name with lower-case words that the gazetteer does not hold is never cut at them."""
    out = []
    for name in known:
        for rx in _name_patterns(name):
            out += [(m.start(), m.end()) for m in rx.finditer(text, start, end)]
    return out


@cache
def _name_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    words = name.split()
    pats = [re.escape(name).replace(r"\ ", r"\s+")]
    for h in (1, 2):  # the head: "Ban", "Trung tâm"
        for r in range(2, 7):
            if h + r < len(words):
                initials = "".join(unicodedata.normalize("NFD", w[0])[0].upper() for w in words[h:h + r])  # "án" → A
                variant = words[:h] + [initials] + words[h + r:]
                pats.append(r"\s+".join(map(re.escape, variant)))
    return tuple(re.compile(rf"(?<!\w){p}(?!\w)") for p in pats)


def _mask_parens(text: str) -> str:
    """``text`` with parenthesised asides blanked, same length ("Bộ X (qua Cục Y) lấy ý kiến …")."""
    return re.sub(r"\([^()]{0,120}\)", lambda m: " " * len(m.group(0)), text)


def split_bodies(region: str) -> list[str]:
    """Pieces of a list of bodies: the agency splitter, then shared local heads distributed ("Ủy ban
    nhân dân các tỉnh: A, B"), then any piece that still holds two bodies split at ", " / "và" /
    "hoặc" ("Bộ Quốc phòng và Bộ, ngành có liên quan")."""
    region = " ".join(region.split()).strip(" ,;:-")
    if re.search(r"\S\s+tỉnh,\s*thành phố trực thuộc [Tt]rung ương", region):
        keep = "tỉnh\u00a0thành phố trực thuộc"
        out = split_bodies(re.sub(r"tỉnh,\s*thành phố trực thuộc", keep, region))
        return [p.replace(keep, "tỉnh, thành phố trực thuộc") for p in out]
    m = _SHARED_UBND.match(region)
    if m:
        out = []
        for it in (x.strip() for x in re.split(r"\s*,\s*|\s+và\s+", m["items"]) if x.strip()):
            if re.match(r"^(?:tỉnh|thành phố|huyện|xã|quận|phường)\s", it, re.IGNORECASE):
                out.append(f"{m['head']} {it}")
            else:
                out.append(f"{m['head']} {m['unit']} {it}")
        return out
    m = re.match(r"^(?:[Cc]ác\s+)?[Tt]rưởng\s+(?:phòng|ban)(?:(?:\s*,\s*|\s+)(?:phòng|ban|đơn\s+vị|ngành)(?!\w))+"
                 r"(?:\s+(?:chuyên\s+môn|có\s+liên\s+quan|liên\s+quan|trực\s+thuộc|(?:thuộc|của)\s+[^,;]+?|cấp\s+(?:tỉnh|huyện|xã))"
                 r"(?=\s*(?:[,;]|\s+và\s|$)))?", region)
    if m:  # "các Trưởng phòng, ban, đơn vị": one post over one class
        rest = region[m.end():].lstrip(" ,;")
        return [m.group(0)] + (split_bodies(re.sub(r"^(?:và|hoặc)\s+", "", rest)) if rest else [])
    pieces = [re.sub(r"^Đồng\s+chí\s+", "", p.strip()) for p in split_agency_list(region) if p.strip(" ,;:.")]
    out = [x for p in pieces for x in _resplit(p)]
    # "các cơ quan, đơn vị thuộc Bộ X": a body after "thuộc/của/trực thuộc" qualifies the one before
    kept: list[str] = []
    for p in out:
        if kept and re.search(r"(?:thuộc|của|trực thuộc|tại)\s*$", kept[-1]):
            kept[-1] = f"{kept[-1]} {p}"
            continue
        kept.append(p)
    return [x for p in kept for x in _distribute_post(p)]


_LOCAL_HEAD = r"(?:(?:Chủ\s+tịch\s+)?(?:UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân))"
_LOCAL_UNIT = r"(?:phường|xã|quận|huyện|thị\s+trấn|thị\s+xã|thành\s+phố|tỉnh)"
_LOCAL_PLACE = rf"{_LOCAL_UNIT}\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ0-9][^,;]*?"


def _distribute_post(piece: str) -> list[str]:
    """ "(Chủ tịch) UBND phường A, phường B và xã C": the head (and its post) over each place ("UBND
    phường A", "UBND phường B", "UBND xã C"; city decisions list their wards so)."""
    m = re.match(rf"^(?P<head>{_LOCAL_HEAD})\s+(?P<first>{_LOCAL_PLACE})(?P<more>(?:\s*,\s*|\s+và\s+){_LOCAL_PLACE})+$", piece)
    if not m:
        return [piece]
    places = re.split(rf"\s*,\s*(?={_LOCAL_UNIT}\s)|\s+và\s+(?={_LOCAL_UNIT}\s)", piece[len(m["head"]):].strip())
    return [f"{m['head']} {p.strip()}" for p in places if p.strip()]


def _resplit(piece: str) -> list[str]:
    expanded = expand_abbreviations(piece)
    if gazetteer.canonical_body(expanded) or COLLECTIVE.match(expanded):
        return [piece]
    protected = official_name_spans(piece)
    for m in re.finditer(r"\s*[,;]\s*|\s+(?:và|hoặc)\s+", piece):
        if any(s <= m.start() < e for s, e in protected):
            continue
        left, right = piece[: m.start()], piece[m.end():]
        if "," in m.group(0) and right[:1].islower() and not NOT_BODY.match(right):
            continue  # "Các Bộ, cơ quan ngang Bộ, cơ quan trung ương khác": one class
        if not (opens_body(right, lower_ok=True) or NOT_BODY.match(right)):
            continue
        if is_body(left) and not NOT_BODY.match(left):
            rights = _resplit(right)
            if all(is_body(r) or NOT_BODY.match(r) for r in rights):
                return [left] + rights
    return [piece]


def _bodies_of(region: str, known: Sequence[str] = ()) -> list[str] | None:
    """The bodies of ``region`` when every piece is one (individuals dropped), else None. A name the
    document prints in full (``known``) is one body."""
    pieces = split_bodies(region)
    bodies = [" ".join(p.split()) for p in pieces if not NOT_BODY.match(strip_post(p)[1] or p)]
    return bodies if bodies and all(is_body(p) or _is_known(p, known) for p in bodies) else None


def _is_known(piece: str, known: Sequence[str]) -> bool:
    body = strip_post(piece)[1] or piece
    return any(rx.fullmatch(body) for name in known for rx in _name_patterns(name))


def _longest_body_prefix(text: str, start: int, cut: int, known: Sequence[str] = ()) -> int | None:
    """The end of the longest prefix of text[start:cut] that is a list of bodies, or None."""
    ends = [m.start() for m in re.finditer(r"\s", text[start:cut])] + [cut - start]
    for e in sorted(ends, reverse=True):
        region = text[start:start + e].rstrip(" ,;:-")
        if region and _bodies_of(region, known) is not None:
            return start + e
    return None


# Qualifiers the tagger reads as verbs ("có liên quan": có/V; "trực thuộc"; "thuộc Bộ X"): stepped over.
_TAGGED_QUALIFIER = re.compile(r"(?:có\s+liên\s+quan|liên\s+quan|có\s+thẩm\s+quyền|(?:trực\s+)?thuộc"
                               r"(?:\s+(?:[Tt]rung\s+ương|[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ][\w&]*(?:\s+[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ][\w&]*)*))?)(?!\w)")


def _may_open(text: str, start: int) -> bool:
    """Can a list of bodies start at ``start`` (a head, a post, a class, a name of the gazetteer, a list
    after "gồm")? Checked before the slow readers are asked where the list ends."""
    seg = text[start:start + 120]
    if re.match(r"(?:các|những)\s", seg, re.IGNORECASE):
        # a class ("các sở, ban, ngành"), names ("các Bộ: …") or posts ("các Trưởng phòng"); "các văn bản",
        # "các hoạt động" name things, not bodies
        return bool(_described(seg) or re.match(r"(?:[Cc]ác|[Nn]hững)\s+(?:[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]|[Tt]hủ\s+trưởng|[Nn]gười\s+đứng\s+đầu)", seg))
    if opens_body(seg, lower_ok=True) or _EXTRA_HEAD.match(seg):
        return True
    spans = official_name_spans(seg)
    return bool(spans) and spans[0][0] == 0


def read_list(text: str, start: int, limit: int | None = None, *, need_verb: bool = True, known: Sequence[str] = ()
              ) -> tuple[list[str], int, int] | None:
    """The list of bodies opening at ``start``: (bodies, end of the list, where what follows starts), or None.

    The list runs to the first cut; if a piece is then no body, the tagger's first verb (names
    protected) cuts it shorter, else the longest prefix that is a list of bodies. Parenthesised asides
    are skipped ("Bộ X (qua Cục Y)"); individuals ("cán bộ, công chức") are dropped."""
    named = _PAREN_NAMES.match(text, start, len(text) if limit is None else limit)
    if named and (bodies := _bodies_of(named["names"])) is not None:
        # "bộ phận tiếp nhận hồ sơ (Bộ phận Một cửa)", "phòng có liên quan (cụ thể phòng Y tế, phòng Giáo
        # dục)": a body described in words, named in its brackets
        after = named.end() + len(text[named.end():]) - len(text[named.end():].lstrip())
        return bodies, named.end(), after
    if not _may_open(text, start):
        return None  # "Cải cách thể chế", "Phát triển hạ tầng số": no body can start here
    text = _mask_parens(text)
    limit = len(text) if limit is None else limit
    m = re.compile(r"\.\s|\.$|\n").search(text, start, limit)
    hard = min(m.start() if m else limit, start + 400)
    g = re.match(r"^(?:các|những)\s[^:;.]{0,150}?(?:bao\s+)?gồm\s*:?\s*", text[start:hard], re.IGNORECASE)
    if g:
        start += g.end()  # "Các cơ quan thực hiện gồm: A, B, C": the list after "gồm"
    cuts = [c for c in _cuts(text, start, hard, known) if c > start]
    cut = cuts[0] if cuts else (None if need_verb else hard)
    if cut is None and _bodies_of(text[start:hard].rstrip(" .;:,"), known) is not None:
        return None  # bodies and nothing after them: a list with no predicate (no need to ask the tagger)
    if cut is None:
        seg = text[start:hard]
        v = _first_verb(seg)
        if v is None:
            return None
        q = _TAGGED_QUALIFIER.match(text, start + v, hard)
        cut = q.end() if q else start + v

    def accept(c: int) -> tuple[list[str], int, int] | None:
        region = text[start:c]
        bodies = _bodies_of(region, known)
        return (bodies, start + len(region.rstrip(" ,;:-")), c) if bodies is not None else None

    got = accept(cut)
    if got:
        return got
    seg = text[start:cut]
    v = _first_verb(seg)  # a verb outside the vocabulary
    if v:
        q = re.match(r"(?:có\s+liên\s+quan|liên\s+quan|có\s+thẩm\s+quyền|trực\s+thuộc)(?!\w)", text[start + v:cut])
        got = accept(start + v + (q.end() if q else 0))
        if got:
            return got
    e = _longest_body_prefix(text, start, cut, known)
    if e is not None and (not need_verb or re.match(r"\s+[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", text[e:e + 3])):
        return accept(e)
    return None


# ---------------------------------------------------------------------------------------------
# Deadlines and products
# ---------------------------------------------------------------------------------------------

# "Trên cơ sở X được phê duyệt / điều chỉnh, bổ sung, …": the work starts once X is approved, an event
# (``deadlines.APPROVAL_VERBS``; parse_deadline reads it as on_event).
_APPROVED = "(?:" + "|".join(r"\s+".join(v.split()) for v in APPROVAL_VERBS) + r")(?:\s*,\s*bổ\s+sung)?"
# Time phrases of running text the deadline finder leaves to its caller: cycles ("định kỳ hằng quý"),
# "thường xuyên", events ("khi có yêu cầu"), spans ("trong thời hạn 05 ngày làm việc, kể từ …"), "trong
# năm (2024)" and bare dates ("trước 15/10/2025"). Difficulties met ("nếu có khó khăn, vướng mắc" →
# on_event) and months ("xong từ tháng 3/2025") the finder reads itself.
_EXTRA_DEADLINE = re.compile(
    r"(?<!\w)(?:định\s+k[ỳì](?:\s+(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng|tuần)|\s+\d+\s+tháng(?:\s*,\s*hằng\s+năm)?|\s+ít\s+nhất\s+[^,.;]{1,20})?"
    r"|(?<!chi\s)(?<!nguồn\s)thường\s+xuyên"
    r"|khi\s+(?:có\s+yêu\s+cầu|cần\s+thiết|có\s+khiếu\s+nại[^,.;]{0,30}|phát\s+sinh[^,.;]{0,30})"
    r"|(?:trong\s+)?trường\s+hợp\s+cần\s+thiết"
    r"|ngay\s+sau\s+khi[^,.;]{3,60}"
    r"|trên\s+cơ\s+sở\s+[^;.\n]{3,200}?\s+(?:đã\s+)?được\s+(?:cấp\s+có\s+thẩm\s+quyền\s+)?" + _APPROVED +
    r"|trong\s+năm(?:\s+\d{4})?(?!\s+(?:học|tài\s+chính))"
    r"|trong\s+(?:vòng|thời\s+hạn)\s+\d{1,3}\s+(?:ngày(?:\s+làm\s+việc)?|tháng|năm)(?:\s*,?\s*kể\s+từ\s+[^,.;]{3,60})?"
    r"|ít\s+nhất(?:\s+là)?\s+\d{1,3}\s+ngày(?:\s+làm\s+việc)?\s+trước\s+ngày\s+\w+"
    r"|trước\s+\d{1,2}/\d{1,2}/\d{4}"
    r"|chậm\s+nhất\s+(?:là\s+)?(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?)(?!\w)",
    re.IGNORECASE)
# A time word inside the name of a thing is no deadline ("dự toán ngân sách hằng năm", "kế hoạch … năm
# 2024", "báo cáo định kỳ của …"; SPEC).
_NAME_BEFORE = re.compile(r"(?:dự\s+toán|ngân\s+sách(?:\s+nhà\s+nước)?|kế\s+hoạch|chương\s+trình|chỉ\s+số[^,;.]{0,40}|"
                          r"báo\s+cáo\s+kết\s+quả|chi|kinh\s+phí|nguồn|tiêu\s+chí|thi\s+đua|công\s+tác(?:\s+\w+){1,3}|nghỉ\s+phép)\s*$",
                          re.IGNORECASE)
# A field of the item that states its time ("Thời gian thực hiện: …", "Thời hạn hoàn thành: …").
TIME_FIELD = re.compile(r"(?:^|\n)\s*(?:[-+•]\s*)?(?:Thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)|Thời\s+hạn(?:\s+hoàn\s+thành)?|Tiến\s+độ)"
                        r"\s*:\s*(?P<value>[^\n;]+?)(?=\.\s|\.?\s*;|\.?\s*\n|\.?\s*$)", re.IGNORECASE)


def _time_spans(text: str, document_date: dt.date | None) -> list[tuple[int, int]]:
    found = [(s, e) for s, e, _ in find_deadline_mentions(text, document_date)]
    found += [(m.start(), m.end()) for m in _EXTRA_DEADLINE.finditer(text)]
    good = []
    for s, e in sorted(found):
        f = low(text[s:e])
        before = text[max(0, s - 60):s]
        if text[e:e + 5].startswith(" của") and re.match(r"(?:hằng|hàng|mỗi|định)\s", f):
            continue  # "báo cáo định kỳ của …", "… hằng năm của các sở": part of a name
        if re.match(r"(?:hằng|hàng|mỗi)\s", f) and _NAME_BEFORE.search(before):
            continue  # "dự toán ngân sách hằng năm": part of a name
        if re.search(r"(?:hiệu\s+lực|ban\s+hành|được\s+cấp)\s*$", before):
            continue
        if re.fullmatch(r"trong\s+năm", f) and re.search(r"\w\s*$", text[max(0, s - 3):s]):
            continue  # "số hộ thoát nghèo trong năm": a bare "trong năm" after a word qualifies it
        if f.startswith("thường xuyên") and re.search(r"(?<!\w)việc\s+\w+(?:\s+\w+)?\s*$", before):
            continue  # "việc giám sát thường xuyên": a kind of work, not when it is due
        if re.match(r"(?:trong\s+)?năm\s+\d{4}|tháng\s+\d", f) and re.search(
                r"(?:kế\s+hoạch|chương\s+trình|dự\s+toán|báo\s+cáo|đề\s+án)(?:(?!\s(?:trong|vào|trước|đến|từ)\s)[^,;.]){0,40}$",
                before, re.I):
            continue  # "kế hoạch chuyển đổi số năm 2024": the year of a thing's name (after "trong" a time: "báo cáo trong tháng 10 năm 2025")
        good.append((s, e))
    merged: list[tuple[int, int]] = []
    for s, e in good:  # "định kỳ" + "hằng quý", overlapping finds: one phrase
        if merged and s <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def find_deadline(text: str, document_date: dt.date | None = None) -> Deadline | None:
    """The first phrase of ``text`` that says when or how often the work is due (SPEC), or None.
    "theo quy định", "kịp thời", "khẩn trương" and times inside names are none."""
    spans = _time_spans(text, document_date)
    if not spans:
        return None
    s, e = spans[0]
    raw = text[s:e].strip(" ,;.")
    return parse_deadline(raw, document_date)


def time_field(text: str, document_date: dt.date | None = None) -> Deadline | None:
    """The deadline an item's time field states ("Thời gian thực hiện: Đã hoàn thành xong từ tháng 3/2025",
    "Thời gian thực hiện: Các đơn vị khi có thay đổi nhân sự …" → on_event), or None."""
    for m in TIME_FIELD.finditer(text):
        value = m["value"].strip(" .;")
        spans = _time_spans(value, document_date)
        d = parse_deadline(value[spans[0][0]:spans[0][1]] if spans else value, document_date)
        if d.kind == "unspecified" and re.search(r"(?<!\w)khi(?!\w)", low(value)):
            d = Deadline(raw=value, kind="on_event")  # "… khi có thay đổi nhân sự": when it happens
        elif d.kind != "unspecified":
            d = replace(d, raw=value)
        if d.kind != "unspecified":
            return d
    return None


# Products an item asks for (SPEC `evidence`): the thing after a verb of making or sending.
_EVIDENCE = re.compile(
    r"(?<!\w)(?:xây\s+dựng|ban\s+hành|lập|gửi|trình|hoàn\s+thiện|tổng\s+hợp,?\s+báo\s+cáo|báo\s+cáo)\s+"
    r"(?P<p>(?:kế\s+hoạch|báo\s+cáo|đề\s+án|dự\s+toán|quy\s+chế|quy\s+định|chương\s+trình|dự\s+thảo|văn\s+bản|tờ\s+trình)"
    r"(?:\s+(?!(?:và|để|theo|gửi|trình|báo|trước|cho|của|tại|về)\b)[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ0-9]+){0,3})", re.IGNORECASE)
_REPORTS = re.compile(r"(?<!\w)báo\s+cáo\s+(?:kết\s+quả|tình\s+hình|định\s+kỳ|tiến\s+độ|Chủ\s+tịch|Ủy\s+ban|UBND|Sở|Bộ|Thủ\s+tướng)")


def find_evidence(text: str) -> tuple[str, ...]:
    """The products ``text`` asks for when it names them ("xây dựng kế hoạch …", "báo cáo …"), in order."""
    out: list[str] = []
    for m in _EVIDENCE.finditer(text):
        p = " ".join(m["p"].split())
        if low(p) not in map(low, out):
            out.append(p)
    if not out and _REPORTS.search(text):
        out.append("báo cáo")
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Openers
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Opener:
    pos: int          # where the clause (with its frame) starts
    lead: list[str]
    lead_end: int
    verb: int
    how: str
    support: list[str] = field(default_factory=list)
    support_end: int = 0


def _sentence_end(text: str, pos: int) -> int:
    m = re.search(r"\.\s+(?=[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ\"“])|\n|$", text[pos:])
    return pos + m.start()


def _after_frames(text: str, pos: int, end: int) -> list[int]:
    out = [pos]
    p = pos
    for _ in range(3):
        m = FRAME.match(text, p, end)
        if not m:
            break
        p = m.end()
        out.append(p)
    return out


def _opener_at(text: str, pos: int, end: int, *, mid: bool = False, known: Sequence[str] = ()) -> _Opener | None:
    """An assignment opening at ``pos`` (after optional frames), or None. Mid-sentence, and after a frame
    (whose comma may fall inside a list: "Căn cứ … của Đoàn Kiểm tra, Bộ Công an tại …"), a subject needs
    a verb."""
    f = low(text)
    for p in _after_frames(text, pos, end):
        strict = mid or p != pos
        seg = text[p:end]
        if not seg.strip():
            return None
        if PREAMBLE.match(seg) and not re.match(r"^Căn\s+cứ\b[^;]*?,\s+\S", seg):
            return None
        if OBJECTIVE.match(seg) or NONTASK_START.match(seg) or NOT_ASSIGNING.search(seg[:200]):
            return None
        m = _object_verb().match(f, p, end)
        if m and (not mid or f.startswith("giao ", p)) and (p == 0 or not text[p - 1].isalnum()):
            got = read_list(text, m.end(), end, known=known)
            if got:
                return _Opener(pos, got[0], got[1], got[2], "object:" + " ".join(m.group(0).split()))
            continue
        if not opens_body(seg):
            continue
        got = read_list(text, p, end, known=known)
        if not got:
            continue
        pieces, lend, verb = got
        if _PAST.match(text, verb):
            return None  # "X đã tham mưu …": a report
        if re.match(r"(?:có\s+thẩm\s+quyền|có\s+quyền)(?!\w)", text[verb:verb + 20]) or not text[verb:end].strip(" ;.,:"):
            return None  # a power ("X có thẩm quyền xử phạt …"), or a list with no predicate
        # the issuer as subject of an object verb: "UBND tỉnh giao Sở X …", "Chủ tịch … yêu cầu X …"
        m2 = _object_verb().match(f, verb)
        if m2:
            got2 = read_list(text, m2.end(), end, known=known)
            if got2:
                return _Opener(pos, got2[0], got2[1], got2[2], "issuer+object:" + " ".join(m2.group(0).split()))
        if strict and not _subject_verb_at(f, verb) and (mid or not _subject_verbs().search(f, verb, min(end, verb + 80))):
            # mid-sentence a new subject needs a verb: of the vocabulary, else one the tagger reads as V
            words = tagged(text[verb:verb + 30])
            if not (words and words[0].start == 0 and words[0].tag == "V" and pieces and
                    all(gazetteer.canonical_body(expand_abbreviations(strip_post(x)[1] or x)) for x in pieces)):
                return None
        return _Opener(pos, pieces, lend, verb, "subject")
    return None


@cache
def _subject_verbs() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alt(phrases('lead_subject') + phrases('subject_adjunct') + phrases('lead_is'))})(?!\w)")


def _subject_verb_at(f: str, pos: int) -> bool:
    return _subject_verbs().match(f, pos) is not None


def _clause_starts(text: str) -> list[tuple[int, bool]]:
    """Where a clause may open: (offset, mid-sentence?)."""
    out = [(0, False)]
    lab = LABEL.match(text)
    if lab:
        out.append((lab.end(), False))
    for m in re.finditer(r"\n", text):
        lab = LABEL.match(text, m.end())
        if lab:
            out.append((lab.end(), False))
    for m in re.finditer(r"(?:;|\.|:)\s+|\n+\s*", text):
        out.append((m.end(), False))
    for m in re.finditer(r",\s+(?:đồng\s+thời\s+)?|\s+(?:và|đồng\s+thời)\s+", text):
        out.append((m.end(), True))
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”\n]{0,300}”|\"[^\"\n]{0,300}\"", text)]
    seen, res = set(), []
    for p, mid in sorted(out):
        if p in seen or p >= len(text) or any(a < p < b for a, b in quoted):
            continue  # inside quotes stands a title ("Đề án “… Ủy ban nhân dân tỉnh …”"), never a clause
        seen.add(p)
        res.append((p, mid))
    return res


def _support(text: str, start: int, end: int, known: Sequence[str] = ()) -> tuple[list[str], int]:
    """Support bodies in text[start:end] and where the last support list ends."""
    f = low(text)
    out: list[str] = []
    last = start
    hand = None
    for m in _hands_on_re().finditer(f, start, end):
        after = text[m.end():end]
        if starts_agency(after) or _post_re().match(after):
            hand = m.start()  # "chỉ đạo X phối hợp với Y": X and Y are neither
            break
    limit = hand if hand is not None else end
    for m in _support_re().finditer(f, start, limit):
        after = text[m.end():end]
        bare = not re.search(r"(?:với|cùng|của)\s+$", m.group(0))
        if not opens_body(after, lower_ok=not bare) or (bare and not after[:1].isupper()):
            continue
        got = read_list(text, m.end(), end, need_verb=False, known=known)
        if got:
            out += [p for p in got[0] if p not in out]
            last = max(last, got[1])
    for m in CHAIR.finditer(text, start, end):
        got = read_list(text, m.start(1), m.end(1) + 1, need_verb=False, known=known)
        if got:
            out += [p for p in got[0] if p not in out]
    return out, last


def _continues_list(text: str, pos: int) -> bool:
    """Does the body at ``pos`` (after ", " or " và ") continue a list of bodies that some word before it
    governs ("đôn đốc các phòng, ban, UBND các xã thực hiện …", "việc được Sở Y tế, Sở Tài chính đề xuất",
    "do Bộ Tài chính, Bộ Xây dựng quy định")? Then it is that word's object, not a new subject."""
    before = re.sub(r"(?:\s*,|\s+và|\s+đồng\s+thời)\s*$", "", text[:pos])
    boundary = max(before.rfind(c) for c in ".;:\n")
    lo = max(boundary + 1, len(before) - 300)
    for m in re.finditer(r"(?<!\S)\S", before[lo:]):
        s = lo + m.start()
        if not (text[s:s + 1].isupper() or re.match(r"(?:các|những)\s", text[s:s + 6])):
            continue
        if _bodies_of(before[s:]) is not None:
            return bool(before[lo:s].strip())  # a word before the list governs it
    return False


def _in_list_after_verb(text: str, verb: int, pos: int) -> bool:
    """Is ``pos`` inside the object list of a verb that follows the previous opener ("báo cáo UBND
    tỉnh, Bộ X kết quả …", "phối hợp với Bộ A, Bộ B …")?"""
    between = low(text[verb:pos])
    last = None
    for last in re.finditer(_hands_on_re().pattern + "|" + _support_re().pattern, between):
        pass
    if last is None:
        return False
    after = text[verb + last.end():pos].rstrip(" ,")
    if not after or not opens_body(after) or not after[:1].isupper() and not after.startswith(("các ", "những ")):
        return False
    pieces = split_bodies(after)
    return bool(pieces) and all(is_body(p) for p in pieces)


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------


def refusal(text: str) -> str | None:
    """Why the whole item ``text`` holds no assignment, or None."""
    body = _unlabel(text)
    first = body.split("\n", 1)[0]
    if HEADING_NOT_TASK.match(body) and not re.match(r"^Yêu[ \t]+cầu[ \t]+(?![:\n])(?!chung)\S", body):
        return "heading of purposes, requirements or a report"
    if re.fullmatch(r"[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ ,\-–]+", first.strip()) and len(first) < 120 and "\n" not in body:
        return "heading in capitals"
    if NONTASK_START.match(first):
        return "approval, issue or set-up clause"
    if PREAMBLE.match(first) and (first.rstrip().endswith(";") or
                                  not re.match(r"^Căn\s+cứ\b[^;]*?,\s+(?=\S)(?!\S+\s+(?:ngày|tháng|năm)\b)", first)):
        return "legal basis or preamble"  # "Căn cứ …;" is a basis; "Căn cứ Kế hoạch này, X …" frames a task
    if EFFECT.search(first) and len(first) < 400 and not re.search(r"(?:chủ trì|có trách nhiệm|phối hợp)", first):
        return "effect clause"
    if EXECUTION.search(first) or EXECUTION.search(body[:_run_end(body, 0)].replace("\n", " ")):
        return "execution clause"
    if CLOSING.search(first) and not re.search(r"(?:chủ trì|có trách nhiệm|phối hợp với|báo cáo|tổng hợp)", first):
        return "closing: … biết, thực hiện"
    head = re.match(r"^([^:\n]{3,150}):\s*\S", body)
    if body.rstrip().endswith(":") and "\n" not in body.strip() and not re.search(r";\s|\.\s", body.strip()[:-1]) \
            and not (head and opens_body(head.group(1)) and _bodies_of(head.group(1)) is not None):
        return "lead-in ending in ':' (its items carry the tasks)"  # not "Sở X: Phụ trách … :", a body's own item
    if NOT_ASSIGNING.search(first):
        return "definition"
    if first.startswith(("“", '"')) or re.search(r"(?:Sửa\s+đổi|Bổ\s+sung)[^.;]{0,80}như\s+sau\s*:\s*$", body):
        return "amended text quoted, or an amendment's lead-in"
    if re.search(r"\.{5,}|…{3,}", first):
        return "form to fill in"
    if ISSUING.match(first):
        got = read_list(first, 0)
        if got and re.match(r"\s*ban\s+hành", first[got[1]:]):
            return "issuing formula"
    return None


def heading_bodies(text: str) -> tuple[str, ...]:
    """The bodies a heading gives the items below it, as printed: "Trách nhiệm của X:", "Nhiệm vụ, quyền
    hạn của X:", "X có trách nhiệm:", "X:" (a heading that is only a body); () for any other heading."""
    first = _unlabel(text).split("\n", 1)[0].strip()
    m = re.match(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ(?:,?\s*(?:và\s+)?quyền\s+hạn)?)\s+(?:của\s+)?(.+?)\s*:?$", first)
    if m and opens_body(m.group(1)):
        got = read_list(m.group(1), 0, need_verb=False)
        if got:
            return tuple(got[0])
    m = re.match(r"^(.+?)\s+(?:có|chịu)\s+(?:trách\s+nhiệm|nhiệm\s+vụ)(?:\s+(?:sau|như\s+sau|sau\s+đây))?\s*:$", first)
    if m and opens_body(m.group(1)):
        got = read_list(m.group(1), 0, need_verb=False)
        if got and got[1] >= len(m.group(1).rstrip()) - 1:
            return tuple(got[0])
    m = re.match(r"^(.+?)\s*:$", first)
    if m and opens_body(m.group(1)) and not _PLURAL_HEAD.match(m.group(1)):
        got = read_list(m.group(1), 0, need_verb=False)
        if got and got[1] >= len(m.group(1).rstrip()) - 1:
            return tuple(got[0])
    return ()


def _headed(text: str, known: Sequence[str] = ()) -> Assignment | None:
    """A body-headed item: one assignment of its whole text."""
    lab = LABEL.match(text)
    off = lab.end() if lab else 0
    body = text[off:]
    first = body.split("\n", 1)[0]
    m = ROLE_LABELS.match(body)
    if m:
        lead = _bodies_of(m["lead"])
        sup = [s for s in split_bodies(m["support"]) if is_body(s)] if m["support"] else []
        if lead:
            return Assignment(start=0, end=len(text), opener=off, lead=tuple(lead), support=tuple(sup), how="headed:role labels")
    m = re.match(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ(?:,\s*quyền\s+hạn)?)\s+của\s+(.+?)\s*:\s*$", first)
    if m and "\n" in body:
        got = read_list(text, off + m.start(1), off + m.end(1), need_verb=False, known=known)
        if got:
            return Assignment(start=0, end=len(text), opener=off, lead=tuple(got[0]), how="headed:trách nhiệm của")
    if "\n" in body and ":" not in first and not re.search(r"[.;,]$|\svà$", first.strip()) and \
            (not first.isupper() or gazetteer.canonical_body(expand_abbreviations(first.title()))):
        # a first line that is only a body ("3. Tổng cục Hậu cần - Kỹ thuật" + its points); a section
        # title in capitals reads as an acronym ("KINH PHÍ THỰC HIỆN") and is none
        got = read_list(text, off, off + len(first), need_verb=False, known=known)
        if got and got[1] >= off + len(first.rstrip()) - 1:
            return Assignment(start=0, end=len(text), opener=off, lead=tuple(got[0]), how="headed:line")
    colon = first.find(":")
    if colon > 0:
        head = first[:colon].strip()
        lines = [ln for ln in body.split("\n")[1:] if ln.strip()]
        got = None
        if not _PLURAL_HEAD.match(head) and not _object_verb().match(low(head) + " ") \
                and not HEADING_NOT_TASK.match(head + ":"):
            got = read_list(text, off, off + colon, need_verb=False, known=known)
        if got and got[1] >= off + len(first[:colon].rstrip()) - 1:
            # the head is a body; its item is its own unless the lines below name bodies of their own
            own = any(opens_body(_unlabel(ln)) and (
                re.search(r":\s*$", ln) or _opener_at(ln, len(ln) - len(_unlabel(ln)), len(ln), known=known)) for ln in lines)
            if not own:
                if not text[off + colon + 1:].strip():
                    return None
                return Assignment(start=0, end=len(text), opener=off, lead=tuple(got[0]), how="headed:colon")
        m = re.match(r"^(.+?)\s+(?:có|chịu)\s+(?:trách\s+nhiệm|nhiệm\s+vụ)(?:\s+(?:sau|như\s+sau|sau\s+đây))?\s*$", head)
        if m and "\n" in body:
            got = read_list(text, off, off + m.end(1), need_verb=False, known=known)
            if got:
                return Assignment(start=0, end=len(text), opener=off, lead=tuple(got[0]), how="headed:có trách nhiệm")
    return None


def _line_supports(text: str, lead: Sequence[str], known: Sequence[str] = ()) -> tuple[str, ...]:
    """Support gathered point by point (a point hands work on only within itself)."""
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        out += [x for x in _support(text, pos, pos + len(line), known)[0] if x not in out and x not in lead]
        pos += len(line) + 1
    return tuple(out)


def find_assignments(text: str, *, default_lead: Sequence[str] = (), known: Sequence[str] = (), merge: bool = True
                     ) -> tuple[Assignment, ...]:
    """The assignments of one body item (see the module docstring for what holds afterwards).

    ``text`` is the item as normalised text (``extract.normalize``), its own label taken off or not,
    points and bullets on lines of their own with their labels. ``default_lead`` holds the bodies a
    heading above the item gives it ("Trách nhiệm của X:" … "2. <duties>"): an item that is no
    refusal and names no body of its own is their assignment. ``merge=False`` keeps assignments of one
    lead apart (a caller that places their texts itself merges them with ``merge_same_lead``)."""
    if not text.strip() or refusal(text):
        return ()
    headed = _headed(text, known)
    if headed is not None:
        if not headed.support:
            headed = replace(headed, support=_line_supports(text, headed.lead, known))
        return (headed,)
    openers = _openers(text, known)
    if not openers:
        if default_lead and _is_action(text):
            return (Assignment(start=0, end=len(text), opener=0, lead=tuple(default_lead),
                               support=_line_supports(text, default_lead, known), how="heading"),)
        return ()
    found: list[Assignment] = []
    for i, op in enumerate(openers):
        stop = openers[i + 1].pos if i + 1 < len(openers) else len(text)
        found.append(Assignment(start=0 if i == 0 else op.pos, end=stop, opener=op.pos, lead=tuple(op.lead),
                                support=tuple(op.support), how=op.how))
    return merge_same_lead(found) if merge else tuple(found)


def merge_same_lead(found: Sequence[Assignment]) -> tuple[Assignment, ...]:
    """One body given several actions in one item is one assignment: those with the same lead (by
    canonical name) are merged, in the place of the first."""
    merged: list[Assignment] = []
    for a in found:
        key = _lead_key(a.lead)
        k = next((i for i, m in enumerate(merged) if _lead_key(m.lead) == key), None)
        if k is None:
            merged.append(a)
            continue
        m = merged[k]
        merged[k] = replace(m, start=min(m.start, a.start), end=max(m.end, a.end),
                            support=m.support + tuple(s for s in a.support if s not in m.support))
    return tuple(merged)


def _lead_key(lead: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(gazetteer.fold_key(body_agency(x).name) for x in lead))


# A clause that is an action with no subject ("Tham mưu …", "Chỉ đạo …", "Kiểm tra …"): under a heading
# that names its body, an item of duties starts with its verb (Quyết định "Nhiệm vụ của Tổ công tác: 1. …").
def _is_action(text: str) -> bool:
    body = _unlabel(text).strip()
    if not body or OBJECTIVE.match(body) or HEADING_NOT_TASK.match(body):
        return False
    words = tagged(body[:40])
    return bool(words) and words[0].start == 0 and (words[0].tag == "V" or _subject_verb_at(low(body), 0))


def _openers(text: str, known: Sequence[str] = ()) -> list[_Opener]:
    openers: list[_Opener] = []
    consumed = 0
    sentence = 0  # where the clause a mid-sentence opener stands in began
    for pos, mid in _clause_starts(text):
        if not mid:
            sentence = pos
        if pos < consumed or (mid and not _MID_OPENS.match(text, pos)):
            continue  # after ", " a lower-case word that is no class, post, object verb or frame opens nothing
        end = _sentence_end(text, pos)
        seg = text[pos:end]
        if EXECUTION.search(seg) or (EFFECT.search(seg) and not mid) or (CLOSING.search(seg) and not mid):
            consumed = end
            continue
        run = _run_end(text, pos)  # the closing clauses may wrap onto an unlabelled line (a scan's line breaks)
        if run > end and (EXECUTION.search(text[pos:run].replace("\n", " ")) or
                          (CLOSING.search(text[pos:run].replace("\n", " ")) and not mid)):
            consumed = run
            continue
        semi = text.find(";", pos, end)
        cseg = text[pos:semi] if semi >= 0 else seg
        if cseg.rstrip().endswith(":") and (LEADIN.search(cseg) or not text[pos + len(cseg):].strip()):
            lead_in = _opener_at(text, pos, end, mid=mid, known=known) if text[end:].strip() else None
            if lead_in is not None and not _own_bodies_below(text, end, lead_in.lead, known):
                # "X yêu cầu Y thực hiện các nội dung sau:" + points that name no other body: one task of Y
                lead_in.support, lead_in.support_end = _support(text, lead_in.lead_end, end, known)
                openers.append(lead_in)
                return openers
            consumed = end
            continue  # "trong đó, X, Y thực hiện một số nhiệm vụ cụ thể sau:": a lead-in, its items the tasks
        if not mid and re.match(r"Ngày\s+\d{1,2}\b", seg):
            consumed = end  # "Ngày 23 tháng 3 năm 2024, Thủ tướng … chủ trì buổi làm việc …": a report of a meeting
            continue
        if not mid and OBJECTIVE.match(seg):
            consumed = end  # "Phấn đấu …; trong đó, X …": an objective, its sentence names no assignment
            continue
        op = _opener_at(text, pos, end, mid=mid, known=known)
        if op is None:
            continue
        if mid and (_in_list_after_verb(text, openers[-1].verb if openers else 0, pos) or _continues_list(text, pos)):
            continue
        # "A chủ trì; B, C phối hợp …": B and C support A's task
        if openers and re.match(r"phối\s+hợp(?!\s+(?:với|cùng))", text[op.verb:op.verb + 20]) and \
                re.search(r"chủ\s+trì\s*[;,]?\s*$", text[openers[-1].lead_end:pos]):
            openers[-1].support += [x for x in op.lead if x not in openers[-1].support]
            consumed = op.lead_end
            continue
        if mid and sentence >= consumed and (not openers or openers[-1].pos < sentence) and \
                FRAME.match(text, sentence, pos) and ";" not in text[sentence:pos]:
            # a frame whose commas run past the first ("Trên cơ sở chỉ tiêu … trong quy hoạch, kế hoạch …
            # đến năm 2030 … được điều chỉnh, bổ sung …, Bộ X chủ trì …") opens the clause with its subject
            op.pos = sentence
        op.support, op.support_end = _support(text, op.lead_end, _sentence_end(text, op.lead_end), known)
        listed = _SUPPORT_LIST_BELOW.search(text, op.lead_end, _sentence_end(text, op.lead_end) + 1)
        if listed and (got := read_list(text, listed.end(), need_verb=False, known=known)):
            # "Sở X chủ trì, phối hợp với:" + the partners on the next line: support, not a new task
            op.support += [x for x in got[0] if x not in op.support]
            op.support_end = got[1]
        openers.append(op)
        consumed = max(op.lead_end, op.support_end)
    return openers


# What may open a clause after ", " or " và ": a capital (a body, a post, a frame), a class ("các …"), a post
# in lower case, the object verb "giao", or a frame in lower case ("trong quá trình …, X …").
_MID_OPENS = re.compile(r"[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ\d]|(?:các|những|giao|thủ|người|trong|trên|căn|theo|nếu|khi|sau|trước|để|đối|định|hằng|"
                        r"hàng|đồng|ngoài|bên|chậm|năm|kể|thời|giải|về|quá|trường|chủ|phó)(?!\w)")


# A support marker that ends its line with a colon: the partners follow on the next line.
_SUPPORT_LIST_BELOW = re.compile(r"(?:phối\s+hợp(?:\s+chặt\s+chẽ)?\s+(?:với|cùng)|cùng\s+với)\s*:\s*\n(?:\s*[-+•]\s*)?")


def _run_end(text: str, pos: int) -> int:
    """The end of the sentence at ``pos`` across lines that do not open with a label."""
    for m in re.finditer(r"\.\s+(?=[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ\"“])|\n", text[pos:]):
        if m.group(0) != "\n" or LABEL.match(text, pos + m.end()) and LABEL.match(text, pos + m.end()).end() > pos + m.end():
            return pos + m.start()
    return len(text)


def _own_bodies_below(text: str, start: int, lead: Sequence[str], known: Sequence[str] = ()) -> bool:
    """Do the lines after a lead-in give work to bodies other than the lead-in's own (then the lead-in only
    hands its items out, SPEC)? Bodies named in the lead-in again ("Các phòng, ban …" under "yêu cầu các
    phòng, ban …") are its own."""
    keys = {_class_key(x) for x in lead}
    for op in _openers(text[start:], known) if text[start:].strip() else ():
        if not {_class_key(x) for x in op.lead} <= keys:
            return True
    return False


def _class_key(raw: str) -> tuple[str, ...]:
    """A body's key with the units of a class in any order ("UBND các phường, xã" = "UBND các xã, phường")."""
    key = gazetteer.fold_key(body_agency(raw).name)
    m = re.match(r"^(.*?\bcac\s+)(.+)$", key)
    return (m.group(1), *sorted(p.strip() for p in m.group(2).split(","))) if m else (key,)


def names_in(text: str) -> Mapping[str, str]:
    """Short names and abbreviations a document defines for bodies: "Ban Chỉ đạo phòng, chống thiên tai
    tỉnh (sau đây gọi tắt là Ban Chỉ đạo)", "Ban Quản lý dự án (Ban QLDA)". Keys are the short forms, values the
    full names: from the last word before the brackets that opens the short form too."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        short = " ".join(m["short"].split())
        head = short.split()[0]
        before = text[max(0, m.start() - 200):m.start()].rstrip()
        at = max((h.start() for h in re.finditer(rf"(?<!\w){re.escape(head)}(?!\w)", before)), default=None)
        if at is None:
            continue
        full = " ".join(before[at:].split())
        if full != short and opens_body(full) and len(full.split()) <= 20:
            out.setdefault(short, full)
    return out


# "(sau đây gọi tắt là Ban Chỉ đạo)", "(Ban QLDA)": a short form given in brackets after a name.
_DEFINED = re.compile(r"\((?:sau\s+đây\s+)?(?:được\s+)?(?:gọi\s+(?:tắt\s+)?là\s+|viết\s+tắt\s+là\s+)?"
                      r"(?P<short>[A-ZĐ][\w&-]*(?:\s+[\w&-]+){0,3})\)")
