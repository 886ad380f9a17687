"""Money at the edges: exact yuan ↔ integer fen.

Inside the project every amount is an ``int`` of fen.  Yuan appear only where people read or
write them (plan files, display strings), and the conversion is exact decimal arithmetic.
"""

from decimal import Decimal, InvalidOperation

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


def fen_to_yuan(fen: int) -> Decimal:
    return Decimal(fen) / FEN_PER_YUAN


def format_yuan(fen: int) -> str:
    """``12345`` → ``'¥123.45'`` (negative amounts keep their sign before the symbol)."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}¥{whole:,}.{part:02d}"
