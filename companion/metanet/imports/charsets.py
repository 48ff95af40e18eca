"""Decoding 8-bit text that does not say which charset it is in (old vCards).

vCard 2.1 lets each property name its ``CHARSET``; many writers leave it out. UTF-8 is tried
first (it almost never decodes text that is not UTF-8). Otherwise the choice is between the
Western (Windows-1252, a superset of ISO-8859-1, which XING and Outlook write) and the
Central European (ISO-8859-2, which The Bat! and Polish/Czech phones write) code pages,
decided by evidence in the bytes themselves:

- a byte that is a letter in ISO-8859-2 but a symbol in ISO-8859-1 (``0xB3`` ł vs ³,
  ``0xB1`` ą vs ±, ``0xBF`` ż vs ¿, …): names do not contain those symbols;
- ``0xF1``/``0xD1`` (ń/Ń vs ñ/Ñ) before a consonant or at the end of a word: Polish ń is
  found there ("Iksiński"), Spanish ñ is always followed by a vowel ("Muñoz").
Without such evidence the text is Western: ``Größ``, ``Zoë``, ``José`` and ``Ørsted`` read
the same in both pages except ``Ø`` (Ř in ISO-8859-2), which the Western default keeps.
"""

from __future__ import annotations

# Bytes that are letters in ISO-8859-2 and punctuation or symbols in ISO-8859-1.
_LATIN2_LETTERS = frozenset(
    b"\xa1\xa3\xa5\xa6\xa9\xaa\xab\xac\xae\xaf\xb1\xb3\xb5\xb6\xb9\xba\xbb\xbc\xbe\xbf"
)
_N_ACUTE = frozenset(b"\xf1\xd1")
_VOWELS = frozenset(b"aeiouyAEIOUY")


def looks_central_european(raw: bytes) -> bool:
    """True if the bytes carry evidence of ISO-8859-2 (see the module docstring)."""
    for index, byte in enumerate(raw):
        if byte in _LATIN2_LETTERS:
            return True
        if byte in _N_ACUTE:
            following = raw[index + 1 : index + 2]
            if not following or following[0] not in _VOWELS:
                return True
    return False


def decode_8bit(raw: bytes, declared: str | None = None) -> str:
    """Text from bytes in ``declared`` charset, or in the best-supported guess.

    A declared charset that Python does not know raises :class:`LookupError`; bytes that
    are invalid in the declared charset raise :class:`UnicodeDecodeError`.
    """
    if declared:
        return raw.decode(declared)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if looks_central_european(raw):
        return raw.decode("iso-8859-2")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1")
