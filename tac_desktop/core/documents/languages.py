"""The language of a stretch of text, as a BCP 47 tag, for the /Lang a screen reader
reads it with (PDF/UA asks for every change of language to be marked).

Only the text is known, not who wrote it, so the tag is the script's most common
language, told apart where a script's letters say more: Persian, Urdu, Pashto and
Sorani Kurdish in Arabic letters; Yiddish in Hebrew ones; Ukrainian, Belarusian,
Serbian and Macedonian in Cyrillic; Japanese and Korean beside Chinese characters. A
letter of a script the table does not know counts as Latin: no tag, the document's own
language stands.

Every line of a long Arabic or Chinese note asks, so the scripts met most (Arabic,
Hebrew and the other right-to-left ones, and East Asian) are found by regular
expressions over their blocks; any other text is read letter by letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache

# The first word of a letter's Unicode name: the script's most common language.
_LANGUAGE_OF_SCRIPT = {
    "ARABIC": "ar",
    "HEBREW": "he",
    "SYRIAC": "syr",
    "THAANA": "dv",
    "NKO": "nqo",
    "ADLAM": "ff-Adlm",  # Fula (mostly written in Latin letters: "ff" alone is Latin)
    "GREEK": "el",
    "CYRILLIC": "ru",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "GURMUKHI": "pa",
    "GUJARATI": "gu",
    "ORIYA": "or",
    "TAMIL": "ta",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "SINHALA": "si",
    "THAI": "th",
    "LAO": "lo",
    "MYANMAR": "my",
    "KHMER": "km",
    "TIBETAN": "bo",
    "ETHIOPIC": "am",
    "TIFINAGH": "zgh",
    "CHEROKEE": "chr",
    "CANADIAN": "iu",  # (syllabics: Inuktitut, Cree)
    "VAI": "vai",
    "YI": "ii",
    "EAST ASIAN": "zh",  # Chinese characters, kana and Hangul: see _east_asian
}
# Scripts counted as one: Japanese and Korean mix them with Chinese characters.
_ONE_SCRIPT = dict.fromkeys(("CJK", "BOPOMOFO", "HIRAGANA", "KATAKANA", "HANGUL"), "EAST ASIAN")

# Letters one language of a script has and its most common language has not; the
# first match wins (Urdu before Persian: Urdu has the Persian letters too).
_LETTERS_OF_LANGUAGE: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "ar": (
        ("ur", re.compile("[ٹڈڑںےۓ]")),
        ("ps", re.compile("[ټډړږښځڅګڼۍې]")),
        ("ckb", re.compile("[ڕڵۆێە]")),
        ("fa", re.compile("[پچژگکی]")),
    ),
    "he": (("yi", re.compile("[\u05f0-\u05f2\ufb1f]")),),
    "ru": (
        ("be", re.compile("[Ўў]")),  # (before Ukrainian: Belarusian has і too)
        ("uk", re.compile("[ҐґЄєІіЇї]")),
        ("mk", re.compile("[ЃѓЌќЅѕ]")),  # (before Serbian: Macedonian has ј, љ, њ, џ)
        ("sr", re.compile("[ЂђЋћЏџЉљЊњЈј]")),
    ),
}
# Any letter that tells one language of a script from its most common one
_TELLING = {
    language: re.compile("|".join(letters.pattern for _other, letters in others))
    for language, others in _LETTERS_OF_LANGUAGE.items()
}
# kana letters (not the middle dot ・, which Chinese and Korean use too)
_KANA = re.compile(
    "[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d]"
)
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# Blocks of the scripts found by expression, as character-class ranges (``house``
# finds Arabic and Hebrew text by them too).
SCRIPT_BLOCKS = {
    "ARABIC": "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "HEBREW": "\u0590-\u05ff\ufb1d-\ufb4f",
    "SYRIAC": "\u0700-\u074f\u0860-\u086f",
    "THAANA": "\u0780-\u07bf",
    "NKO": "\u07c0-\u07ff",
    "EAST ASIAN": (
        "\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
        "\uff66-\uffdc\U00020000-\U0003ffff"
    ),
}
# Latin and what reads with it (IPA, modifier letters, full-width Latin)
_LATIN = "\x00-\u02ff\u1d00-\u1dbf\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\uff21-\uff5a"
# A letter (a word character, not a digit or "_") outside Latin
_FOREIGN = re.compile(f"[^\\W\\d_{_LATIN}]")
_OTHER_THAN = {
    script: re.compile(f"[^\\W\\d_{_LATIN}{block}]") for script, block in SCRIPT_BLOCKS.items()
}
# A character of the script's blocks
_LETTERS_OF = {script: re.compile(f"[{block}]") for script, block in SCRIPT_BLOCKS.items()}
_LATIN_CHARACTER = re.compile(f"[{_LATIN}]")


@cache
def _script(char: str) -> str | None:
    """The script of a letter or mark in the table, or None (Latin, or unknown)."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    name = unicodedata.name(char, "").removeprefix("HALFWIDTH ")  # (kana, Hangul)
    word = name.split(" ", 1)[0]
    word = _ONE_SCRIPT.get(word, word)
    return word if word in _LANGUAGE_OF_SCRIPT else None


def _east_asian(text: str) -> str:
    if _KANA.search(text) is not None:
        return "ja"
    hangul = len(_HANGUL.findall(text))
    return "ko" if hangul and hangul >= len(_HAN.findall(text)) else "zh"


def _language(script: str, text: str) -> str:
    """The language of ``text`` whose letters other than Latin are mostly ``script``."""
    if script == "EAST ASIAN":
        return _east_asian(text)
    language = _LANGUAGE_OF_SCRIPT[script]
    telling = _TELLING.get(language)
    if telling is None or telling.search(text) is None:
        return language
    for other, letters in _LETTERS_OF_LANGUAGE[language]:
        if letters.search(text) is not None:
            return other
    return language


def _counted(text: str) -> tuple[Counter[str], int]:
    """The letters of ``text`` in each script of the table, and the rest (Latin...)."""
    scripts: Counter[str] = Counter()
    others = 0
    for char, n in Counter(text).items():
        if char.isalpha():
            script = _script(char)
            if script is not None:
                scripts[script] += n
            else:
                others += n
    return scripts, others


def _letters(found: list[str]) -> int:
    return sum(map(str.isalpha, found))


def _single(text: str) -> str | None:
    """The one script of the table ``text`` has letters of, when it is one found by
    expression and ``text`` has no letter of another script outside Latin; else None
    (no letter outside Latin, or several scripts: count them)."""
    found = _FOREIGN.search(text)
    if found is None:
        return None
    script = _script(found.group())
    if script not in _OTHER_THAN or _OTHER_THAN[script].search(text) is not None:
        return None
    return script


def language_of_text(text: str) -> str:
    """The language of a paragraph: that of the script most of its letters are in, or
    "" when that is Latin or a script the table does not know."""
    if text.isascii() or _FOREIGN.search(text) is None:
        return ""
    script = _single(text)
    if script is not None:
        # (letters alone, as ``_counted`` counts them)
        latin = _letters(_LATIN_CHARACTER.findall(text))
        if latin == 0 or _letters(_LETTERS_OF[script].findall(text)) > latin:
            return _language(script, text)
        return ""
    scripts, others = _counted(text)
    if not scripts:
        return ""
    script, count = scripts.most_common(1)[0]
    return _language(script, text) if count > others else ""


def language_of_span(text: str) -> str:
    """The language of a line holding a name or phrase in a script other than Latin:
    that of the one most of those letters are in ("" when there is none)."""
    if text.isascii():
        return ""
    script = _single(text)
    if script is not None:
        return _language(script, text)
    if _FOREIGN.search(text) is None:
        return ""
    scripts, _others = _counted(text)
    return _language(scripts.most_common(1)[0][0], text) if scripts else ""


def language_of_lines(paragraph: str) -> Callable[[str], str]:
    """``language_of_span`` for each line of ``paragraph``, worked out once for the
    paragraph when its letters outside Latin are all of one script found by
    expression (a long Arabic note: thousands of lines), a line by itself otherwise."""
    script = _single(paragraph)
    if script is None:
        return language_of_span
    language = _language(script, paragraph)
    letters = _LETTERS_OF[script]
    return lambda line: language if letters.search(line) is not None else ""
