"""The language a screen reader is told for typed text (``documents.languages``)."""

from __future__ import annotations

import pytest

from tac_desktop.core.documents.languages import language_of_span, language_of_text


@pytest.mark.parametrize(
    ("text", "paragraph", "span"),
    [
        ("Plain English, nothing else.", "", ""),
        ("Zoë and Chloé met Mr Łukasz Brzęczyszczykiewicz.", "", ""),  # Latin letters
        ("Said שלום לכולם to everyone at the meeting today", "", "he"),
        ("Mrs Yusuf يوسف", "", "ar"),
        ("مرحبا، تحدثنا عن المدرسة", "ar", "ar"),
        ("ما درباره مدرسه صحبت کردیم", "fa", "fa"),
        ("ہم نے اسکول کے بارے میں بات کی", "ur", "ur"),
        ("موږ د ښوونځي په اړه خبرې وکړې", "ps", "ps"),
        ("ئێمە باسی قوتابخانەمان کرد", "ckb", "ckb"),
        ("מיר האָבן גערעדט װעגן דער שול", "yi", "yi"),
        ("Мы говорили о школе", "ru", "ru"),
        ("Ми говорили про школу і сім'ю", "uk", "uk"),
        ("Разговарали смо о школи и њој", "sr", "sr"),
        ("学校について話しました", "ja", "ja"),
        ("学校", "zh", "zh"),
        ("학교에 대해 이야기했습니다", "ko", "ko"),
        ("ሰላም ነው", "am", "am"),
        ("ދިވެހި", "dv", "dv"),
        ("ܫܠܡܐ", "syr", "syr"),
        ("𞤀𞤣𞤤𞤢𞤥 𞤊𞤵𞤤𞤬𞤵𞤤𞤣𞤫", "ff-Adlm", "ff-Adlm"),  # Fula in its own letters
        ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "chr", "chr"),
        ("ᐃᓄᒃᑎᑐᑦ", "iu", "iu"),
        ("ꕙꔤ ꔒꕌ", "vai", "vai"),
        ("ꆈꌠꁱꂷ", "ii", "ii"),
        ("Беларусь — краіна ў Еўропе", "be", "be"),  # і as in Ukrainian, and ў
        ("Таа ќе дојде утре", "mk", "mk"),  # ј as in Serbian, and ќ
        ("乔治・华盛顿是美国第一任总统", "zh", "zh"),  # the middle dot is not kana
        ("우리는 학교・가족에 대해 이야기했다", "ko", "ko"),
        ("ｶﾀｶﾅ 日本", "ja", "ja"),  # half-width kana, first or last
        ("日本ｶﾀｶﾅ", "ja", "ja"),
        ("ＡＢＣＤＥＦ 中", "", "zh"),  # full-width Latin letters count as Latin
        ("ＡＢＣＤＥＦ 中 α", "", "zh"),
        ("Room 12\u3000\u3000\u3000\u3000東", "", "zh"),  # spaces are not letters
        ("Total ٠١٢٣٤٥ ج", "", "ar"),  # nor are digits
        ("1234 — 5678 (+44)", "", ""),  # no letters at all
        ("\U0001f600\U0001f600\U0001f600 ok", "", ""),  # emoji are not letters
        ("\U0002fffe\U000e0001", "", ""),  # a noncharacter, a tag: no script
    ],
)
def test_the_language_follows_the_letters(text: str, paragraph: str, span: str) -> None:
    assert language_of_text(text) == paragraph
    assert language_of_span(text) == span
