"""Context repair of OCR'd Vietnamese: a syllable that is a word, but not the word where it stands.

Tesseract drops and swaps diacritics on scans, and some of its misreadings are still syllables ("vê" for
"về", "đên" for "đến", "Luật Đâu tư" for "Luật Đầu tư", "chính quyên" for "chính quyền"): the syllable
repair (``extract.scan.repair``) cannot see them, the syllables beside them can. Each syllable is weighed
against its *mark variants*, the syllables with the same base letters once tone, vowel marks and the bar of
"đ" are taken away, by syllable bigram counts of real legal text (``extract/data/syllable_counts.tsv``,
built by ``pipelines/tools/build_syllable_counts.py``), and moved only when its neighbours strongly prefer a variant.

How a reading ``v`` of the syllable between units ``a`` and ``b`` is weighed: P(v | a) · P(b | v)
(absolute discounting interpolated with unigrams), times the chance that OCR turned ``v`` into what it read
(``channel_cost``), times, for a capital inside a sentence, how often ``v`` is written so. Repair goes in
rounds, most certain change first, so that a repaired syllable is the context of the next ("theo quy đinh
cua pháp luật"). A token that is no syllable only because Tesseract put a look-alike character in it
("Ìÿ" for "lý") is weighed as the syllable it reads as.

After ``repair_in_context(tokens, model)`` (``tokens`` NFC with one tone placement, as the reading
boundary guarantees), the following hold:
- there are as many tokens as before, each as long as before, with its punctuation unchanged;
- a changed token's core was letters only, spelt as a syllable whose base letters the counts know (or
  read as one through a look-alike), and is now a syllable of the counts; numbers, codes ("123/KH-UBND",
  "UBND") and the cores of ``keep`` never change;
- a changed token keeps the case of each letter ("ĐÂU" → "ĐẦU", "Đâu" → "Đầu");
- a syllable with neither a counted syllable nor a number beside it is never changed.

The module is pure: the model is passed in (``context_model``, loaded once per process), and only
memoises its weighings.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from .. import data
from .repair import syllable_parts

COUNTS_FILE = "syllable_counts.tsv"

# Units standing for what is not a Vietnamese syllable: punctuation and line edges, a token with a digit
# (numbers, dates, "63/2025/QH15"), any other word (codes "UBND", "NĐ-CP", loanwords "email").
PUNCT, NUMBER, OTHER = "<p>", "<n>", "<x>"
BOUNDARIES = frozenset((PUNCT, NUMBER, OTHER))

# ----------------------------------------------------------------------------- syllables

_TONE_OF = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}  # huyền sắc ngã hỏi nặng
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
# The vowel groups of Vietnamese spelling (tone marks removed), longest first.
_NUCLEI = ("iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu "
           "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
           "a ă â e ê i o ô ơ u ư y").split()
_SHAPE = re.compile(rf"^{_ONSET}(?:{'|'.join(_NUCLEI)})(?P<coda>ch|nh|ng|[cmnpt])?$")
_LETTERS = re.compile(r"^[^\W\d_]+$")
_EDGE = re.compile(r"^(?P<pre>\W*)(?P<core>.*?)(?P<post>\W*)$", re.DOTALL)


@lru_cache(maxsize=1 << 16)
def is_syllable(low: str) -> bool:
    """Is ``low`` (lower case, NFC) spelt as a Vietnamese syllable: onset, vowel group, final, one tone,
    and only sắc or nặng before a final c, ch, p or t?

    >>> is_syllable("quyền"), is_syllable("nghiêng"), is_syllable("email"), is_syllable("bất"), is_syllable("bầt")
    (True, True, False, True, False)
    """
    nfd = unicodedata.normalize("NFD", low)
    tones = [c for c in nfd if c in _TONE_OF]
    if len(tones) > 1:
        return False
    match = _SHAPE.match(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_OF)))
    if match is None:
        return False
    return not (match["coda"] in ("c", "ch", "p", "t") and tones and _TONE_OF[tones[0]] not in (2, 5))


def split_edges(token: str) -> tuple[str, str, str]:
    """``token`` as (punctuation before, core, punctuation after): "(Đầu," → ("(", "Đầu", ",")."""
    match = _EDGE.match(token)
    assert match is not None  # every part of the pattern may be empty
    return match["pre"], match["core"], match["post"]


def is_title(core: str) -> bool:
    """Is ``core`` written with a capital first letter and small letters after it ("Đầu", "Sở")?"""
    return core[:1].isupper() and core[1:] == core[1:].lower()


def _core_unit(core: str) -> str:
    """The unit of a token's core: its lower-case syllable, ``NUMBER`` or ``OTHER``."""
    if any(c.isdigit() for c in core):
        return NUMBER
    if _LETTERS.match(core) and is_syllable(low := core.lower()):
        return low
    return OTHER


def line_units(line: str, capitals: Counter[str] | None = None) -> list[str]:
    """The units of one line of text as the counts count them: syllables and boundary units, a
    ``PUNCT`` at either edge and for punctuation at a token's edge, runs of ``PUNCT`` as one.
    ``capitals`` (if given) counts the syllables written with a capital inside a sentence (not first
    in the line, not after punctuation).

    >>> caps = Counter(); line_units("Căn cứ Luật Đầu tư số 61/2020/QH14; (UBND)", caps)
    ['<p>', 'căn', 'cứ', 'luật', 'đầu', 'tư', 'số', '<n>', '<p>', '<x>', '<p>']
    >>> sorted(caps)
    ['luật', 'đầu']
    """
    out = [PUNCT]
    for token in line.split():
        pre, core, post = split_edges(token)
        if pre and out[-1] != PUNCT:
            out.append(PUNCT)
        if not core:
            continue
        unit = _core_unit(core)
        if capitals is not None and unit not in BOUNDARIES and out[-1] != PUNCT and is_title(core):
            capitals[unit] += 1
        out.append(unit)
        if post:
            out.append(PUNCT)
    if out[-1] != PUNCT:
        out.append(PUNCT)
    return out


# ----------------------------------------------------------------------------- the channel

# What it costs (natural log, against a lost mark at 0) to read the printed syllable as the one read. Set
# a priori, not fitted: Tesseract mostly *loses* marks on scans ("vê", "đên", "quyên"); halving or doubling
# all of them moved restoration of simulated damage on held-out legal text by < 0.3 point.
COST_TONE_SWAP = 1.0      # one tone read as another ("kiếm" for "kiểm", repair.py's commonest misreading)
COST_TONE_ADDED = 2.0     # a tone read where none was printed ("Chỉ trả" for "Chi trả", dev scans)
COST_MARK_ADDED = 2.0     # a vowel mark read where none (or another) was printed
COST_BAR_ADDED = 2.0      # "d" read as "đ" ("xây đựng", the rough Cà Mau 43 scan)
COST_EXTRA_EDIT = 1.5     # each mark edit beyond the first: two damaged marks on one syllable are rarer
MAX_EDITS = 3             # "dau" for "đầu" (bar, circumflex, tone) is the most one misreading takes


def channel_cost(read: str, printed: str) -> float:
    """-log P(OCR reads ``printed`` as ``read``), up to the cost of a lost mark (0); inf when their
    base letters differ or more than ``MAX_EDITS`` marks do.

    >>> channel_cost("vê", "về"), channel_cost("chỉ", "chi"), channel_cost("dau", "đầu"), channel_cost("tra", "trợ")
    (0.0, 2.0, 3.0, inf)
    """
    pr, pp = syllable_parts(read), syllable_parts(printed)
    if pr.key != pp.key:
        return math.inf
    cost, edits = 0.0, 0
    if pr.tone != pp.tone:
        edits += 1
        if pr.tone and not pp.tone:
            cost += COST_TONE_ADDED
        elif pr.tone:
            cost += COST_TONE_SWAP
    for mr, mp in zip(pr.marks, pp.marks):
        sr, sp = set(mr), set(mp)
        if sr == sp:
            continue
        edits += len(sr ^ sp)
        if not sr < sp:                          # a mark read that was not printed (not only marks lost)
            cost += COST_BAR_ADDED if "stroke" in sr ^ sp else COST_MARK_ADDED
    if edits > MAX_EDITS:
        return math.inf
    return cost + COST_EXTRA_EDIT * max(0, edits - 1)


# ----------------------------------------------------------------------------- the model

# Absolute discount of a seen bigram, the usual value (0.5 and 0.9 moved held-out restoration by < 0.1 point).
DISCOUNT = 0.75
# Pseudo-count of the corpus-wide share of capitals a syllable's own share is smoothed with (10: no change).
CAPITAL_PSEUDO = 2.0


@dataclass(frozen=True, slots=True)
class Variant:
    """A reading of a syllable as read, and exp(-``channel_cost``) of misreading it so."""

    syllable: str
    weight: float


@dataclass(frozen=True, slots=True)
class ContextModel:
    """Syllable counts of legal text, arranged for weighing (``model_from_counts``).

    P(x | a) = (max(c(a x) - d, 0) + d · N(a ·) · P(x)) / c(a): absolute discounting interpolated with
    the unigram P(x) = (c(x) + ½) / (total + ½ · types), N(a ·) the distinct units seen after ``a``."""

    unigrams: dict[str, int]                      # unit → count
    followers: dict[str, dict[str, int]]          # a → {b: c(a b)}
    prob: dict[str, float]                        # unit → P(unit)
    unseen_p: float                               # P(x) of a unit never counted
    back: dict[str, float]                        # a → d · N(a ·), the back-off mass after a (unnormalised)
    right_of: dict[str, tuple[dict[str, int], float, float]]  # x → (followers, 1 / c(x), d · N(x ·) / c(x))
    by_key: dict[str, tuple[str, ...]]            # base letters → the counted syllables with them
    capital: dict[str, float]                     # x → P(x is written with a capital inside a sentence)
    capital_prior: float                          # the same for a syllable never counted
    family_names: frozenset[str] = frozenset()    # as printed ("Nguyễn", "Đỗ"): a capitalised run they open is a name
    # memos, emptied when full (legal text repeats its phrases: a scan's later pages are mostly hits)
    _variants: dict[str, tuple[Variant, ...]] = field(default_factory=dict, repr=False)
    _weighed: dict[tuple[str, str, str, bool], tuple[str, float, float, float]] = field(
        default_factory=dict, repr=False)
    _tokens: dict[str, tuple[str, str, str, str, tuple[str, str] | None]] = field(default_factory=dict, repr=False)

    def variants(self, low: str) -> tuple[Variant, ...]:
        """The counted syllables ``low`` could be a misreading of (itself left out)."""
        found = self._variants.get(low)
        if found is None:
            found = tuple(Variant(v, math.exp(-cost)) for v in self.by_key.get(syllable_parts(low).key, ())
                          if v != low and (cost := channel_cost(low, v)) < math.inf)
            self._variants[low] = found
        return found


def model_from_counts(text: str, family_names: Iterable[str] = ()) -> ContextModel:
    """The model of a counts file's ``text`` (as ``pipelines/tools/build_syllable_counts.py`` writes it: '#'
    comments, ``[unigrams]`` lines "unit, count, distinct followers, times capitalised inside a
    sentence", ``[bigrams]`` lines "first, then 'second count' pairs"), tab-separated."""
    unigrams: dict[str, int] = {}
    n_followers: dict[str, int] = {}
    capitals: dict[str, int] = {}
    followers: dict[str, dict[str, int]] = {}
    section = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip()
            continue
        row = line.split("\t")
        if section == "[unigrams]":
            unigrams[row[0]], n_followers[row[0]], capitals[row[0]] = int(row[1]), int(row[2]), int(row[3])
        elif section == "[bigrams]":
            followers[row[0]] = {b: int(c) for b, _, c in (item.rpartition(" ") for item in row[1:])}
    norm = sum(unigrams.values()) + 0.5 * (len(unigrams) + 1)
    syllables = sum(c for u, c in unigrams.items() if u not in BOUNDARIES)
    prior = sum(capitals.values()) / max(1, syllables)
    by_key: dict[str, list[str]] = {}
    for unit in unigrams:
        if unit not in BOUNDARIES:
            by_key.setdefault(syllable_parts(unit).key, []).append(unit)
    return ContextModel(
        unigrams=unigrams, followers=followers,
        prob={u: (c + 0.5) / norm for u, c in unigrams.items()}, unseen_p=0.5 / norm,
        back={u: DISCOUNT * n for u, n in n_followers.items()},
        right_of={u: (followers.get(u, {}), 1.0 / c, DISCOUNT * n_followers[u] / c) for u, c in unigrams.items()},
        by_key={k: tuple(sorted(v)) for k, v in by_key.items()},
        capital={u: (capitals[u] + CAPITAL_PSEUDO * prior) / (c + CAPITAL_PSEUDO) for u, c in unigrams.items()},
        capital_prior=prior, family_names=frozenset(family_names))


@cache
def context_model() -> ContextModel:
    """The model of the shipped counts (``extract/data/syllable_counts.tsv``) and family names, read once
    per process."""
    return model_from_counts(resources.files(data).joinpath(COUNTS_FILE).read_text(encoding="utf-8"),
                             family_names=(row[0] for row in data.read_tsv("family_names.tsv")))


# ----------------------------------------------------------------------------- repair

# A variant replaces the syllable when it is e^5 (×148) likelier: on held-out legal text with simulated
# damage 94.7 % restored and 0.055 % of clean syllables moved (4: 95.1 % / 0.087 %; 6: 94.1 % / 0.044 %).
THRESHOLD = 5.0
# A capital inside a sentence may be a name ("Nguyễn Văn Đê", "Ban bầu cử") and needs e^2 more (held-out:
# 2 fewer clean changes in 147,000 syllables, 0.06 point less restored).
CAPITAL_EXTRA = 2.0
# Names capitalise every syllable ("Phạm Thị Thành Trà"), bodies the first of each part ("Bộ Tài chính"):
# in a run of 3 capitalised words, or 2 opened by a family name ("phố Đỗ Nhuận" became "Độ" on the Phú Thọ
# scan), a syllable needs e^3 more. A priori: held-out text has too few unseen names.
NAME_RUN = 3
NAME_EXTRA = 3.0
# A neighbour seen beside the syllable as read that prefers it by more than e^1 vetoes the change
# ("quản lý thuê bao": "thuê bao" is 3.4 times likelier; at e^2, 47 false "thuế bao" in one held-out document).
SIDE_VETO = 1.0
# Weighings and tokens memoised before a memo is emptied (about 200 bytes each).
_MEMO_SIZE = 200_000

# Characters Tesseract puts for letters of Vietnamese print, on a token that is no syllable ("Quản Ìÿ" for
# "Quản lý": a diaeresis is never Vietnamese, and a capital I with a mark stands where a small l is printed).
_LOOKALIKES = str.maketrans({"ÿ": "ý", "ë": "ê", "ö": "ô", "ü": "ư", "ñ": "n", "ç": "c",
                             "Ÿ": "Ý", "Ë": "Ê", "Ö": "Ô", "Ü": "Ư", "Ñ": "N", "Ç": "C",
                             "ì": "l", "í": "l", "ï": "l", "Ì": "l", "Í": "l", "Ï": "l"})


@dataclass(frozen=True, slots=True)
class Change:
    """One repaired token: its index, the token as read and as repaired, and the log likelihood ratio."""

    index: int
    before: str
    after: str
    log_ratio: float


def _recase(like: str, word: str) -> str:
    """``word`` with the case of each letter of ``like`` (as long as ``word``: a variant of it)."""
    if like.islower():
        return word
    if like.isupper():
        return word.upper()
    return "".join(w.upper() if c.isupper() else w for c, w in zip(like, word))


def _lookalike(core: str) -> str | None:
    """``core`` with Tesseract's stand-ins read back, if that makes a syllable of it ("Ìÿ" → "lý")."""
    fixed = core.translate(_LOOKALIKES)
    return fixed if fixed != core and is_syllable(fixed.lower()) else None


def _token(token: str, model: ContextModel) -> tuple[str, str, str, str, tuple[str, str] | None]:
    """``token`` taken apart: (punctuation before, core, punctuation after, the core's unit, its
    look-alike reading as written and as a unit, if it is no syllable but reads as one). A letter token
    that is no syllable but has variants ("bầt") stands as itself, a unit never counted; one without
    ("UBND", "email") as ``OTHER``."""
    found = model._tokens.get(token)
    if found is not None:
        return found
    pre, core, post = split_edges(token)
    alt = None
    unit = _core_unit(core) if core else PUNCT
    if unit == OTHER and _LETTERS.match(core):
        low = core.lower()
        if (fixed := _lookalike(core)) is not None:
            unit, alt = low, (fixed, fixed.lower())
        elif model.by_key.get(syllable_parts(low).key):
            unit = low
    if len(model._tokens) >= _MEMO_SIZE:
        model._tokens.clear()
    model._tokens[token] = found = (pre, core, post, unit, alt)
    return found


@dataclass(slots=True)
class _Line:
    """A line of tokens as units (as ``line_units`` makes them), and where each token's core stands."""

    units: list[str]
    core_at: list[int]                           # per token: index of its core in ``units``, -1 for none
    parts: list[tuple[str, str, str]]            # per token: (pre, core, post)
    alts: dict[int, tuple[str, str]]             # unit index → look-alike reading (``_token``)


def _split(tokens: Sequence[str], model: ContextModel, keep: Container[str]) -> _Line:
    line = _Line(units=[PUNCT], core_at=[], parts=[], alts={})
    units = line.units
    for token in tokens:
        pre, core, post, unit, alt = _token(token, model)
        line.parts.append((pre, core, post))
        if pre and units[-1] != PUNCT:
            units.append(PUNCT)
        if unit == PUNCT:
            line.core_at.append(-1)
            continue
        if core in keep:
            unit, alt = OTHER, None               # a code of the vocabularies ("TU", "ĐA"): never a syllable
        if alt is not None:
            line.alts[len(units)] = alt
        line.core_at.append(len(units))
        units.append(unit)
        if post:
            units.append(PUNCT)
    if units[-1] != PUNCT:
        units.append(PUNCT)
    return line


def _best_variant(model: ContextModel, a: str, w: str, b: str, variants: tuple[Variant, ...],
                  capital: bool) -> tuple[str, float, float, float]:
    """The best reading of ``w`` between ``a`` and ``b``: (variant, its likelihood ratio to ``w`` with the
    channel, the left ratio, the right ratio), plain numbers. ``capital``: ``w`` is capitalised inside a
    sentence, and each reading is weighed by how often it is written so.

    Left, P(x | a) up to the factor 1 / c(a) all readings share. Right, P(b | x), and no evidence (1)
    when ``b`` was never counted (usually a misreading itself)."""
    key = (a, w, b, capital)
    found = model._weighed.get(key)
    if found is not None:
        return found
    prob, unseen = model.prob, model.unseen_p
    after_a = model.followers.get(a, {})
    back_a = model.back.get(a, 1.0)
    b_counted = b in model.unigrams
    pb = prob.get(b, unseen)

    def left(x: str) -> float:
        c = after_a.get(x, 0)
        return max(c - DISCOUNT, 0.0) + back_a * prob.get(x, unseen)

    def right(x: str) -> float:
        if not b_counted:
            return 1.0
        info = model.right_of.get(x)
        if info is None:
            return pb
        after_x, inverse, gamma = info
        return max(after_x.get(b, 0) - DISCOUNT, 0.0) * inverse + gamma * pb

    lw, rw = left(w), right(w)
    cw = model.capital.get(w, model.capital_prior)
    best = (w, 0.0, 1.0, 1.0)
    for var in variants:
        x = var.syllable
        sl, sr = left(x) / lw, right(x) / rw
        ratio = sl * sr * var.weight
        if capital:
            ratio *= model.capital.get(x, model.capital_prior) / cw
        if ratio > best[1]:
            best = (x, ratio, sl, sr)
    if len(model._weighed) >= _MEMO_SIZE:
        model._weighed.clear()
    model._weighed[key] = best
    return best


def _name_runs(parts: Sequence[tuple[str, str, str]], family_names: Container[str]) -> list[bool]:
    """For each token: is it in a run of capitalised words with no punctuation between that is a name,
    ``NAME_RUN`` or more words long, or two opened by one of ``family_names``?

    >>> _name_runs([("", w, "") for w in "ông Phạm Thị Thành Trà".split()], ())
    [False, True, True, True, True]
    >>> _name_runs([split_edges(w) for w in "phố Đỗ Nhuận, Luật Đầu tư".split()], {"Đỗ"})
    [False, True, True, False, False, False]
    """
    def title_word(core: str) -> bool:
        return is_title(core) and _LETTERS.match(core) is not None

    flags = [False] * len(parts)
    k = 0
    while k < len(parts):
        if not title_word(parts[k][1]):
            k += 1
            continue
        j = k
        while j + 1 < len(parts) and title_word(parts[j + 1][1]) and not parts[j][2] and not parts[j + 1][0]:
            j += 1
        if j - k + 1 >= NAME_RUN or j > k and parts[k][1] in family_names:
            flags[k:j + 1] = [True] * (j - k + 1)
        k = j + 1
    return flags


def find_changes(tokens: Sequence[str], model: ContextModel, *, keep: Container[str] = frozenset(),
                 before: Sequence[str] = (), after: Sequence[str] = ()) -> list[Change]:
    """The tokens of one line or cell (whitespace tokens, punctuation attached, in reading order) that
    the units beside them move to a mark variant (see the module), in token order. ``keep``: cores that
    are never syllables (the codes of congbao's vocabularies). ``before``, ``after``: the tokens read just
    before and after (the last word of the line above, the first of the line below), context only.

    Each round weighs every pending syllable against its neighbours as they stand and applies the changes
    that pass, most certain first; one beside a syllable changed in the same round waits for the next
    round, and so do the neighbours of a changed one ("đươc cong nhân": "cong" → "công" first, then "đươc"
    → "được"). A changed syllable is not weighed again, so rounds end.
    """
    line = _split([*before, *tokens, *after], model, keep)
    units, core_at, parts, alts = line.units, line.core_at, line.parts, line.alts
    own = range(len(before), len(before) + len(tokens))
    counted, followers = model.unigrams, model.followers
    at_token = {at: i for i, at in enumerate(core_at) if at >= 0}
    need, need_capital = math.exp(THRESHOLD), math.exp(THRESHOLD + CAPITAL_EXTRA)
    need_name = math.exp(THRESHOLD + CAPITAL_EXTRA + NAME_EXTRA)
    veto = math.exp(-SIDE_VETO)
    name_run: list[bool] | None = None          # worked out when a capital first needs it
    pending = [i for i in own if core_at[i] >= 0 and units[core_at[i]] not in BOUNDARIES]
    changes: dict[int, Change] = {}
    while pending:
        proposals: list[tuple[float, int, str]] = []
        for i in pending:
            at = core_at[i]
            w, a, b = units[at], units[at - 1], units[at + 1]
            if at in alts:                       # "ìÿ": its look-alike reading, and that one's variants
                variants = (Variant(alts[at][1], 1.0),) + model.variants(alts[at][1])
            else:
                variants = model.variants(w)
            if not variants:
                continue
            # CASE: nothing beside it says anything (punctuation, codes, line edges, unknown syllables)
            if not (a in counted and a not in BOUNDARIES or b in counted and b not in BOUNDARIES or NUMBER in (a, b)):
                continue
            capital = a != PUNCT and is_title(parts[i][1])
            best, ratio, sl, sr = _best_variant(model, a, w, b, variants, capital)
            if ratio < (need_capital if capital else need):
                continue
            if capital and ratio < need_name:
                if name_run is None:
                    name_run = _name_runs(parts, model.family_names)
                if name_run[i]:
                    continue                     # CASE: inside a run of capitalised words, a name
            # CASE: a side that saw the syllable as read (a counted bigram) and prefers it vetoes
            if sl < veto and followers.get(a, {}).get(w) or sr < veto and followers.get(w, {}).get(b):
                continue
            # CASE: the variant must have been seen beside a neighbour, not guessed from its frequency alone
            if not (a not in (PUNCT, OTHER) and followers.get(a, {}).get(best)
                    or b not in (PUNCT, OTHER) and followers.get(best, {}).get(b)):
                continue
            proposals.append((ratio, i, best))
        proposals.sort(reverse=True)
        touched: set[int] = set()
        again: set[int] = set()
        for ratio, i, best in proposals:
            at = core_at[i]
            if at - 1 in touched or at + 1 in touched:
                again.add(i)                     # its neighbour just changed: weigh it again
                continue
            units[at] = best
            touched.add(at)
            pre, core, post = parts[i]
            like = alts.pop(at)[0] if at in alts else core  # a look-alike capital stood for a small letter
            changes[i] = Change(index=i - len(before), before=tokens[i - len(before)],
                                after=pre + _recase(like, best) + post, log_ratio=math.log(ratio))
        for at in touched:
            for near in (at - 1, at + 1):
                j = at_token.get(near)
                if j is not None and j in own and j not in changes and units[near] not in BOUNDARIES:
                    again.add(j)
        pending = sorted(again)
    return [changes[i] for i in sorted(changes)]


def repair_in_context(tokens: Sequence[str], model: ContextModel, *, keep: Container[str] = frozenset(),
                      before: Sequence[str] = (), after: Sequence[str] = ()) -> list[str]:
    """``tokens`` (one OCR'd line or cell, in reading order) with each syllable the syllables beside it
    strongly prefer in another mark variant replaced by it (see the module for what holds afterwards;
    the options are ``find_changes``'s).

    >>> repair_in_context("gửi vê Sở Nội vụ".split(), context_model())
    ['gửi', 'về', 'Sở', 'Nội', 'vụ']
    >>> repair_in_context("Quản Ìÿ nhà nước theo quy đinh cua pháp luật".split(), context_model())
    ['Quản', 'lý', 'nhà', 'nước', 'theo', 'quy', 'định', 'của', 'pháp', 'luật']
    """
    out = list(tokens)
    for change in find_changes(tokens, model, keep=keep, before=before, after=after):
        out[change.index] = change.after
    return out
