"""Synthetic German-like / English-like / Spanish-like parallel corpus.

This module generates the *synthetic* language that the tiny test models in
``tests/models`` are trained on.  It is pure Python (stdlib only) so tests can
import it cheaply to obtain reference translations.

The language is a small news-style fragment mirroring the project's seed
article (Mexico, the USA, China, trade, e-commerce).  It has real morphology
and word order on the German side (V2 inversion after a fronted adverb,
verb-final subordinate clauses, separable verbs, case inflection of articles,
adjectives and weak nouns, the genitive) and real agreement on the English
(3rd person -s, do-support, a/an) and Spanish sides (gender/number agreement,
personal "a", "al"/"del" contractions, inverted questions with "¿...?").

Every German sentence has exactly one English and one Spanish translation and
every English sentence maps to exactly one Spanish sentence, so the models can
be evaluated by exact match.

Public API
----------
``Triple``                   NamedTuple ``(de, en, es)``.
``generate(seed, n)``        ``n`` distinct triples (distinct German side),
                             deterministic for a given seed.
``split(seed, n_train, n_heldout)``
                             ``(train, heldout)``: disjoint lists; no held-out
                             German, English (including its "free trade
                             agreement" variant) or Spanish sentence occurs in
                             the training list.
``en_agreement_variant(en)`` the English sentence with "free trade deal(s)"
                             replaced by "free trade agreement(s)" (used as an
                             extra en->es training variant; same Spanish).
``FREE_TRADE``               dict of the glossary-relevant term forms.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

__all__ = [
    "Triple",
    "generate",
    "split",
    "en_agreement_variant",
    "FREE_TRADE",
    "NAMES",
]


class Triple(NamedTuple):
    de: str
    en: str
    es: str


# Terms the project's glossary tests rely on.
FREE_TRADE = {
    "de": "Freihandelsabkommen",
    "de_gen": "Freihandelsabkommens",
    "de_eu": "EU-Freihandelsabkommen",
    "en": "free trade deal",
    "en_pl": "free trade deals",
    "en_variant": "free trade agreement",
    "en_variant_pl": "free trade agreements",
    "en_eu": "EU free trade deal",
    "es": "acuerdo de libre comercio",
    "es_pl": "acuerdos de libre comercio",
    "es_eu": "acuerdo de libre comercio de la UE",
}

# Names that pass through unchanged in all three languages.
NAMES = (
    "Alibaba",
    "Amazon",
    "China",
    "Donald Trump",
    "Trump",
    "Nieto",
    "IT-Times",
    "eBay",
    "Walmart",
    "Tencent",
    "Xi Jinping",
)


def en_agreement_variant(en: str) -> str:
    """Replace the English term "free trade deal(s)" by "free trade agreement(s)"."""
    en = en.replace("free trade deal", "free trade agreement")
    return en.replace("Free trade deal", "Free trade agreement")


# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------

# German articles per gender key ("m", "f", "n", "pl"): nom, acc, dat, gen.
DEF = {
    "m": ("der", "den", "dem", "des"),
    "f": ("die", "die", "der", "der"),
    "n": ("das", "das", "dem", "des"),
    "pl": ("die", "die", "den", "der"),
}
INDEF = {
    "m": ("ein", "einen", "einem", "eines"),
    "f": ("eine", "eine", "einer", "einer"),
    "n": ("ein", "ein", "einem", "eines"),
}
# German adjective endings.
WEAK = {
    "m": ("e", "en", "en", "en"),
    "f": ("e", "e", "en", "en"),
    "n": ("e", "e", "en", "en"),
    "pl": ("en", "en", "en", "en"),
}
MIXED = {
    "m": ("er", "en", "en", "en"),
    "f": ("e", "e", "en", "en"),
    "n": ("es", "es", "en", "en"),
}
STRONG_PL = ("e", "e", "en", "er")

NOM, ACC, DAT, GEN = 0, 1, 2, 3

ES_DEF = {"ms": "el", "fs": "la", "mp": "los", "fp": "las"}
ES_INDEF = {"ms": "un", "fs": "una"}
ES_MANY = {"mp": "muchos", "fp": "muchas"}


@dataclass(frozen=True)
class Adj:
    de: str  # stem
    en: str
    es: Dict[str, str]  # keys ms fs mp fp
    es_pre: bool  # Spanish position: before the noun?


def _es4(ms: str, fs: str, mp: str, fp: str) -> Dict[str, str]:
    return {"ms": ms, "fs": fs, "mp": mp, "fp": fp}


ADJ = {
    "neu": Adj("neu", "new", _es4("nuevo", "nueva", "nuevos", "nuevas"), True),
    "groß": Adj("groß", "big", _es4("gran", "gran", "grandes", "grandes"), True),
    "wichtig": Adj(
        "wichtig",
        "important",
        _es4("importante", "importante", "importantes", "importantes"),
        True,
    ),
    "mexikanisch": Adj(
        "mexikanisch", "Mexican", _es4("mexicano", "mexicana", "mexicanos", "mexicanas"), False
    ),
    "chinesisch": Adj("chinesisch", "Chinese", _es4("chino", "china", "chinos", "chinas"), False),
    "amerikanisch": Adj(
        "amerikanisch",
        "American",
        _es4("estadounidense", "estadounidense", "estadounidenses", "estadounidenses"),
        False,
    ),
    "deutsch": Adj("deutsch", "German", _es4("alemán", "alemana", "alemanes", "alemanas"), False),
}


@dataclass(frozen=True)
class Noun:
    key: str
    g: str  # German gender m/f/n
    sg: Tuple[str, str, str, str]
    pl: Tuple[str, str, str, str]
    en_sg: str
    en_pl: str
    es_sg: str
    es_pl: str
    es_g: str  # m/f
    adjs: Tuple[str, ...]


def _n(key, g, sg, pl, en, es, es_g, adjs):
    if isinstance(sg, str):
        sg = (sg, sg, sg, sg)
    if isinstance(pl, str):
        pl = (pl, pl, pl, pl)
    return Noun(key, g, tuple(sg), tuple(pl), en[0], en[1], es[0], es[1], es_g, tuple(adjs))


PRE = ("neu", "groß", "wichtig")
NAT = ("mexikanisch", "chinesisch", "amerikanisch", "deutsch")

NOUNS = {
    "fha": _n(
        "fha",
        "n",
        ("Freihandelsabkommen",) * 3 + ("Freihandelsabkommens",),
        "Freihandelsabkommen",
        ("free trade deal", "free trade deals"),
        ("acuerdo de libre comercio", "acuerdos de libre comercio"),
        "m",
        PRE,
    ),
    "eufha": _n(
        "eufha",
        "n",
        ("EU-Freihandelsabkommen",) * 3 + ("EU-Freihandelsabkommens",),
        "EU-Freihandelsabkommen",
        ("EU free trade deal", "EU free trade deals"),
        ("acuerdo de libre comercio de la UE", "acuerdos de libre comercio de la UE"),
        "m",
        ("neu", "wichtig"),
    ),
    "abkommen": _n(
        "abkommen",
        "n",
        ("Abkommen",) * 3 + ("Abkommens",),
        "Abkommen",
        ("agreement", "agreements"),
        ("acuerdo", "acuerdos"),
        "m",
        PRE,
    ),
    "deal": _n(
        "deal",
        "m",
        ("Deal", "Deal", "Deal", "Deals"),
        "Deals",
        ("deal", "deals"),
        ("trato", "tratos"),
        "m",
        PRE,
    ),
    "plan": _n(
        "plan",
        "m",
        ("Plan", "Plan", "Plan", "Plans"),
        ("Pläne", "Pläne", "Plänen", "Pläne"),
        ("plan", "plans"),
        ("plan", "planes"),
        "m",
        ("neu", "wichtig"),
    ),
    "mauer": _n(
        "mauer",
        "f",
        "Mauer",
        "Mauern",
        ("wall", "walls"),
        ("muro", "muros"),
        "m",
        ("neu", "groß"),
    ),
    "markt": _n(
        "markt",
        "m",
        ("Markt", "Markt", "Markt", "Marktes"),
        ("Märkte", "Märkte", "Märkten", "Märkte"),
        ("market", "markets"),
        ("mercado", "mercados"),
        "m",
        PRE + NAT,
    ),
    "produkt": _n(
        "produkt",
        "n",
        ("Produkt", "Produkt", "Produkt", "Produkts"),
        ("Produkte", "Produkte", "Produkten", "Produkte"),
        ("product", "products"),
        ("producto", "productos"),
        "m",
        ("neu",) + NAT,
    ),
    "kunde": _n(
        "kunde",
        "m",
        ("Kunde", "Kunden", "Kunden", "Kunden"),
        "Kunden",
        ("customer", "customers"),
        ("cliente", "clientes"),
        "m",
        ("neu",) + NAT,
    ),
    "partner": _n(
        "partner",
        "m",
        ("Handelspartner",) * 3 + ("Handelspartners",),
        ("Handelspartner", "Handelspartner", "Handelspartnern", "Handelspartner"),
        ("trading partner", "trading partners"),
        ("socio comercial", "socios comerciales"),
        "m",
        ("neu", "wichtig"),
    ),
    "investition": _n(
        "investition",
        "f",
        "Investition",
        "Investitionen",
        ("investment", "investments"),
        ("inversión", "inversiones"),
        "f",
        ("neu", "groß") + NAT,
    ),
    "zoll": _n(
        "zoll",
        "m",
        ("Zoll", "Zoll", "Zoll", "Zolls"),
        ("Zölle", "Zölle", "Zöllen", "Zölle"),
        ("tariff", "tariffs"),
        ("arancel", "aranceles"),
        "m",
        ("neu",),
    ),
    "unternehmen": _n(
        "unternehmen",
        "n",
        ("Unternehmen",) * 3 + ("Unternehmens",),
        "Unternehmen",
        ("company", "companies"),
        ("empresa", "empresas"),
        "f",
        PRE + NAT,
    ),
    "regierung": _n(
        "regierung",
        "f",
        "Regierung",
        "Regierungen",
        ("government", "governments"),
        ("gobierno", "gobiernos"),
        "m",
        NAT,
    ),
    "praesident": _n(
        "praesident",
        "m",
        ("Präsident", "Präsidenten", "Präsidenten", "Präsidenten"),
        "Präsidenten",
        ("president", "presidents"),
        ("presidente", "presidentes"),
        "m",
        NAT,
    ),
    "plattform": _n(
        "plattform",
        "f",
        "Plattform",
        "Plattformen",
        ("platform", "platforms"),
        ("plataforma", "plataformas"),
        "f",
        ("neu", "groß", "chinesisch"),
    ),
}

NUM_WORDS = [
    ("zwei", "two", "dos"),
    ("drei", "three", "tres"),
    ("vier", "four", "cuatro"),
    ("fünf", "five", "cinco"),
]


@dataclass(frozen=True)
class NP:
    de: Tuple[str, str, str, str]  # nom, acc, dat, gen
    en: str
    es: str
    de_pl: bool
    en_pl: bool
    es_pl: bool
    kind: str
    animate: bool
    key: str
    # place forms (only for countries/regions): "to X" and "in X" (German)
    de_to: Optional[str] = None
    de_in: Optional[str] = None


def _a_an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def common_np(
    noun: Noun,
    det: str,
    adj: Optional[str] = None,
    num: Optional[Tuple[str, str, str]] = None,
    kind: Optional[str] = None,
    animate: bool = False,
) -> NP:
    """Build a noun phrase.

    det: "def" (singular), "def_pl", "indef", "bare" (plural), "num" (plural,
    ``num`` = (de, en, es)), "many" (plural), "millions" (plural).
    """
    pl = det in ("def_pl", "bare", "num", "many", "millions")
    gk = "pl" if pl else noun.g
    forms = noun.pl if pl else noun.sg
    a = ADJ[adj] if adj else None
    de = []
    for c in range(4):
        parts: List[str] = []
        if det in ("def", "def_pl"):
            parts.append(DEF[gk][c])
            end = WEAK[gk][c]
        elif det == "indef":
            parts.append(INDEF[gk][c])
            end = MIXED[gk][c]
        elif det == "bare":
            end = STRONG_PL[c]
        elif det == "num":
            parts.append(num[0])
            end = STRONG_PL[c]
        elif det == "many":
            parts.append(("viele", "viele", "vielen", "vieler")[c])
            end = STRONG_PL[c]
        elif det == "millions":
            parts.append("Millionen")
            end = "er"  # partitive genitive: "Millionen neuer Kunden"
        else:
            raise ValueError(det)
        if a:
            parts.append(a.de + end)
        if det == "millions" and a:
            parts.append(forms[GEN])
        else:
            parts.append(forms[c])
        de.append(" ".join(parts))

    # English
    en_noun = noun.en_pl if pl else noun.en_sg
    en_words = ([a.en] if a else []) + [en_noun]
    en_core = " ".join(en_words)
    if det in ("def", "def_pl"):
        en = "the " + en_core
    elif det == "indef":
        en = _a_an(en_core) + " " + en_core
    elif det == "num":
        en = num[1] + " " + en_core
    elif det == "many":
        en = "many " + en_core
    elif det == "millions":
        en = "millions of " + en_core
    else:
        en = en_core

    # Spanish
    gkey = noun.es_g + ("p" if pl else "s")
    es_noun = noun.es_pl if pl else noun.es_sg
    if a and a.es_pre:
        es_core = a.es[gkey] + " " + es_noun
    elif a:
        # post-nominal adjective; for compounds like "socio comercial" it
        # would follow the whole compound, but such nouns take PRE adjs only.
        es_core = es_noun + " " + a.es[gkey]
    else:
        es_core = es_noun
    if det in ("def", "def_pl"):
        es = ES_DEF[gkey] + " " + es_core
    elif det == "indef":
        es = ES_INDEF[gkey] + " " + es_core
    elif det == "num":
        es = num[2] + " " + es_core
    elif det == "many":
        es = ES_MANY[gkey] + " " + es_core
    elif det == "millions":
        es = "millones de " + es_core
    else:
        es = es_core
    return NP(
        tuple(de), en, es, pl, pl, pl, kind or noun.key, animate, f"{noun.key}:{det}:{adj}:{num}"
    )


def proper(
    de,
    en: str,
    es: str,
    kind: str,
    de_pl: bool = False,
    de_to: Optional[str] = None,
    de_in: Optional[str] = None,
) -> NP:
    if isinstance(de, str):
        de = (de, de, de, de)
    return NP(tuple(de), en, es, de_pl, False, False, kind, True, "P:" + en, de_to, de_in)


def _country(name_de, en, es):
    return proper(name_de, en, es, "country", de_to="nach " + name_de, de_in="in " + name_de)


COUNTRIES = [
    _country("Mexiko", "Mexico", "México"),
    _country("Deutschland", "Germany", "Alemania"),
    _country("China", "China", "China"),
    _country("Japan", "Japan", "Japón"),
    _country("Kanada", "Canada", "Canadá"),
    proper(
        ("die USA", "die USA", "den USA", "der USA"),
        "the USA",
        "Estados Unidos",
        "country",
        de_pl=True,
        de_to="in die USA",
        de_in="in den USA",
    ),
    proper(
        ("die EU", "die EU", "der EU", "der EU"),
        "the EU",
        "la UE",
        "country",
        de_to="in die EU",
        de_in="in der EU",
    ),
]
# Weights: Mexico, the USA and China dominate like in the seed article.
COUNTRY_W = [5, 2, 4, 1, 1, 4, 2]

PERSONS = [
    proper("Donald Trump", "Donald Trump", "Donald Trump", "person"),
    proper("Trump", "Trump", "Trump", "person"),
    proper("Nieto", "Nieto", "Nieto", "person"),
    proper("Präsident Nieto", "President Nieto", "el presidente Nieto", "person"),
    proper("Präsident Trump", "President Trump", "el presidente Trump", "person"),
    proper("Xi Jinping", "Xi Jinping", "Xi Jinping", "person"),
]
PERSON_W = [3, 3, 3, 2, 2, 1]

COMPANIES = [
    proper("Alibaba", "Alibaba", "Alibaba", "company"),
    proper("Amazon", "Amazon", "Amazon", "company"),
    proper("eBay", "eBay", "eBay", "company"),
    proper("Walmart", "Walmart", "Walmart", "company"),
    proper("Tencent", "Tencent", "Tencent", "company"),
]
COMPANY_W = [4, 3, 1, 1, 1]

IT_TIMES = proper("IT-Times", "IT-Times", "IT-Times", "media")
TRUMP_GOV = proper(
    ("die Trump-Regierung", "die Trump-Regierung", "der Trump-Regierung", "der Trump-Regierung"),
    "the Trump administration",
    "el gobierno de Trump",
    "gov",
)


def _wchoice(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _number(rng: random.Random) -> Tuple[str, str, str]:
    if rng.random() < 0.2:
        return rng.choice(NUM_WORDS)
    r = rng.random()
    if r < 0.3:
        n = rng.randint(6, 99)
    elif r < 0.8:
        n = rng.randint(100, 999)
    else:
        n = rng.choice([100, 200, 300, 500, 800])
    s = str(n)
    return (s, s, s)


# ---------------------------------------------------------------------------
# Noun-phrase samplers
# ---------------------------------------------------------------------------


def _maybe_adj(rng: random.Random, noun: Noun, p: float, only=None) -> Optional[str]:
    if rng.random() >= p:
        return None
    choices = [a for a in noun.adjs if only is None or a in only]
    return rng.choice(choices) if choices else None


def np_country(rng):
    return _wchoice(rng, COUNTRIES, COUNTRY_W)


def np_person(rng):
    return _wchoice(rng, PERSONS, PERSON_W)


def np_named_company(rng):
    return _wchoice(rng, COMPANIES, COMPANY_W)


def np_gov(rng):
    r = rng.random()
    if r < 0.15:
        return TRUMP_GOV
    n = NOUNS["regierung"] if r < 0.75 else NOUNS["praesident"]
    return common_np(n, "def", _maybe_adj(rng, n, 0.5), kind="gov", animate=True)


def np_company(rng):
    """Companies as agents (named or common noun phrase)."""
    if rng.random() < 0.5:
        return np_named_company(rng)
    n = NOUNS["unternehmen"]
    det = _wchoice(rng, ["def", "def_pl", "many", "num", "bare"], [3, 4, 1, 2, 1])
    adj = _maybe_adj(rng, n, 0.4)
    if det == "bare" and adj is None:
        adj = rng.choice(NAT)
    num = _number(rng) if det == "num" else None
    return common_np(n, det, adj, num, kind="company", animate=True)


def np_customers(rng):
    n = NOUNS["kunde"]
    det = _wchoice(rng, ["def_pl", "many", "millions", "num", "def"], [4, 1, 1, 2, 1])
    adj = _maybe_adj(rng, n, 0.4)
    num = _number(rng) if det == "num" else None
    return common_np(n, det, adj, num, kind="people", animate=True)


def np_state(rng):
    r = rng.random()
    if r < 0.5:
        return np_country(rng)
    if r < 0.75:
        return np_person(rng)
    return np_gov(rng)


def np_entity(rng):
    """Any animate participant (object of criticize/support/help/harm)."""
    r = rng.random()
    if r < 0.35:
        return np_country(rng)
    if r < 0.5:
        return np_person(rng)
    if r < 0.65:
        return np_gov(rng)
    if r < 0.85:
        return np_company(rng)
    return np_customers(rng)


def np_partner_entity(rng):
    """Partner in 'mit X' / 'zwischen X und Y' phrases."""
    r = rng.random()
    if r < 0.65:
        return np_country(rng)
    if r < 0.9:
        return np_named_company(rng)
    return np_gov(rng)


DEAL_NOUNS = ["fha", "eufha", "abkommen", "deal"]
DEAL_W = [6, 2, 3, 3]


def np_deal(rng, allow=("indef", "def", "def_pl", "num", "bare", "many")):
    noun = NOUNS[_wchoice(rng, DEAL_NOUNS, DEAL_W)]
    weights = {"indef": 8, "def": 6, "def_pl": 2, "num": 2, "bare": 2, "many": 1}
    dets = [d for d in allow]
    det = _wchoice(rng, dets, [weights[d] for d in dets])
    adj = _maybe_adj(rng, noun, 0.3)
    if det == "bare" and adj is None:
        adj = "neu"
    num = rng.choice(NUM_WORDS) if det == "num" else None
    return common_np(noun, det, adj, num, kind="deal")


def np_simple(rng, key, dets, weights, p_adj=0.3, kind=None, force_adj_bare=True):
    noun = NOUNS[key]
    det = _wchoice(rng, dets, weights)
    adj = _maybe_adj(rng, noun, p_adj)
    if det == "num":
        num = _number(rng) if key in ("produkt", "kunde", "unternehmen") else rng.choice(NUM_WORDS)
    else:
        num = None
    return common_np(noun, det, adj, num, kind=kind or key)


def np_goods(rng):
    return np_simple(rng, "produkt", ["bare", "num", "def_pl", "millions", "many"], [2, 7, 1, 1, 1])


def np_wall(rng):
    return np_simple(rng, "mauer", ["indef", "def", "num"], [5, 4, 1], 0.25, kind="wall")


def np_market(rng):
    return np_simple(rng, "markt", ["indef", "def", "bare", "def_pl", "num"], [4, 2, 3, 1, 1], 0.6)


def np_partner_noun(rng):
    return np_simple(rng, "partner", ["indef", "bare", "num", "def_pl"], [3, 3, 2, 1], 0.5)


def np_invest(rng):
    if rng.random() < 0.35:
        # "Investitionen von 500 Millionen Dollar" / "investments of 500 million dollars"
        n = _number(rng)
        adj = _maybe_adj(rng, NOUNS["investition"], 0.3)
        base = common_np(NOUNS["investition"], "bare", adj, kind="investition")
        de = tuple(f"{d} von {n[0]} Millionen Dollar" for d in base.de)
        return NP(de, f"{base.en} of {n[1]} million dollars",
                  f"{base.es} de {n[2]} millones de dólares", True, True, True,
                  "investition", False, base.key + ":" + n[0])
    return np_simple(rng, "investition", ["bare", "indef", "def_pl", "many"], [4, 2, 2, 1], 0.5)


def np_tariffs(rng):
    return np_simple(rng, "zoll", ["def_pl", "bare", "indef", "def"], [4, 4, 1, 1], 0.3, kind="tariff")


def np_plan(rng):
    return np_simple(rng, "plan", ["def", "indef", "def_pl", "bare"], [4, 2, 2, 1], 0.3)


def np_platform(rng):
    return np_simple(rng, "plattform", ["indef", "def", "num"], [4, 2, 1], 0.4)


def np_customer_obj(rng):
    return np_simple(
        rng, "kunde", ["bare", "num", "many", "millions", "def_pl"], [3, 5, 2, 2, 1], 0.5, kind="people"
    )


def np_trade(rng, with_partner: Optional[NP] = None):
    """'der Handel (mit X)' / 'trade (with X)' / 'el comercio (con X)' or e-commerce."""
    if rng.random() < 0.45:
        return NP(
            ("der E-Commerce", "den E-Commerce", "dem E-Commerce", "des E-Commerce"),
            "e-commerce",
            "el comercio electrónico",
            False,
            False,
            False,
            "trade",
            False,
            "ecommerce",
        )
    de = ("der Handel", "den Handel", "dem Handel", "des Handels")
    en, es = "trade", "el comercio"
    key = "handel"
    if with_partner is not None:
        de = tuple(f"{d} mit {with_partner.de[DAT]}" for d in de)
        en += " with " + with_partner.en
        es += " con " + with_partner.es
        key += ":" + with_partner.key
    return NP(de, en, es, False, False, False, "trade", False, key)


GEN_HEADS = [
    # de forms nom/acc/dat, en, es
    (("die Folgen", "die Folgen", "den Folgen"), "the consequences", "las consecuencias"),
    (("die Vorteile", "die Vorteile", "den Vorteilen"), "the benefits", "los beneficios"),
    (("die Kosten", "die Kosten", "den Kosten"), "the costs", "los costes"),
]


def np_genitive(rng) -> NP:
    """'die Folgen des Freihandelsabkommens' / 'the consequences of the free trade deal'."""
    r = rng.random()
    if r < 0.8:
        head = rng.choice(GEN_HEADS)
        rr = rng.random()
        if rr < 0.6:
            comp = np_deal(rng, allow=("def", "def_pl"))
        elif rr < 0.75:
            comp = common_np(NOUNS["mauer"], "def", kind="wall")
        elif rr < 0.9:
            comp = common_np(NOUNS["zoll"], "def_pl", _maybe_adj(rng, NOUNS["zoll"], 0.3))
        else:
            comp = NP(
                ("der Handel", "den Handel", "dem Handel", "des Handels"),
                "trade",
                "el comercio",
                False,
                False,
                False,
                "trade",
                False,
                "handel",
            )
        hde, hen, hes = head
    else:
        hde, hen, hes = (("die Pläne", "die Pläne", "den Plänen"), "the plans", "los planes")
        rr = rng.random()
        if rr < 0.5:
            comp = np_gov(rng)
        else:
            comp = common_np(NOUNS["unternehmen"], "def_pl", _maybe_adj(rng, NOUNS["unternehmen"], 0.4, NAT))
    de = tuple(f"{h} {comp.de[GEN]}" for h in hde) + (None,)
    en = f"{hen} of {comp.en}"
    es = f"{hes} de {comp.es}"
    return NP(de, en, es, True, True, True, "gen", False, "gen:" + hen + ":" + comp.key)


# ---------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    key: str
    de_sg: str
    de_pl: str
    de_inf: str
    de_pp: str
    de_sep: str  # separable particle ('' if none)
    de_prep: str  # preposition before the object ('' if none)
    de_case: int  # object case
    en_sg: str
    en_base: str
    en_pp: str
    es_sg: str
    es_pl: str
    es_inf: str
    es_pp: str
    es_a: str  # "always" / "animate"
    subjects: Tuple[str, ...]
    objects: Tuple[str, ...]
    weight: float


def _v(key, de, en, es, subjects, objects, weight=1.0, sep="", prep="", case=ACC, es_a="animate"):
    de_sg, de_pl, de_inf, de_pp = de
    en_sg, en_base, en_pp = en
    es_sg, es_pl, es_inf, es_pp = es
    return Verb(
        key, de_sg, de_pl, de_inf, de_pp, sep, prep, case, en_sg, en_base, en_pp,
        es_sg, es_pl, es_inf, es_pp, es_a, tuple(subjects), tuple(objects), weight,
    )


VERBS = [
    _v("plan", ("plant", "planen", "planen", "geplant"), ("plans", "plan", "planned"),
       ("planea", "planean", "planear", "planeado"),
       ("state", "company"), ("deal", "deal", "deal", "wall", "invest", "tariff"), 3),
    _v("sign", ("unterzeichnet", "unterzeichnen", "unterzeichnen", "unterzeichnet"),
       ("signs", "sign", "signed"), ("firma", "firman", "firmar", "firmado"),
       ("state", "company"), ("deal",), 3),
    _v("negotiate", ("verhandelt", "verhandeln", "verhandeln", "verhandelt"),
       ("negotiates", "negotiate", "negotiated"), ("negocia", "negocian", "negociar", "negociado"),
       ("state", "company"), ("deal",), 1.5, prep="über"),
    _v("need", ("braucht", "brauchen", "brauchen", "gebraucht"), ("needs", "need", "needed"),
       ("necesita", "necesitan", "necesitar", "necesitado"),
       ("state", "company", "people"),
       ("deal", "market", "customers", "partner", "invest", "goods", "platform"), 2.5),
    _v("sell", ("verkauft", "verkaufen", "verkaufen", "verkauft"), ("sells", "sell", "sold"),
       ("vende", "venden", "vender", "vendido"), ("company", "country"), ("goods",), 2),
    _v("criticize", ("kritisiert", "kritisieren", "kritisieren", "kritisiert"),
       ("criticizes", "criticize", "criticized"), ("critica", "critican", "criticar", "criticado"),
       ("state", "company", "people", "media"),
       ("deal", "wall", "tariff", "plan", "gen", "gen", "entity", "entity"), 2.5),
    _v("support", ("unterstützt", "unterstützen", "unterstützen", "unterstützt"),
       ("supports", "support", "supported"), ("apoya", "apoyan", "apoyar", "apoyado"),
       ("state", "company", "people", "media"),
       ("deal", "deal", "plan", "trade", "trade", "invest", "entity", "entity"), 2.5),
    _v("build", ("baut", "bauen", "bauen", "gebaut"), ("builds", "build", "built"),
       ("construye", "construyen", "construir", "construido"),
       ("state", "company"), ("wall", "wall", "platform"), 1.5),
    _v("seek", ("sucht", "suchen", "suchen", "gesucht"), ("looks for", "look for", "looked for"),
       ("busca", "buscan", "buscar", "buscado"),
       ("state", "company"), ("customers", "partner", "market", "invest"), 2),
    _v("reject", ("lehnt", "lehnen", "ablehnen", "abgelehnt"), ("rejects", "reject", "rejected"),
       ("rechaza", "rechazan", "rechazar", "rechazado"),
       ("state", "company", "people"), ("deal", "deal", "wall", "tariff", "plan", "gen"), 2,
       sep="ab"),
    _v("introduce", ("führt", "führen", "einführen", "eingeführt"),
       ("introduces", "introduce", "introduced"),
       ("introduce", "introducen", "introducir", "introducido"),
       ("state",), ("tariff",), 1, sep="ein"),
    _v("help", ("hilft", "helfen", "helfen", "geholfen"), ("helps", "help", "helped"),
       ("ayuda", "ayudan", "ayudar", "ayudado"),
       ("thing", "thing", "state", "company"), ("entity",), 2, case=DAT, es_a="always"),
    _v("harm", ("schadet", "schaden", "schaden", "geschadet"), ("harms", "harm", "harmed"),
       ("perjudica", "perjudican", "perjudicar", "perjudicado"),
       ("thing", "thing", "state"), ("entity",), 1.5, case=DAT),
]
VERB_W = [v.weight for v in VERBS]


def np_thing_subject(rng) -> NP:
    r = rng.random()
    if r < 0.45:
        return np_deal(rng, allow=("def", "indef", "def_pl"))
    if r < 0.6:
        return common_np(NOUNS["zoll"], "def_pl", _maybe_adj(rng, NOUNS["zoll"], 0.3), kind="tariff")
    if r < 0.7:
        return common_np(NOUNS["mauer"], "def", kind="wall")
    if r < 0.85:
        partner = np_country(rng) if rng.random() < 0.6 else None
        return np_trade(rng, partner)
    return np_genitive(rng)


def sample_subject(rng, kind: str) -> NP:
    if kind == "state":
        return np_state(rng)
    if kind == "country":
        return np_country(rng)
    if kind == "company":
        return np_company(rng)
    if kind == "people":
        return np_customers(rng)
    if kind == "media":
        return IT_TIMES
    if kind == "thing":
        return np_thing_subject(rng)
    raise ValueError(kind)


# ---------------------------------------------------------------------------
# Prepositional phrases: (de, en, es)
# ---------------------------------------------------------------------------

PP = Tuple[str, str, str]


def pp_with(rng, avoid: Sequence[str]) -> Optional[PP]:
    for _ in range(5):
        p = np_partner_entity(rng)
        if p.key not in avoid:
            return (f"mit {p.de[DAT]}", f"with {p.en}", f"con {p.es}")
    return None


def pp_between(rng) -> PP:
    a = np_partner_entity(rng)
    b = np_partner_entity(rng)
    while b.key == a.key:
        b = np_partner_entity(rng)
    return (
        f"zwischen {a.de[DAT]} und {b.de[DAT]}",
        f"between {a.en} and {b.en}",
        f"entre {a.es} y {b.es}",
    )


def pp_in(rng, avoid=()) -> Optional[PP]:
    for _ in range(5):
        c = np_country(rng)
        if c.key not in avoid:
            return (c.de_in, f"in {c.en}", f"en {c.es}")
    return None


def pp_to(rng, avoid=()) -> Optional[PP]:
    r = rng.random()
    if r < 0.25:
        c = np_named_company(rng)
        return (f"über {c.de[ACC]}", f"through {c.en}", f"a través de {c.es}")
    for _ in range(5):
        c = np_country(rng)
        if c.key not in avoid:
            return (c.de_to, f"to {c.en}", f"a {c.es}")
    return None


def pp_against(rng, avoid=()) -> Optional[PP]:
    for _ in range(5):
        c = np_country(rng) if rng.random() < 0.8 else np_named_company(rng)
        if c.key not in avoid:
            return (f"gegen {c.de[ACC]}", f"against {c.en}", f"contra {c.es}")
    return None


def pp_border(rng) -> PP:
    if rng.random() < 0.4:
        return ("an der Grenze", "on the border", "en la frontera")
    c = _wchoice(rng, COUNTRIES[:6], [6, 1, 1, 1, 2, 2])
    return (
        f"an der Grenze zu {c.de[DAT]}",
        f"on the border with {c.en}",
        f"en la frontera con {c.es}",
    )


def sample_object(rng, verb: Verb, subj: NP) -> Tuple[NP, Optional[PP]]:
    """Object NP and an optional PP fitting both."""
    while True:
        okind = rng.choice(verb.objects)
        if okind == "deal":
            obj = np_deal(rng)
            pp = pp_with(rng, [subj.key]) if rng.random() < 0.6 else None
        elif okind == "wall":
            obj = np_wall(rng)
            pp = pp_border(rng) if verb.key in ("build", "plan") and rng.random() < 0.6 else None
        elif okind == "invest":
            obj = np_invest(rng)
            pp = pp_in(rng, [subj.key]) if rng.random() < 0.5 else None
        elif okind == "tariff":
            obj = np_tariffs(rng)
            pp = pp_against(rng, [subj.key]) if rng.random() < 0.5 else None
        elif okind == "market":
            obj = np_market(rng)
            pp = pp_in(rng, [subj.key]) if rng.random() < 0.5 else None
        elif okind == "customers":
            obj = np_customer_obj(rng)
            pp = pp_in(rng, [subj.key]) if rng.random() < 0.5 else None
        elif okind == "partner":
            obj = np_partner_noun(rng)
            pp = pp_in(rng, [subj.key]) if rng.random() < 0.3 else None
        elif okind == "goods":
            obj = np_goods(rng)
            pp = pp_to(rng, [subj.key]) if verb.key == "sell" and rng.random() < 0.7 else None
        elif okind == "platform":
            obj = np_platform(rng)
            pp = None
        elif okind == "plan":
            obj = np_plan(rng)
            pp = None
        elif okind == "gen":
            obj = np_genitive(rng)
            pp = None
        elif okind == "trade":
            partner = None
            if rng.random() < 0.5:
                partner = np_country(rng)
                if partner.key == subj.key:
                    partner = None
            obj = np_trade(rng, partner)
            pp = None
        elif okind == "entity":
            obj = np_entity(rng)
            pp = None
        else:
            raise ValueError(okind)
        if obj.key != subj.key:
            return obj, pp


# ---------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------

TENSES = ("present", "perfect", "modal", "future")


def _join(*parts: Optional[str]) -> str:
    return " ".join(p for p in parts if p)


def clause(subj: NP, verb: Verb, tense: str, obj: NP, pp: Optional[PP], mode: str):
    """Return (de, en, es) of a clause without final punctuation.

    mode: "decl" (S V O), "inv" (V S O: after a fronted element or in a
    question, German only; English/Spanish keep their own order),
    "q" (yes/no question), "wh" (after a question word), "sub" (German
    verb-final subordinate clause).
    """
    # ---------------- German
    de_obj = _join(verb.de_prep, obj.de[verb.de_case])
    de_mid = _join(de_obj, pp[0] if pp else None)
    pl = subj.de_pl
    if tense == "present":
        fin = verb.de_pl if pl else verb.de_sg
        tail = verb.de_sep
        sub_verb = verb.de_sep + fin
    elif tense == "perfect":
        fin = "haben" if pl else "hat"
        tail = verb.de_pp
        sub_verb = f"{verb.de_pp} {fin}"
    elif tense == "modal":
        fin = "wollen" if pl else "will"
        tail = verb.de_inf
        sub_verb = f"{verb.de_inf} {fin}"
    elif tense == "future":
        fin = "werden" if pl else "wird"
        tail = verb.de_inf
        sub_verb = f"{verb.de_inf} {fin}"
    else:
        raise ValueError(tense)
    s_de = subj.de[NOM]
    if mode == "decl":
        de = _join(s_de, fin, de_mid, tail)
    elif mode in ("inv", "q", "wh"):
        de = _join(fin, s_de, de_mid, tail)
    elif mode == "sub":
        de = _join(s_de, de_mid, sub_verb)
    else:
        raise ValueError(mode)

    # ---------------- English
    en_mid = _join(obj.en, pp[1] if pp else None)
    epl = subj.en_pl
    s_en = subj.en
    question = mode in ("q", "wh")
    if tense == "present":
        if question:
            en = _join("do" if epl else "does", s_en, verb.en_base, en_mid)
        else:
            en = _join(s_en, verb.en_base if epl else verb.en_sg, en_mid)
    elif tense == "perfect":
        aux = "have" if epl else "has"
        en = _join(aux, s_en, verb.en_pp, en_mid) if question else _join(s_en, aux, verb.en_pp, en_mid)
    elif tense == "modal":
        if question:
            en = _join("do" if epl else "does", s_en, "want to", verb.en_base, en_mid)
        else:
            en = _join(s_en, "want to" if epl else "wants to", verb.en_base, en_mid)
    else:  # future
        en = _join("will", s_en, verb.en_base, en_mid) if question else _join(s_en, "will", verb.en_base, en_mid)

    # ---------------- Spanish
    es_obj = obj.es
    if verb.es_a == "always" or obj.animate:
        es_obj = "a " + es_obj
    es_mid = _join(es_obj, pp[2] if pp else None)
    spl = subj.es_pl
    s_es = subj.es
    if tense == "present":
        vgroup = verb.es_pl if spl else verb.es_sg
    elif tense == "perfect":
        vgroup = _join("han" if spl else "ha", verb.es_pp)
    elif tense == "modal":
        vgroup = _join("quieren" if spl else "quiere", verb.es_inf)
    else:
        vgroup = verb.es_inf + ("án" if spl else "á")
    if question:
        if tense == "modal":
            # ¿Quiere México firmar ...?
            es = _join("quieren" if spl else "quiere", s_es, verb.es_inf, es_mid)
        else:
            es = _join(vgroup, s_es, es_mid)
    else:
        es = _join(s_es, vgroup, es_mid)
    return de, en, es


def existential(tense: str, obj: NP, pp: Optional[PP], mode: str):
    """'es gibt X' / 'there is X' / 'hay X'."""
    de_mid = _join(obj.de[ACC], pp[0] if pp else None)
    if tense == "present":
        fin, tail, sub = "gibt", "", "gibt"
    elif tense == "perfect":
        fin, tail, sub = "hat", "gegeben", "gegeben hat"
    else:
        fin, tail, sub = "wird", "geben", "geben wird"
    if mode == "decl":
        de = _join("es", fin, de_mid, tail)
    elif mode in ("inv", "q", "wh"):
        de = _join(fin, "es", de_mid, tail)
    else:
        de = _join("dass es", de_mid, sub)[len("dass "):]
    en_mid = _join(obj.en, pp[1] if pp else None)
    pl = obj.en_pl
    question = mode in ("q", "wh")
    if tense == "present":
        be = "are" if pl else "is"
        en = _join(be, "there", en_mid) if question else _join("there", be, en_mid)
    elif tense == "perfect":
        aux = "have" if pl else "has"
        en = _join(aux, "there been", en_mid) if question else _join("there", aux, "been", en_mid)
    else:
        en = _join("will there be", en_mid) if question else _join("there will be", en_mid)
    es_mid = _join(obj.es, pp[2] if pp else None)
    es_v = {"present": "hay", "perfect": "ha habido", "future": "habrá"}[tense]
    es = _join(es_v, es_mid)
    return de, en, es


def sample_existential_object(rng) -> Tuple[NP, Optional[PP]]:
    r = rng.random()
    if r < 0.6:
        obj = np_deal(rng, allow=("indef", "num", "bare", "many"))
        rr = rng.random()
        if rr < 0.45:
            pp = pp_with(rng, [])
        elif rr < 0.75:
            pp = pp_between(rng)
        else:
            pp = None
    elif r < 0.75:
        obj = np_simple(rng, "markt", ["indef", "bare", "num"], [3, 3, 1], 0.6)
        pp = pp_in(rng) if rng.random() < 0.7 else None
    elif r < 0.85:
        obj = np_customer_obj(rng)
        pp = pp_in(rng) if rng.random() < 0.7 else None
    elif r < 0.93:
        obj = np_simple(rng, "zoll", ["bare", "indef"], [3, 1], 0.4, kind="tariff")
        pp = pp_against(rng) if rng.random() < 0.6 else None
    else:
        obj = np_simple(rng, "investition", ["bare", "many"], [3, 1], 0.5)
        pp = pp_in(rng) if rng.random() < 0.6 else None
    return obj, pp


# ---------------------------------------------------------------------------
# Sentence frames
# ---------------------------------------------------------------------------

ADVERBS = [
    # de, en, es, allowed tenses
    ("Heute", "Today", "Hoy", TENSES),
    ("Nun", "Now", "Ahora", TENSES),
    ("Bald", "Soon", "Pronto", ("present", "modal", "future")),
    ("Dennoch", "Nevertheless,", "Sin embargo,", TENSES),
    ("Deshalb", "Therefore,", "Por eso,", TENSES),
    ("Auf lange Sicht", "In the long term", "A largo plazo", ("present", "modal", "future")),
]

SPEECH_VERBS = [
    # de sg, de pl, en sg, en pl, es sg, es pl
    ("sagt", "sagen", "says", "say", "dice", "dicen"),
    ("berichtet", "berichten", "reports", "report", "informa", "informan"),
    ("glaubt", "glauben", "believes", "believe", "cree", "creen"),
]


def _fronted(rng, tense: str) -> Tuple[str, str, str]:
    r = rng.random()
    if r < 0.15:
        src = IT_TIMES if rng.random() < 0.5 else (np_person(rng) if rng.random() < 0.6 else np_gov(rng))
        return (f"Laut {src.de[DAT]}", f"According to {src.en},", f"Según {src.es},")
    if r < 0.4 and tense in ("future", "modal"):
        y = str(rng.randint(2018, 2030))
        return (f"Im Jahr {y}", f"In {y}", f"En {y}")
    while True:
        de, en, es, tenses = rng.choice(ADVERBS)
        if tense in tenses:
            return de, en, es


def _cap(s: str) -> str:
    if not s or s.startswith("eBay"):
        return s
    return s[0].upper() + s[1:]


def _es_fix(s: str) -> str:
    s = re.sub(r"\ba el\b", "al", s)
    s = re.sub(r"\bde el\b", "del", s)
    return s


def _sentence(de: str, en: str, es: str, question: bool) -> Triple:
    if question:
        return Triple(_cap(de) + "?", _cap(en) + "?", "¿" + _cap(_es_fix(es)) + "?")
    return Triple(_cap(de) + ".", _cap(en) + ".", _cap(_es_fix(es)) + ".")


def _svo(rng):
    verb = _wchoice(rng, VERBS, VERB_W)
    subj = sample_subject(rng, rng.choice(verb.subjects))
    obj, pp = sample_object(rng, verb, subj)
    return verb, subj, obj, pp


def _tense(rng) -> str:
    return _wchoice(rng, TENSES, [5, 3, 2, 2])


def sample_triple(rng: random.Random) -> Triple:
    frame = _wchoice(
        rng,
        ["decl", "front", "q", "wh", "report", "exist", "exist_front", "exist_q", "exist_report"],
        [22, 20, 12, 7, 12, 8, 5, 7, 3],
    )
    if frame.startswith("exist"):
        tense = _wchoice(rng, ("present", "perfect", "future"), [5, 2, 3])
        obj, pp = sample_existential_object(rng)
        if frame == "exist":
            de, en, es = existential(tense, obj, pp, "decl")
            return _sentence(de, en, es, False)
        if frame == "exist_front":
            fde, fen, fes = _fronted(rng, tense if tense != "perfect" else "perfect")
            de, en, es = existential(tense, obj, pp, "inv")
            return _sentence(f"{fde} {de}", f"{fen} {en}", f"{fes} {es}", False)
        if frame == "exist_q":
            if rng.random() < 0.75:
                de, en, es = existential(tense, obj, pp, "q")
                return _sentence(de, en, es, True)
            tense = rng.choice(("present", "future"))
            de, en, es = existential(tense, obj, pp, "wh")
            return _sentence(f"warum {de}", f"why {en}", f"por qué {es}", True)
        speaker = _speaker(rng)
        de, en, es = existential(tense, obj, pp, "sub")
        sv = rng.choice(SPEECH_VERBS)
        return _report(speaker, sv, de, en, es)

    tense = _tense(rng)
    verb, subj, obj, pp = _svo(rng)
    if tense == "modal" and not subj.animate:
        tense = "future"  # "das Abkommen will ..." would be odd
    if frame == "decl":
        de, en, es = clause(subj, verb, tense, obj, pp, "decl")
        return _sentence(de, en, es, False)
    if frame == "front":
        fde, fen, fes = _fronted(rng, tense)
        de, en, es = clause(subj, verb, tense, obj, pp, "inv")
        en = clause(subj, verb, tense, obj, pp, "decl")[1]
        es = clause(subj, verb, tense, obj, pp, "decl")[2]
        return _sentence(f"{fde} {de}", f"{fen} {en}", f"{fes} {es}", False)
    if frame == "q":
        de, en, es = clause(subj, verb, tense, obj, pp, "q")
        return _sentence(de, en, es, True)
    if frame == "wh":
        if tense == "perfect":
            tense = "present"
        w = rng.random()
        if w < 0.6:
            wde, wen, wes = "warum", "why", "por qué"
        else:
            wde, wen, wes = "wann", "when", "cuándo"
            if tense == "present":
                tense = "future"
        de, en, es = clause(subj, verb, tense, obj, pp, "wh")
        return _sentence(f"{wde} {de}", f"{wen} {en}", f"{wes} {es}", True)
    # report
    speaker = _speaker(rng)
    de, en, es = clause(subj, verb, tense, obj, pp, "sub")
    sv = rng.choice(SPEECH_VERBS)
    return _report(speaker, sv, de, en, es)


def _speaker(rng) -> NP:
    r = rng.random()
    if r < 0.3:
        return IT_TIMES
    if r < 0.6:
        return np_person(rng)
    if r < 0.8:
        return np_gov(rng)
    return np_company(rng)


def _report(speaker: NP, sv, de: str, en: str, es: str) -> Triple:
    de_v = sv[1] if speaker.de_pl else sv[0]
    en_v = sv[3] if speaker.en_pl else sv[2]
    es_v = sv[5] if speaker.es_pl else sv[4]
    return _sentence(
        f"{speaker.de[NOM]} {de_v}, dass {de}",
        f"{speaker.en} {en_v} that {en}",
        f"{speaker.es} {es_v} que {es}",
        False,
    )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _stream(rng: random.Random) -> Iterator[Triple]:
    while True:
        yield sample_triple(rng)


def _distinct(rng: random.Random, n: int, exclude=None) -> List[Triple]:
    out: List[Triple] = []
    seen = set()
    tries = 0
    limit = 50 * n + 1000
    for t in _stream(rng):
        tries += 1
        if tries > limit:
            raise RuntimeError(f"could only generate {len(out)} distinct sentences of {n}")
        if t.de in seen:
            continue
        if exclude is not None and exclude(t):
            continue
        seen.add(t.de)
        out.append(t)
        if len(out) >= n:
            return out
    return out


def generate(seed: int, n: int) -> List[Triple]:
    """Return ``n`` distinct (by German side) triples, deterministic for ``seed``."""
    return _distinct(random.Random(f"synthetic:{seed}"), n)


def split(seed: int, n_train: int, n_heldout: int) -> Tuple[List[Triple], List[Triple]]:
    """Return disjoint ``(train, heldout)`` lists, deterministic for ``seed``.

    No held-out German, English (nor its "free trade agreement" variant) or
    Spanish sentence occurs anywhere in the training list.
    """
    heldout = _distinct(random.Random(f"synthetic-heldout:{seed}"), n_heldout)
    h_de = {t.de for t in heldout}
    h_en = {t.en for t in heldout} | {en_agreement_variant(t.en) for t in heldout}
    h_es = {t.es for t in heldout}

    def excluded(t: Triple) -> bool:
        return (
            t.de in h_de
            or t.en in h_en
            or en_agreement_variant(t.en) in h_en
            or t.es in h_es
        )

    train = _distinct(random.Random(f"synthetic-train:{seed}"), n_train, exclude=excluded)
    return train, heldout


if __name__ == "__main__":  # pragma: no cover - manual inspection helper
    import sys

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    for t in generate(seed, n):
        print(t.de)
        print("  " + t.en)
        print("  " + t.es)
