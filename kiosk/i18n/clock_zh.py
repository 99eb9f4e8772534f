"""关于自助机时钟的中文提示 (services/clock_watch.py)。"""

MESSAGES: dict[str, str] = {
    "clock.jumped.forward": "⚠ 时钟向前跳了 {duration}(发现于 {seen}):打卡已标记,系统不会自动结账。请联系信息科校准时间(见 README)。",
    "clock.jumped.back": "⚠ 时钟向后跳了 {duration}(发现于 {seen}):打卡已标记,系统不会自动结账。请联系信息科校准时间(见 README)。",
    "clock.server_off": "⚠ 本机时钟与中心数据库服务器相差 {seconds} 秒。请联系信息科校准时间(见 README)。",
    "clock.sync_server_off": "警告:本机时钟与中心数据库服务器相差 {seconds} 秒(允许 {tolerance} 秒)。",
    "board.clock_jumped": "时钟跳变",
    "export.flag.clock_jumped": "打卡时时钟跳变",
    "clock.confirm_key": "F7:当前显示的时间正确(之后系统恢复自动结账)",
    "clock.confirm_title": "时间是否正确?",
    "clock.confirm_question": "本机显示 {time}。这是现在的真实时间吗?确认后系统将恢复在平时的时间自动结账。",
}
