"""PIN 记录文件(pins.json)的中文文案(issue 15)。键与 pins_en.py 一致。"""

MESSAGES: dict[str, str] = {
    "error.pins_damaged": (
        "PIN 记录文件 {path} 已损坏,为安全起见暂不核对任何 PIN(工牌打卡不受影响)。"
        "文件已原样保留;请联系信息科从备份恢复,或删除该文件(会清除所有 PIN 锁定)。"
    ),
}
