"""How the exhibition's search reads text: one normaliser and one tokeniser for what is indexed and
for what visitors type, so that both sides always agree, on SQLite and on PostgreSQL alike.

- Normalise: compatibility decomposition (full-width letters and digits become plain ones), every
  combining mark removed (Vietnamese, French and Russian accents; Arabic tashkeel; the hamza and
  madda that sit on an alef), case folded, then a few letters that have no decomposition folded by
  hand (Vietnamese ``đ``, ``œ``, ``ł`` …), Arabic tatweel dropped, ``ى`` read as ``ي`` and ``ة`` as
  ``ه``, Arabic-Indic digits as 0–9. "Chính phủ", "CHINH PHU" and "chinh phu" all become
  ``chinh phu``.
- Tokenise: runs of letters and digits. Chinese and Japanese are written without spaces, so a run
  of Han or kana characters is indexed as its overlapping pairs ("云计算" → ``云计 计算``) followed
  by its single characters (``云 计 算``); a query of two or more such characters looks for its pairs
  as a phrase (adjacent, in order), a query of one character for that character. This is the usual
  bigram approach of search engines without a Chinese dictionary: no false splits, a little more
  index.
- Arabic: a word with the definite article (``ال``, also ``وال``, ``بال``, ``كال``, ``فال``, ``لل``)
  is indexed both as written and without it; a query word loses its article, so "البيانات" and
  "بيانات" find each other.

Only letters and digits ever leave this module, so nothing a visitor types can be read as search
syntax by either database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Han ideographs (with extensions and compatibility forms), hiragana and katakana.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a]")
#: Longest first: "وال" (and the) before "ال" (the).
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_FOLD = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "œ": "oe",
        "æ": "ae",
        "þ": "th",
        "\u0640": "",  # Arabic tatweel (kashida): a stretch, not a letter
        "ى": "ي",  # alef maksura, often written for final yeh
        "ة": "ه",  # teh marbuta, often written as heh
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Extended (Persian, Urdu)
    }
)
#: Longer runs are not words (a pasted address or a key); they are left out of the index and queries.
MAX_TOKEN_LENGTH = 60
#: A query uses at most this many terms; the rest of a long query is ignored.
MAX_QUERY_TERMS = 12


def normalise(text: str) -> str:
    """Text as the index stores it: no marks, folded case and letters (see the module's docstring)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", bare.casefold().translate(_FOLD))


def without_article(word: str) -> str | None:
    """An Arabic word without its definite article (None when it has none, or would keep < 2 letters)."""
    if not _ARABIC_LETTER.match(word):
        return None
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return None


def _bigrams(run: str) -> list[str]:
    return [run[index : index + 2] for index in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """The tokens a text is indexed under, in order (CJK runs as pairs then single characters)."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(normalise(text)):
        run = match.group("cjk")
        if run:
            if len(run) > 1:
                tokens.extend(_bigrams(run[:MAX_TOKEN_LENGTH]))
            tokens.extend(run[:MAX_TOKEN_LENGTH])
            continue
        word = match.group("word")
        if len(word) > MAX_TOKEN_LENGTH:
            continue
        tokens.append(word)
        bare = without_article(word)
        if bare is not None:
            tokens.append(bare)
    return tokens


@dataclass(frozen=True)
class QueryTerm:
    """One thing a document must contain: a token, or a phrase of CJK pairs; ``prefix``: the last
    token may be the beginning of a longer one (the visitor may still be typing it)."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_terms(q: str) -> list[QueryTerm]:
    """What a visitor typed, as terms every matching document contains (all of them, in any order)."""
    terms: list[QueryTerm] = []
    for match in _TOKEN.finditer(normalise(q)):
        run = match.group("cjk")
        if run:
            run = run[:MAX_TOKEN_LENGTH]
            term = QueryTerm(tuple(_bigrams(run)) if len(run) > 1 else (run,))
        else:
            word = match.group("word")
            if len(word) > MAX_TOKEN_LENGTH:
                continue
            term = QueryTerm((without_article(word) or word,))
        if term not in terms:
            terms.append(term)
    terms = terms[:MAX_QUERY_TERMS]
    # Prefix on the last word only, and not on Chinese: its characters are already indexed one by one.
    if terms and not _CJK_CHAR.match(terms[-1].tokens[0]):
        terms[-1] = QueryTerm(terms[-1].tokens, prefix=True)
    return terms


def fts5_query(terms: list[QueryTerm]) -> str:
    """An SQLite FTS5 query: every term a quoted string (a phrase for CJK pairs), ``*`` after a prefix.

    Terms hold only letters and digits; quotes are doubled anyway, so the string stays one string.
    """
    parts = []
    for term in terms:
        phrase = " ".join(term.tokens).replace('"', '""')
        parts.append(f'"{phrase}"' + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def _tsquery_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: list[QueryTerm]) -> str:
    """A PostgreSQL ``tsquery`` literal: terms joined with ``&``, CJK pairs as a ``<->`` phrase."""
    parts = []
    for term in terms:
        lexemes = [_tsquery_lexeme(token) for token in term.tokens]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


#: PostgreSQL keeps positions up to this number (larger ones are stored as this).
_MAX_POSITION = 16383


def tsvector(columns: list[tuple[str, str]]) -> str:
    """A PostgreSQL ``tsvector`` literal from (indexed text, weight letter) pairs, positions counted
    across the columns with a gap between them (so a phrase never spans two columns)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in columns:
        for token in text.split():
            position += 1
            places = positions.setdefault(token, [])
            if len(places) < 255:  # PostgreSQL keeps at most 256 positions per lexeme
                places.append(f"{min(position, _MAX_POSITION)}{weight}")
        position += 100
    return " ".join(f"{_tsquery_lexeme(token)}:{','.join(places)}" for token, places in positions.items())


def term_in(term: QueryTerm, tokens: set[str]) -> bool:
    """Whether indexed tokens contain a term (phrases: all their pairs; prefixes: a longer token)."""
    if term.prefix:
        *whole, start = term.tokens
        return all(token in tokens for token in whole) and any(token.startswith(start) for token in tokens)
    return all(token in tokens for token in term.tokens)
