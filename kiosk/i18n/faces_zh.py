"""更快的界面(issue 15)的中文消息:结果页上的时钟跳变提示。"""

MESSAGES: dict[str, str] = {
    "result.clock_jumped": "⚠ 刷卡时本机时钟发生了跳变:上面的时间和分钟数可能不准确,负责人会核对这次刷卡。",
}
