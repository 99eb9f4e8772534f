"""Names in pinyin order (issue 13, point 11)."""

from __future__ import annotations

from kiosk.domain.names import name_order


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
