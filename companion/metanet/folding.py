"""One folding of what people write, for every comparison of names and words.

Identity (blocking, scoring, exact-evidence checks), search, display matching and "find the
person by the name you say" all compare text through these two functions, so that a name
that matches in one place matches everywhere:

* :func:`fold` — the *strict* form: lower-case ASCII. The German table comes first
  (``ä → ae``, ``ö → oe``, ``ü → ue``, ``ß → ss``, as German speakers type them when the
  keyboard has no umlauts), Greek vowel digraphs next (``ου → ou``, as Greeks write their
  names in Latin letters), then a transliteration library for every other letter of every
  script: Turkish ``ı``/``İ``, Polish ``ł``, South Slavic ``đ``, Cyrillic, Greek, accents.
  "Mehmet Yılmaz" folds to "mehmet yilmaz", "Дмитрий Иванов" to "dmitriy ivanov".
* :func:`loose` — the *loose* form of a folded text, for blocking and for "same name, other
  spelling": umlauts typed as plain vowels (``mueller = muller``), and the spellings in
  which the same Cyrillic or South Slavic name reaches German and English networks
  (``Iwanow = Ivanov``, ``Sergej = Sergey = Sergei``, ``Dmitrij = Dmitry``,
  ``Schewtschenko = Shevchenko``, ``Djordje = Đorđe``). It finds more candidates; scoring
  then says how close they really are (strict equal: "same", loose equal: "spelling").

Transliteration library: anyascii, not Unidecode. Both are maintained and cover every
script; anyascii is ISC-licensed (Unidecode is GPL, which this proprietary package cannot
ship), has no dependencies, and transliterates Cyrillic the way names are usually written
in Latin letters (``Дмитрий → Dmitriy``, ``Ђорђе → Djordje``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# German first: "Müller" is "Mueller" when typed without umlauts, not "Muller" (loose
# brings both together). æ/ø as Danes and Norwegians transliterate them.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
# Greek digraphs as names are written in Latin letters (ELOT 743 / passports): the library
# goes letter by letter ("Παπαδόπουλος" → "Papadopoylos"); people write "Papadopoulos".
_GREEK_DIGRAPHS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("ηυ", "iv"), ("γγ", "ng"),
                   ("γξ", "nx"), ("γχ", "nch"))  # fmt: skip
# Apostrophes inside names (O'Brien, the Cyrillic soft sign: Ol'ga) are not word breaks.
_APOSTROPHES = re.compile(r"['`\u2019\u02bc\u02b9]")
# Serbian Cyrillic is written letter for letter in Serbian Latin ("Живковић" = "Živković"),
# not as Russian is transliterated ("Zhivkovich"): text with a letter only Serbian has
# (ђ ј љ њ ћ џ; surnames in -ић have one) is read the Serbian way.
_SERBIAN_ONLY = re.compile(r"[ђјљњћџ]")
_SERBIAN = str.maketrans({"ж": "ž", "ш": "š", "ч": "č", "ћ": "ć", "ђ": "đ", "џ": "dž",
                          "љ": "lj", "њ": "nj", "ј": "j", "ц": "c", "х": "h"})  # fmt: skip

# Loose: each rule maps spellings of one sound to one form. Applied in this order, each
# only when one of its letter groups is in the text (a quick test: most words need few).
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), replacement, needles)
    for pattern, replacement, needles in (
        (r"ae", "a", ("ae",)),  # Mueller / Muller
        (r"oe", "o", ("oe",)),
        (r"ue", "u", ("ue",)),
        (r"ph", "f", ("ph",)),
        (r"th", "t", ("th",)),
        (r"ck", "k", ("ck",)),
        # Vassiliki / Vasiliki, Kossin / Kosin (German ss between vowels)
        (r"ss", "s", ("ss",)),
        (r"kh", "ch", ("kh",)),  # Mikhail / Michail (English / German of Михаил)
        (r"c(?=[aoulr])", "k", ("c",)),  # Constantinos / Konstantinos, Carl / Karl
        # Schewtschenko / Shevchenko (German / English of Шевченко)
        (r"tsch", "ch", ("tsch",)),
        (r"sch", "sh", ("sch",)),
        (r"zh", "sh", ("zh",)),  # Zhukov / Schukow (Жуков)
        (r"dj", "d", ("dj",)),  # Djordje / Đorđe (the library gives "Dorde")
        (r"x", "ks", ("x",)),  # Alexej / Aleksey
        (r"w", "v", ("w",)),  # Iwanow / Ivanov
        (r"j", "y", ("j",)),  # Jurij / Yuriy, Natalja / Natalya
        # Iurii / Yuriy, Iana / Yana (passports since 2013: ю iu, я ia)
        (r"\bi(?=[au])", "y", ("ia", "iu")),
        (r"\bye", "e", ("ye",)),  # Yelena / Elena, Yevgeny / Evgeny (and Jelena after j → y)
        # Yiorgos / Giorgos, Panayiotis / Panagiotis (Greek γι)
        (r"yi(?=[aeou])", "gi", ("yi",)),
        # Dmitriy / Dmitrii / Dmitri, Oliynyk / Oliinyk
        (r"(?<=[a-z])i[iy](?![aeiou])", "i", ("ii", "iy")),
        (r"(?<=[a-z])ey\b", "ei", ("ey",)),  # Sergey / Sergej / Sergei
        (r"(?<=[^aeiouy\W])y\b", "i", ("y",)),  # Dmitry / Dmitri
        (r"(?<=[^aeiouy\W])i?ya", "ia", ("ya",)),  # Yuliya / Yulia, Tatyana / Tatiana
        (r"(?<=[a-z])iia\b", "ia", ("iia",)),  # Iuliia / Yulia
        (r"(?<=[^aeiouy\W])iu", "yu", ("iu",)),  # Liudmila / Lyudmila
        (r"(?<=[^aeiouy\W])ye", "e", ("ye",)),  # Vasilyeva / Vasileva / Wassiljewa (ье)
        (r"(?<=[^aeiouy\W])y(?=[^aeiouy\W])", "i", ("y",)),  # Melnyk / Melnik, Lydia / Lidia
        (r"(?<=[ao])y(?![aeiou])", "i", ("ay", "oy")),  # Nikolay / Nikolai, Mikhaylov / Mikhailov
    )
)


_MAX_ROUNDS = 4
# every letter group any rule needs: text without one of them is already loose
_ANY_NEEDLE = re.compile("|".join(sorted({n for _, _, ns in _LOOSE_RULES for n in ns})))


@lru_cache(maxsize=300_000)
def fold(text: str) -> str:
    """Lower-case ASCII: the German table first, then every script transliterated."""
    if text.isascii():  # most names, titles and companies: nothing to transliterate
        return _APOSTROPHES.sub("", text.lower())
    text = unicodedata.normalize("NFC", text).lower().translate(_GERMAN)
    if _GREEK.search(text):
        text = _fold_greek(text)
    elif _SERBIAN_ONLY.search(text):
        text = text.translate(_SERBIAN)
    return _APOSTROPHES.sub("", anyascii(text).lower())


def _fold_greek(text: str) -> str:
    """Greek without accents, its vowel digraphs as written in Latin letters."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    for greek, latin in _GREEK_DIGRAPHS:
        bare = bare.replace(greek, latin)
    return bare


@lru_cache(maxsize=300_000)
def loose(text: str) -> str:
    """The loose form of folded text: ``mueller`` and ``muller``, ``iwanow`` and ``ivanov``.

    The rules run until nothing changes (one rule's result may be another's input: "cx"
    becomes "cks", then "ks"), so the loose form of a loose form is itself.
    """
    for _ in range(_MAX_ROUNDS):
        if not _ANY_NEEDLE.search(text):
            break
        before = text
        for pattern, replacement, needles in _LOOSE_RULES:
            for needle in needles:
                if needle in text:
                    text = pattern.sub(replacement, text)
                    break
        if text == before:
            break
    return text


def fold_loose(text: str) -> str:
    """:func:`loose` of :func:`fold`: how two spellings of one word are compared."""
    return loose(fold(text))
