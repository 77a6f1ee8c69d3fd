"""Name forms for victim lists: the name as written, a normalized form, and variant keys.

The name as written is never changed.  For matching, every script is romanized with
``anyascii`` (ISC licence), case-folded and stripped of punctuation (``normalized``);
the tokens sorted give an order-free form (``sorted_form``: "Rezaei Mohammad" and
"Mohammad Rezaei" agree).  ``skeleton`` is a deliberately lossy consonant key that lets
common transliteration variants meet: Arabic and Persian script romanize to consonants
only (محمد -> "mhmd"), so Latin spellings are reduced the same way (Mohammad, Muhammad,
Mohammed, Мухаммад -> "mhmd").  Keys are for blocking and comparison, never display.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_GLOTTAL = re.compile(r"[`'’ʿʾ]")  # ayn and hamza marks: Ja'fari ~ Jafari, not two words
# Digraphs first (longest first), then single letters.  Chosen so that the usual Latin
# romanizations of Arabic/Persian/Cyrillic names fall onto what anyascii makes of the
# original script: kh (Cyrillic х, Arabic خ) ~ h (ح); Persian pronounces ض ظ ذ ز as z and
# anyascii writes d/z/dh/z, so d and z share a class; q ~ g (Ghasemi, Qasemi, Гасеми);
# Cyrillic dzh ~ dj ~ j; ou ~ u; v ~ w.  No "th": anyascii's t+h (طاهری) must stay t h.
_DIGRAPHS = (
    ("dzh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("dh", "z"),
    ("ph", "f"),
    ("ou", "u"),
    ("ck", "k"),
)
_LETTERS = str.maketrans({"q": "g", "c": "k", "d": "z", "v": "w"})
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")


def normalized(name: str) -> str:
    """Romanized, case-folded, punctuation turned to single spaces ("" when nothing is left)."""
    text = unicodedata.normalize("NFKC", name or "")
    ascii_ = _GLOTTAL.sub("", anyascii(_GLOTTAL.sub("", text))).casefold()
    return _NON_ALNUM.sub(" ", ascii_).strip()


def sorted_form(name: str) -> str:
    """The normalized tokens in alphabetical order."""
    return " ".join(sorted(normalized(name).split()))


def token_skeleton(token: str) -> str:
    """The consonant key of one normalized token (may be "" for an all-vowel token)."""
    t = token
    for pair, repl in _DIGRAPHS:
        t = t.replace(pair, repl)
    t = t.translate(_LETTERS)
    t = _VOWELS.sub("", t)
    t = _REPEATS.sub(r"\1", t)
    if len(t) > 1 and t.endswith("h"):  # Fatemeh / فاطمه ~ Fatima: a final h is often silent
        t = t[:-1]
    return t


def skeleton(name: str) -> str:
    """Sorted consonant keys of every token, e.g. "Mohammad Rezaei" and "محمد رضایی" -> "mhmz rz"."""
    keys = [token_skeleton(t) for t in normalized(name).split()]
    return " ".join(sorted(k for k in keys if k))


def first_last_keys(name: str) -> tuple[str, str]:
    """Consonant keys of the first and last tokens as written (order matters for these)."""
    tokens = [k for k in (token_skeleton(t) for t in normalized(name).split()) if k]
    if not tokens:
        return "", ""
    return tokens[0], tokens[-1]
