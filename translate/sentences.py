"""Sentence segmentation with exact, reversible spans (German, English, Spanish).

The engine translates sentence by sentence, so a paragraph is cut into
sentences, translated, and glued back with its *original* whitespace
(:func:`split_with_gaps` and :func:`reassemble`).

Only the whitespace between two tokens can ever be a cut point. That keeps
URLs, e-mail addresses, decimals (``3.5``, ``3,5``), times (``12.30``) and dates
(``24.11.2017``) whole by construction, and makes the segmenter one linear scan
over the tokens: every rule looks at one token and the start of the next, and
apart from the tokenizer, regular expressions only ever run on short stems.

Where a cut is ambiguous the rules prefer *not* to cut: two sentences that stay
together still translate well, while a sentence cut after ``Dr.`` does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SEGMENTER_VERSION",
    "Segment",
    "reassemble",
    "split_sentences",
    "split_with_gaps",
]

# Recorded in reproducibility signatures: bump it whenever a rule or list below
# changes how any text is cut.
SEGMENTER_VERSION = "1"

# The translation models take bounded input; longer runs are cut into chunks.
DEFAULT_MAX_CHARS = 1000

_TOKEN_RE = re.compile(r"\S+")
# Letter-only parts of one or two letters joined by dots: z.B, U.S, e.g, i.d.R.
_DOTTED_RE = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
# Roman ordinals as German writes them after names and centuries ("Ludwig XIV.").
_ROMAN_RE = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# Stems longer than this are never abbreviations or ordinals; the bound keeps
# every regular expression call O(1).
_MAX_STEM = 40

_TERMINATORS = frozenset(".!?…")
_CLOSERS = "\"'»«“”‘’›‹)]}"
_OPENERS = "\"'„‚“”‘’»«›‹([{¿¡–—-"
# A token ending in one of these may close a sentence; any other is skipped cheaply.
_MAY_END = frozenset(_TERMINATORS | set(_CLOSERS))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations (without their final dot) after which a sentence never ends:
# titles, "z.", "ca.", "Mio." and the like are nearly always followed by a
# capitalised name or noun, so cutting after them is the costlier mistake.
_NEVER_COMMON = _words("Co Dipl.-Ing Dr Dr.-Ing Dres Jr Mr Mrs Ms Mx Prof Sr Sra St ca vs")
_NEVER = {
    "de": _words(
        """Abt allg Anh Anl Aufl Az bes Bhf bspw Bsp bzgl bzw Bzw Ca chr dt ehem eigtl
        entspr ev Ev evang evtl Evtl exkl Fa Fam ff Fr Frl gem geb gegr gest ggf Ggf ggü
        Hbf hl Hl Hr Hrn Hrsg incl Ing inkl Inkl insb Inh jew jr kath Kfm kgl lt Mag max
        med min mind Mio Mill Mrd phil Pkt rd röm sog Sog Std Str stv Tsd verh vgl Vgl
        zit zzgl zzt"""
    ),
    "en": _words(
        """Adm approx Capt cf Cmdr Col Dept dept esp est Gen Gov Hon incl Lt Maj Messrs
        Mt Ft Rep Rev Sen Sgt Univ"""
    ),
    "es": _words(
        """AA aprox Arq Av Avda CC Cnel dcha Dra Dña EE ej Excma Excmo FF Gral Ilmo
        izq JJ Lic Mons OO Profa Sras Sres Srta Sta Sto Ud Uds UU Vd Vds"""
    ),
}
# Abbreviations that announce a number ("Nr. 5", "S. 12", "Art. 3"): they end a
# sentence only when the next token is not a number.
_NUMERIC_COMMON = _words("Nr No")
_NUMERIC = {
    "de": _words(
        """Abb Abs Anm Art Bd Jg Kap Nrn Tab Tel Ziff Jan Feb Apr Jun Jul Aug Sep Sept
        Okt Nov Dez"""
    ),
    "en": _words("Art Ch ch Fig fig Nos pp Vol vol Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"),
    "es": _words("apdo art cap núm pág págs vol"),
}
# Abbreviations that often end a sentence. Listed because the generic rules
# below would otherwise keep them together with the next word.
_END_COMMON = _words("etc")
_END = {
    "de": _words("usw usf u.ä o.ä u.Ä o.Ä"),
    "en": _words("a.m p.m"),
    "es": _words("S.A S.L"),
}

# German capitalises every noun, so a capital letter after "usw." or "3." proves
# little; these words open sentences and are not nouns.
_DE_STARTERS = _words(
    """aber allerdings also am ansonsten auch auf aus außerdem bei bis bitte da dabei
    dadurch daher damit danach dann das dass dazu dem den dennoch der deshalb des
    dessen die dies diese diesem diesen dieser dieses doch dort ein eine einem einen
    einer er es für gestern gleichzeitig heute hier ich ihr im immerhin in insgesamt
    jedoch jetzt kein keine leider man mit morgen nach natürlich nicht nun ob oder
    schließlich seit sie so sonst später trotzdem um und viele vielleicht vor was
    weil wenn wer wie wir wo zudem zum zunächst zur zwar"""
)


@dataclass(frozen=True)
class _Rules:
    never: frozenset[str]
    numeric: frozenset[str]
    may_end: frozenset[str]
    german: bool  # ordinals with a dot ("am 3. Oktober"), capitalised nouns


def _rules(lang: str) -> _Rules:
    base = lang.lower().replace("_", "-").split("-")[0]
    return _Rules(
        never=_NEVER_COMMON | _NEVER.get(base, frozenset()),
        numeric=_NUMERIC_COMMON | _NUMERIC.get(base, frozenset()),
        may_end=_END_COMMON | _END.get(base, frozenset()),
        german=base == "de",
    )


_RULES = {lang: _rules(lang) for lang in ("de", "en", "es")}


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or chunk of an over-long one) and where it sits in the paragraph."""

    text: str  # never starts or ends with whitespace
    start: int  # paragraph[start:end] == text
    end: int


def _head(token: str) -> str:
    """The start of a token after opening quotes, brackets and ¿¡, without
    trailing punctuation: enough to classify the word that follows a dot."""
    # Bounded, so that inspecting a huge next token costs O(1).
    return token[:32].lstrip(_OPENERS).rstrip(_CLOSERS + ".,;:!?…")


def _ends_sentence(token: str, following: str, opens: bool, rules: _Rules) -> bool:
    """Whether a sentence ends after ``token`` when ``following`` comes next.

    ``opens`` tells that ``token`` is the first token of its sentence.
    """
    core = token.rstrip(_CLOSERS)
    if not core or core[-1] not in _TERMINATORS:
        return False
    word = _head(following)
    first = word[:1] or following[:1]
    if core[-1] in "?!":
        # „Kommst du?“ fragte er. / —¿Vienes? —preguntó: lower case continues.
        return not first.islower()
    starts_new = first.isupper() or first.isdigit()
    if core.endswith(("..", "…")):
        # "[...]" and "(…)" mark an omission inside a quotation, not an ending.
        if core[0] in "([" and not core[1:].strip(".…"):
            return False
        return starts_new
    if not starts_new:
        return False
    stem = core[:-1].lstrip(_OPENERS)
    if len(core) < len(token) or not stem or len(stem) > _MAX_STEM:
        # A quote or bracket closed after the dot ('„Wir kommen.“ Dann'): the
        # dot belongs to a finished phrase, not to an abbreviation.
        return True
    if stem in rules.may_end:
        # "Äpfel, Birnen usw. Dann ..." ends; "usw. Räume ..." may be a noun.
        return not rules.german or word.lower() in _DE_STARTERS
    if stem in rules.numeric:
        return not first.isdigit()
    if stem in rules.never or (len(stem) == 1 and stem.isalpha()) or _DOTTED_RE.fullmatch(stem):
        # Single letters are initials (J. R. R. Tolkien) or parts of "z. B.", "d. h.".
        return False
    if rules.german and (
        (stem.isascii() and stem.isdigit() and len(stem) <= 3) or _ROMAN_RE.fullmatch(stem)
    ):
        # Ordinals precede their noun ("am 3. Oktober", "holt 60. Weltcupsieg")
        # or number a list item ("2. Klicken Sie"); a number that ends a
        # sentence is followed by a word that opens one ("Platz 3. Der ...").
        return not opens and word.lower() in _DE_STARTERS
    return True


def _hard_break(gap: str) -> bool:
    """A blank line always separates segments, whatever precedes it."""
    return gap.count("\n") >= 2 or "\u2029" in gap


def _cut_after(
    paragraph: str, spans: list[tuple[int, int]], index: int, start: int, rules: _Rules
) -> bool:
    """Whether a segment ends after token ``index`` (never the last one)."""
    token_start, token_end = spans[index]
    next_start, next_end = spans[index + 1]
    if _hard_break(paragraph[token_end:next_start]):
        return True
    if paragraph[token_end - 1] not in _MAY_END:
        return False  # the common case, decided without slicing anything
    token = paragraph[token_start:token_end]
    following = paragraph[next_start:next_end]
    return _ends_sentence(token, following, start == token_start, rules)


def _emit(paragraph: str, start: int, end: int, max_chars: int, out: list[Segment]) -> None:
    # Only a single token can exceed max_chars here; it has no whitespace to
    # cut at, so it is cut hard.
    for cut in range(start, end, max_chars):
        stop = min(cut + max_chars, end)
        out.append(Segment(paragraph[cut:stop], cut, stop))


def split_sentences(
    paragraph: str, lang: str = "de", max_chars: int = DEFAULT_MAX_CHARS
) -> list[Segment]:
    """Split a paragraph into sentences, as segments with exact character spans.

    ``lang`` (``"de"``, ``"en"``, ``"es"``; a region such as ``"de-AT"`` is
    ignored) chooses the abbreviation list; other languages get the common
    rules. Single newlines are ordinary whitespace, a blank line always ends a
    segment. A sentence longer than ``max_chars`` is cut into chunks of at most
    ``max_chars`` characters at whitespace, or anywhere inside a longer token.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    rules = _RULES.get(lang) or _rules(lang)
    spans = [match.span() for match in _TOKEN_RE.finditer(paragraph)]
    segments: list[Segment] = []
    start = -1  # start of the chunk being built; -1 when none is open
    end = 0
    for index, (token_start, token_end) in enumerate(spans):
        if start < 0:
            start = token_start
        elif token_end - start > max_chars:
            _emit(paragraph, start, end, max_chars, segments)
            start = token_start
        end = token_end
        if index + 1 < len(spans) and _cut_after(paragraph, spans, index, start, rules):
            _emit(paragraph, start, end, max_chars, segments)
            start = -1
    if start >= 0:
        _emit(paragraph, start, end, max_chars, segments)
    return segments


def split_with_gaps(
    paragraph: str, lang: str = "de", max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[list[str], list[str]]:
    """Return ``(sentences, gaps)`` with ``len(gaps) == len(sentences) + 1``.

    ``gaps[0] + sentences[0] + gaps[1] + ... + sentences[-1] + gaps[-1]`` is
    ``paragraph`` exactly; the gaps hold all whitespace before, between and
    after the sentences. An empty or blank paragraph gives ``([], [paragraph])``.
    """
    segments = split_sentences(paragraph, lang, max_chars)
    gaps: list[str] = []
    position = 0
    for segment in segments:
        gaps.append(paragraph[position : segment.start])
        position = segment.end
    gaps.append(paragraph[position:])
    return [segment.text for segment in segments], gaps


def reassemble(sentences: Sequence[str], gaps: Sequence[str]) -> str:
    """Interleave (translated) sentences with the gaps from :func:`split_with_gaps`."""
    if len(gaps) != len(sentences) + 1:
        raise ValueError(
            f"need exactly one more gap than sentences, got {len(gaps)} gaps "
            f"for {len(sentences)} sentences"
        )
    parts = [gaps[0]]
    for sentence, gap in zip(sentences, gaps[1:]):
        parts.append(sentence)
        parts.append(gap)
    return "".join(parts)
