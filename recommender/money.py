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


YUAN_SIGNS = ("¥", "￥")
"""The yen/yuan sign and its full-width form, as a Chinese input method types it."""


YUAN_WORDS = ("元钱", "块钱", "元", "块")
"""Yuan said after the amount: 元, and 块 as people say it ("100块", "100块钱", "100元钱"), longest first."""


YUAN_CODES = ("RMB", "CNY")
"""Yuan as English writes it, before the amount or after it ("RMB 99", "99 RMB", "CNY 99"), and "yuan" after it:
``YUAN_AFTER``, in any case ("99 rmb", "99 Yuan")."""
YUAN_AFTER = (*YUAN_WORDS, *YUAN_CODES, "YUAN")


def without_yuan_marks(text: str) -> str:
    """An amount as people write it in yuan, its marks dropped: one leading ¥ (or ￥, or RMB or CNY), one trailing
    元 (or 块, 块钱, 元钱, RMB, CNY, yuan: ``YUAN_AFTER``), and the spaces around them ("¥120", "￥ 120", "120元",
    "¥120元", "120块钱", "RMB 120", "120 yuan": "120").  The one rule of the form and the CLI; what is left is the
    number as typed, for the reader to check (nothing else is dropped: "¥¥120" keeps a ¥, "120块5", ¥120.50 said
    aloud, its 块).  The English marks were "Enter a number" on the English page (found by typing an amount as an
    English speaker in China writes one)."""
    text = text.strip()
    if text.startswith(YUAN_SIGNS):
        text = text[1:].lstrip()
    elif text[:3].upper() in YUAN_CODES:
        text = text[3:].lstrip()
    word = next((word for word in YUAN_AFTER if text.upper().endswith(word)), "")
    return text[:len(text) - len(word)].rstrip()


def yuan_as_typed(fen: int) -> str:
    """Fen as a person types yuan: no sign, separators or trailing zeros (``5900`` → ``'59'``, ``5950`` → ``'59.5'``,
    ``5`` → ``'0.05'``), exact: what ``yuan_to_fen`` reads back (the form's fields filled in from a profile)."""
    return str(Decimal(fen) / FEN_PER_YUAN) if fen % FEN_PER_YUAN else str(fen // FEN_PER_YUAN)


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


def format_yuan_short(fen: int) -> str:
    """``10000`` → ``'¥100'``, ``-500`` → ``'-¥5'``, ``12345`` → ``'¥123.45'``: no fen digits when the amount is whole
    yuan, the sign before the symbol (the what-if histograms' bin edges, as the report writes amounts)."""
    return ("-¥" if fen < 0 else "¥") + str(fen_to_yuan(abs(fen)))


def format_yuan_rounded(yuan: float) -> str:
    """A chart's amount in yuan (``fen_to_yuan``'s, its scale) to the whole yuan, thousands separated:
    ``1681565.0`` → ``'¥1,681,565'`` (the what-if report's revenue bars)."""
    return f"¥{yuan:,.0f}"


SYMBOLS = {"CNY": "¥", "USD": "$"}


def format_money(minor: int, currency: str = "CNY") -> str:
    """``12345, "USD"`` → ``'$123.45'``: minor units (fen, cents) for display."""
    text = format_yuan(minor)  # (yuan, most amounts shown: no symbol to swap)
    return text if currency == "CNY" else text.replace("¥", SYMBOLS.get(currency, currency + " "), 1)


def convert(minor: int, rate: Decimal, per: int = 1) -> int:
    """Minor units of one currency into another's at ``rate``, and divided by ``per`` (a horizon total's share of
    each of its months), rounded half up once, exactly (found by the arithmetic audit: a total converted, rounded,
    then divided and rounded again read $65.00 × 7.1800738 = ¥466.7048 as ¥466.71, over a budget of ¥466.70)."""
    numerator, denominator = rate.as_integer_ratio()
    whole, left = divmod(abs(minor) * numerator, denominator * per)
    return (-1 if minor < 0 else 1) * (whole + (2 * left >= denominator * per))
