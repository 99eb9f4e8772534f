"""Names in pinyin order (issue 13, point 11)."""

from __future__ import annotations

from kiosk.domain.names import name_matches, name_order


def test_surnames_sort_by_pinyin_not_by_character_code() -> None:
    names = ["刘敏", "吴倩", "周婷", "孙主任", "张丽"]
    assert sorted(names) == ["刘敏", "吴倩", "周婷", "孙主任", "张丽"]  # code order
    assert sorted(names, key=name_order) == ["刘敏", "孙主任", "吴倩", "张丽", "周婷"]


def test_tones_and_latin_names_have_a_place() -> None:
    assert sorted(["李娜", "黎明", "Lily", "liu"], key=name_order) == [
        "黎明",
        "李娜",
        "Lily",
        "liu",
    ]


def test_a_search_finds_a_name_by_characters_id_pinyin_or_initials() -> None:
    for query in ("张", "张丽", "1001", "zhangli", "ZL", "zhang", "ｚｌ", " zl "):
        assert name_matches(query, "张丽", "1001"), query
    for query in ("李", "1002", "zx", "wang"):
        assert not name_matches(query, "张丽", "1001"), query
    assert name_matches("", "张丽", "1001")
    assert name_matches("ann", "Anna Li", "2001")
