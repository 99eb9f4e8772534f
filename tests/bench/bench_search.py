"""What the lead's search costs per keystroke, at 100 and at 5,000 people.

Run: `.venv/bin/python -m tests.bench.bench_search [N ...]` (default 100 5000). Prints
figures; writes tests/bench/results/search.json. Asserts only that the search finds what it
should, never a timing.

a. The match (kiosk.domain.names.name_matches) over everyone: the first keystroke (pinyin
   of every name computed, cold) and the next ones (cached), for the queries a lead types.
b. The board's table rebuilt with the matches (a DataTable of 9 Text cells a row, as
   screens/lead/board.py fills it), in a headless Textual app: what a keystroke costs the
   screen, beside the match alone. The board waits for a pause in the typing
   (`SEARCH_PAUSE`) before it rebuilds, so a name typed fast costs one rebuild.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from kiosk.domain import names
from kiosk.domain.names import name_matches

RESULTS = Path(__file__).parent / "results"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁"
    "梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦"
    "黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪"
)
QUERIES = ["z", "zh", "zha", "zl", "张", "张丽", "10", "1234"]


def people(count: int, seed: int = 7) -> list[tuple[str, str]]:
    pick = random.Random(seed)
    return [
        (f"{1000 + n}", pick.choice(SURNAMES) + "".join(pick.choices(GIVEN, k=pick.choice((1, 2)))))
        for n in range(count)
    ]


def time_matches(staff: list[tuple[str, str]]) -> dict[str, float]:
    names._spellings.cache_clear()  # the kiosk's first search after a start
    start = time.perf_counter()
    found = [s for s in staff if name_matches(QUERIES[0], s[1], s[0])]
    cold = time.perf_counter() - start
    assert found, "z finds someone"
    warm = []
    for _ in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            [s for s in staff if name_matches(query, s[1], s[0])]
            warm.append(time.perf_counter() - start)
    warm.sort()
    return {
        "cold_ms": cold * 1000,
        "warm_median_ms": statistics.median(warm) * 1000,
        "warm_p99_ms": warm[min(len(warm) - 1, int(len(warm) * 0.99))] * 1000,
    }


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="board")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in range(9):
            table.add_column(f"c{column}", key=str(column))


async def time_rebuilds(staff: list[tuple[str, str]]) -> dict[str, float]:
    app = TableApp()
    times = []
    async with app.run_test(size=(160, 45)) as pilot:
        table = app.query_one(DataTable)
        for query in QUERIES * 2:
            shown = [s for s in staff if name_matches(query, s[1], s[0])]
            start = time.perf_counter()
            table.clear()
            for sid, name in shown:
                cells = [Text(sid), Text(name), Text("A"), Text("07:55"), Text(""), Text(""),
                         Text(""), Text("在岗"), Text("待检查")]  # fmt: skip
                table.add_row(*cells, key=sid)
            await pilot.pause()  # the table laid out and painted
            times.append(time.perf_counter() - start)
    times.sort()
    return {
        "rebuild_median_ms": statistics.median(times) * 1000,
        "rebuild_p99_ms": times[-1] * 1000,
    }


def main(sizes: list[int]) -> None:
    results = {}
    for count in sizes:
        staff = people(count)
        figures = time_matches(staff) | asyncio.run(time_rebuilds(staff))
        results[str(count)] = figures
        print(
            f"{count:>5} people: match cold {figures['cold_ms']:.1f} ms, "
            f"warm median {figures['warm_median_ms']:.2f} ms (p99 {figures['warm_p99_ms']:.2f}); "
            f"table rebuild median {figures['rebuild_median_ms']:.1f} ms "
            f"(p99 {figures['rebuild_p99_ms']:.1f})"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 5000])
