"""The order names are listed in: by their pinyin, as a Chinese office sorts a staff list.

Sorting by character code puts 刘, 吴, 周, 孙, 张 in an order no clerk expects; by pinyin
(with tones, so 李 li3 comes after 黎 li2) it is 刘 liu, 孙 sun, 吴 wu, 张 zhang, 周 zhou.
Latin letters sort among the pinyin, case aside. A surname with two readings gets its
usual one (pypinyin's phrase data), which is right for most names but not all (单 as a
surname is shan, not dan).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=16384)
def name_order(name: str) -> tuple[str, ...]:
    """A sort key for `name`: its syllables in pinyin with tone numbers."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use only

    return tuple(s.lower() for s in lazy_pinyin(name, style=Style.TONE3))


def stored_order(name: str) -> dict[str, Any]:
    """What the staff file keeps with a person: `name`'s sort key, and the name it is the
    key of. Worked out when a name is written, so that listing the staff sorts without
    pypinyin, whose dictionaries take most of a `kiosk staff list` to load."""
    return {"of": name, "pinyin": list(name_order(name))}


def known_order(name: str, stored: Any) -> tuple[str, ...] | None:
    """`name`'s sort key as kept by `stored_order`, or None when nothing usable was kept:
    a folder from before the keys, a damaged entry, or a name edited since (the key names
    another name), which `name_order` then works out afresh. Read from the file: untrusted."""
    if not isinstance(stored, dict) or stored.get("of") != name:
        return None
    pinyin = stored.get("pinyin")
    if not isinstance(pinyin, list) or not pinyin:
        return None
    if not all(isinstance(s, str) for s in pinyin):
        return None
    return tuple(pinyin)


@lru_cache(maxsize=16384)
def _spellings(name: str) -> tuple[str, str]:
    """`name` in toneless pinyin, whole and as initials: 张丽 -> ("zhangli", "zl")."""
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL)]
    return "".join(syllables).replace(" ", ""), "".join(s[:1] for s in syllables if s.strip())


def name_matches(query: str, name: str, staff_id: str) -> bool:
    """Whether a lead's search finds this person: part of the name or the ID, or the name's
    pinyin whole or by initials (zhangli, zl), case and full-width letters aside. A lead at
    a keyboard without a Chinese input method still finds 张丽 by typing zl."""
    wanted = unicodedata.normalize("NFKC", query).strip().lower().replace(" ", "")
    if not wanted:
        return True
    if wanted in staff_id.lower() or wanted in unicodedata.normalize("NFKC", name).lower():
        return True
    whole, initials = _spellings(name)
    return wanted in whole or wanted in initials


def learn_names(names: Iterable[str]) -> None:
    """Work out the sort key and the search spellings of `names` now (a screen's loading
    worker calls this): pypinyin's dictionaries take most of a second to load, which on
    the first keystroke or the first sort would freeze the screen."""
    for name in names:
        name_order(name)
        _spellings(name)
