"""Cell values of the platform's sheets: what a cell holds, and its text in the CSV (SheetJS General format)."""

from __future__ import annotations

import datetime as _dt
import math
import re

__all__ = ["Cell", "cell_text", "general_number", "js_number", "parse_date", "as_int", "date_cell"]

Cell = str | int | float | bool | _dt.datetime | None
"""One cell: text (CSV, every cell), or a typed value (XLSX: numbers, booleans, dates); ``None`` is empty."""


def general_number(value: float) -> str:
    """A number as SheetJS's General format writes it: integers exact, others in at most 11 characters."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "#NUM!"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    magnitude = math.floor(math.log10(abs(value)))
    if -5 < magnitude < 10:
        # fixed notation: the most significant digits that fit 11 characters (sign not counted)
        for digits in range(11, 0, -1):
            decimals = max(digits - 1 - magnitude, 0)
            text = f"{abs(value):.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if len(text) <= 11:
                return ("-" if value < 0 else "") + text
    mantissa = f"{value:.5E}"
    head, _, exp = mantissa.partition("E")
    if "." in head:
        head = head.rstrip("0").rstrip(".")
    sign, exponent = exp[0], exp[1:].lstrip("0") or "0"
    return f"{head}E{sign}{exponent.rjust(2, '0')}"


def js_number(value: float) -> str:
    """A number as JavaScript's ``String(number)`` writes it (used inside per-question location cells)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (math.isfinite(value) and value == int(value) and abs(value) < 1e21):
        return str(int(value))
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    text = repr(value)
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        exp_value = int(exp)
        if -7 < exp_value < 21:
            return format(value, "f").rstrip("0").rstrip(".") if exp_value < 0 else str(value)
        return f"{mantissa}e{'+' if exp_value > 0 else '-'}{abs(exp_value)}"
    return text


_ISO = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?)?\s*"
    r"(Z|[+-]\d\d(?::?\d\d)?)?"
)


def parse_date(text: str) -> _dt.datetime | None:
    """An ISO or PostgreSQL timestamp as a naive datetime in UTC (the server time of the platform's exports);
    ``None`` when ``text`` is not one."""
    m = _ISO.fullmatch(text.strip())
    if m is None:
        return None
    year, month, day, hour, minute, second, frac, zone = m.groups()
    try:
        value = _dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                             int((frac or "0").ljust(6, "0")))
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        value -= sign * offset
    return value


def date_cell(text: str | None) -> Cell:
    """A stored date as the cell the platform writes: a datetime when it is an ISO/PostgreSQL timestamp,
    otherwise the text itself (a CSV's ``m/d/yy``)."""
    if text is None or text == "":
        return None
    parsed = parse_date(text)
    return parsed if parsed is not None else text


def cell_text(value: Cell) -> str:
    """A cell as the CSV writes it: strings verbatim, ``TRUE``/``FALSE``, General numbers, dates ``m/d/yy``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        return f"{value.month}/{value.day}/{value.year % 100:02d}"
    if isinstance(value, (int, float)):
        return general_number(value)
    return ""


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


def as_int(value: Cell) -> int | str | None:
    """An integer cell as ``int`` (text only when canonical, so it writes back the same); other text unchanged."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else general_number(value)
    if isinstance(value, _dt.datetime):
        return cell_text(value)
    return int(value) if _INT.fullmatch(value) and len(value) < 19 else value
