"""The order names are listed in: by their pinyin, as a Chinese office sorts a staff list.

Sorting by character code puts 刘, 吴, 周, 孙, 张 in an order no clerk expects; by pinyin
(with tones, so 李 li3 comes after 黎 li2) it is 刘 liu, 孙 sun, 吴 wu, 张 zhang, 周 zhou.
Latin letters sort among the pinyin, case aside. A surname with two readings gets its
usual one (pypinyin's phrase data), which is right for most names but not all (单 as a
surname is shan, not dan).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16384)
def name_order(name: str) -> tuple[str, ...]:
    """A sort key for `name`: its syllables in pinyin with tone numbers."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use only

    return tuple(s.lower() for s in lazy_pinyin(name, style=Style.TONE3))
