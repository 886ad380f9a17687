"""Money at the edges: exact yuan ↔ integer fen.

Inside the project every amount is an ``int`` of fen.  Yuan appear only where people read or
write them (plan files, display strings), and the conversion is exact decimal arithmetic.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100


def yuan_to_fen(yuan: Decimal | int | str) -> int:
    """Convert yuan to fen exactly; raise ``ValueError`` if it is not a whole number of fen."""
    try:
        amount = Decimal(str(yuan)) * FEN_PER_YUAN
    except InvalidOperation as exc:
        raise ValueError(f"{yuan!r} is not an amount of money") from exc
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"{yuan} yuan is not a whole number of fen")
    return int(amount)


def fen_to_yuan(fen: int) -> int | float:
    """Minor units as a JSON number of major units (``12345`` → ``123.45``, ``500`` → ``5``), for wire
    formats that carry money as a number (TM Forum's ``Money``, chart scales)."""
    whole, part = divmod(fen, FEN_PER_YUAN)
    return whole if part == 0 else fen / FEN_PER_YUAN


def format_yuan(fen: int) -> str:
    """``12345`` → ``'¥123.45'`` (negative amounts keep their sign before the symbol)."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}¥{whole:,}.{part:02d}"


SYMBOLS = {"CNY": "¥", "USD": "$"}


def format_money(minor: int, currency: str = "CNY") -> str:
    """``12345, "USD"`` → ``'$123.45'``: minor units (fen, cents) for display."""
    return format_yuan(minor).replace("¥", SYMBOLS.get(currency, currency + " "), 1)


def convert(minor: int, rate: Decimal) -> int:
    """Minor units of one currency into another's at ``rate``, rounded half up once."""
    return int((Decimal(minor) * rate).to_integral_value(rounding=ROUND_HALF_UP))
