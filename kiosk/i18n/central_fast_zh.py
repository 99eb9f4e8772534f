"""中央报表到达时核对的中文消息(kiosk/central/arrival.py)。"""

MESSAGES: dict[str, str] = {
    "central.problem_rows_rewritten": "{date} {kiosk}:中央数据库中该机的记录已不是它随结账发送的那些(有记录在数据库中被改写,哈希也被重算)。",
}
