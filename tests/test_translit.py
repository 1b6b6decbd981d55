"""Latin ids from Cyrillic text: the table, letter by letter, and whole names."""

import pytest

from roadmaps.fields import ID_PATTERN
from roadmaps.translit import latin, slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ведомости", "vedomosti"),
        ("Коммерсантъ", "kommersant"),
        ("Известия", "izvestiya"),
        ("Щёкино, Хабаровск, Цюрих", "shchekino-khabarovsk-tsyurikh"),
        ("Белорусское телеграфное агентство", "belorusskoe-telegrafnoe-agentstvo"),
        ("Наша Ніва", "nasha-niva"),  # the Belarusian dotted i
        ("Беларусь 1: Ўладзімір", "belarus-1-uladzimir"),  # the Belarusian short u
        ("Зьвязда", "zvyazda"),  # soft sign vanishes
        ("Сям'я", "syamya"),  # the Belarusian apostrophe vanishes
        ("Belarus in Focus", "belarus-in-focus"),
        ("Le Monde diplomatique é", "le-monde-diplomatique-e"),
        ("新华社", ""),
        ("", ""),
    ],
)
def test_slug(text: str, expected: str):
    assert slug(text) == expected
    assert expected == "" or ID_PATTERN.fullmatch(expected)


def test_every_russian_and_belarusian_letter_has_an_ascii_spelling():
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіў"
    for letter in letters + letters.upper():
        spelled = latin(letter)
        assert spelled.isascii() and spelled == spelled.lower(), letter
        assert spelled or letter.lower() in "ъь", letter
