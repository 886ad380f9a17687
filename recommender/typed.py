"""Numbers as people type them, read alike by the web form (``web.form``) and the command line (``cli``): each rule
here is the one both read by (the yuan marks are money's: ``money.without_yuan_marks``)."""

import re

FULL_STOP_END = re.compile(r"。$")
FULL_STOP_POINT = re.compile(r"(?<=[0-9])。(?=[0-9])")
"""The Chinese full stop, which a Chinese input method types for "." ("20。5", "30。"; "30。" was told "请输入数字，例如
30。", what was typed, and "。5" was 0.5 on the command line where the form refused it): ending the text, a sentence's
end, dropped; between digits, the decimal point.  Either way the same number ("1。2。3", "。5" and "20。。" stay no
number, as "1.2.3" is not)."""


def full_stops(text: str) -> str:
    """``text``, its digits already ASCII, with an input method's full stop read (``FULL_STOP_POINT``)."""
    return FULL_STOP_POINT.sub(".", FULL_STOP_END.sub("", text))
