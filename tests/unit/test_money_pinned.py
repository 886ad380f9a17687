"""``recommender.money`` on hand-worked amounts: yuan read as fen exactly (or refused), the marks people type around
an amount, fen written back as yuan for a form, a wire format, a report and a chart, and minor units converted at a
rate, rounded half up once."""

from decimal import Decimal
from fractions import Fraction

import pytest

from recommender.money import (
    convert,
    fen_to_yuan,
    format_money,
    format_yuan,
    format_yuan_rounded,
    format_yuan_short,
    without_yuan_marks,
    yuan_as_typed,
    yuan_to_fen,
)


@pytest.mark.parametrize(("yuan", "fen"), [("59", 5900), (3, 300), (Decimal("0.01"), 1), ("12.34", 1234),
                                           ("-1.5", -150), ("1e2", 10000), ("0", 0)])
def test_yuan_are_read_as_whole_fen(yuan: Decimal | int | str, fen: int) -> None:
    """¥59 = 5900 fen, ¥3 = 300, ¥0.01 = 1, ¥12.34 = 1234, -¥1.50 = -150, 1e2 yuan = ¥100 = 10000 fen, ¥0 = 0."""
    assert yuan_to_fen(yuan) == fen
    assert type(yuan_to_fen(yuan)) is int


@pytest.mark.parametrize(("yuan", "says"), [("12.345", "not a whole number of fen"), ("0.001", "not a whole number"),
                                            ("Infinity", "not a whole number"), ("NaN", "not a whole number"),
                                            ("abc", "is not an amount of money"), ("", "is not an amount of money")])
def test_what_is_not_a_whole_number_of_fen_is_refused(yuan: str, says: str) -> None:
    """¥12.345 is 1234.5 fen and ¥0.001 a tenth of one: refused, as are infinity and NaN; text that is no number
    says so."""
    with pytest.raises(ValueError, match=says):
        yuan_to_fen(yuan)


@pytest.mark.parametrize(("typed", "left"), [
    ("¥120", "120"), ("￥ 120", "120"), ("120元", "120"), ("¥120元", "120"), ("120块钱", "120"), ("100元钱", "100"),
    ("  120 块 ", "120"), ("120", "120"), ("¥¥120", "¥120"), ("120块5", "120块5"), ("120元元", "120元"), ("", ""),
    ("RMB 120", "120"), ("120 RMB", "120"), ("cny120", "120"), ("120 yuan", "120"), ("120 Yuan", "120"),
    ("RMB 120 RMB", "120"), ("RMBRMB 120", "RMB 120"), ("120 RMB RMB", "120 RMB"), ("RMB", ""),
    ("120 yuanyuan", "120 yuan"), ("US$120", "US$120"), ("120 dollars", "120 dollars")])
def test_one_yuan_sign_before_and_one_yuan_word_after_are_dropped(typed: str, left: str) -> None:
    """One leading ¥ or ￥ and one trailing 元, 块, 块钱 or 元钱 go, with the spaces around them; nothing else ("¥¥120"
    keeps one ¥, "120块5" its 块, "120元元" one 元)."""
    assert without_yuan_marks(typed) == left


@pytest.mark.parametrize(("fen", "typed"), [(5900, "59"), (5950, "59.5"), (5, "0.05"), (0, "0"), (5901, "59.01"),
                                            (-150, "-1.5"), (-200, "-2"), (100, "1")])
def test_fen_are_written_as_a_person_types_yuan_and_read_back(fen: int, typed: str) -> None:
    """5900 fen → "59", 5950 → "59.5" (no trailing zero), 5 → "0.05", 0 → "0", 5901 → "59.01", -150 → "-1.5",
    -200 → "-2", 100 → "1"; each read back by ``yuan_to_fen`` as the same fen."""
    assert yuan_as_typed(fen) == typed
    assert yuan_to_fen(typed) == fen


def test_fen_as_a_json_number_of_yuan_is_whole_when_it_can_be() -> None:
    """12345 fen = 123.45 yuan; 500 = 5 (an int, not 5.0); 0 = 0; -250 = -2.5; -200 = -2 (an int)."""
    assert fen_to_yuan(12345) == 123.45
    for fen, yuan in ((500, 5), (0, 0), (-200, -2), (100, 1)):
        got = fen_to_yuan(fen)
        assert (got, type(got)) == (yuan, int)
    assert fen_to_yuan(-250) == -2.5
    assert fen_to_yuan(1) == 0.01


@pytest.mark.parametrize(("fen", "text"), [(12345, "¥123.45"), (5, "¥0.05"), (0, "¥0.00"), (-12345, "-¥123.45"),
                                           (-5, "-¥0.05"), (123456789, "¥1,234,567.89"), (100, "¥1.00"),
                                           (-100000, "-¥1,000.00")])
def test_fen_are_shown_as_yuan_with_two_fen_digits_and_the_sign_before_the_symbol(fen: int, text: str) -> None:
    """12345 fen = ¥123.45, 5 = ¥0.05, 0 = ¥0.00, a negative amount's sign before the ¥, thousands separated:
    123456789 fen = ¥1,234,567.89."""
    assert format_yuan(fen) == text


@pytest.mark.parametrize(("fen", "text"), [(10000, "¥100"), (-500, "-¥5"), (12345, "¥123.45"), (0, "¥0"),
                                           (-1, "-¥0.01"), (-12345, "-¥123.45"), (150, "¥1.5")])
def test_short_amounts_drop_the_fen_digits_of_whole_yuan(fen: int, text: str) -> None:
    """10000 fen = ¥100, -500 = -¥5, 12345 = ¥123.45, 0 = ¥0, -1 = -¥0.01, 150 = ¥1.5."""
    assert format_yuan_short(fen) == text


@pytest.mark.parametrize(("yuan", "text"), [(1681565.0, "¥1,681,565"), (1681565.4, "¥1,681,565"),
                                            (999.6, "¥1,000"), (0.4, "¥0"), (12.0, "¥12")])
def test_a_charts_yuan_are_shown_to_the_whole_yuan(yuan: float, text: str) -> None:
    assert format_yuan_rounded(yuan) == text


@pytest.mark.parametrize(("minor", "currency", "text"), [
    (12345, "CNY", "¥123.45"), (12345, "USD", "$123.45"), (-500, "USD", "-$5.00"), (12345, "EUR", "EUR 123.45"),
    (123456, "USD", "$1,234.56")])
def test_money_is_shown_in_its_currency(minor: int, currency: str, text: str) -> None:
    """Minor units with the currency's symbol (¥, $), or its code and a space when it has none here (EUR 123.45)."""
    assert format_money(minor, currency) == text


def test_money_is_shown_in_yuan_unless_a_currency_is_given() -> None:
    assert format_money(12345) == "¥123.45"


@pytest.mark.parametrize(("minor", "rate", "converted"), [
    (100, "7.185", 719), (3, "0.5", 2), (-3, "0.5", -2), (1000, "0.1384", 138), (1000, "0.1385", 139),
    (5, "0.3", 2), (0, "7.2", 0)])
def test_minor_units_are_converted_at_a_rate_rounded_half_up_once(minor: int, rate: str, converted: int) -> None:
    """100 × 7.185 = 718.5 → 719; 3 × 0.5 = 1.5 → 2; -3 × 0.5 = -1.5 → -2 (half away from zero); 1000 × 0.1384 =
    138.4 → 138; 1000 × 0.1385 = 138.5 → 139; 5 × 0.3 = 1.5 → 2; 0 → 0."""
    assert convert(minor, Decimal(rate)) == converted


@pytest.mark.parametrize(("minor", "rate", "per", "converted"), [
    (6500 * 24, "7.1800738", 24, 46670), (19300 * 24, "0.1393", 24, 2688), (11590 * 24, "0.1393", 24, 1614),
    (3, "0.5", 1, 2), (-3, "0.5", 1, -2), (7, "1", 2, 4), (5, "1", 2, 3), (-5, "1", 2, -3)])
def test_a_horizon_total_a_month_is_converted_and_divided_rounded_once(minor: int, rate: str, per: int,
                                                                      converted: int) -> None:
    """Found by the arithmetic audit: $65.00 a month for 24 months at 7.1800738 was ¥466.71 a month (156,000 cents
    → 1,120,091.51 fen, rounded to 1,120,092, / 24 = 46,670.5, rounded again to 46,671), over a budget of ¥466.70,
    though $65.00 × 7.1800738 = ¥466.7048 is ¥466.70; ¥193.00 at 0.1393 read $26.89 for $26.8849.  Converted and
    divided in one step, rounded half up (away from zero) once."""
    assert convert(minor, Decimal(rate), per) == converted
    exact = Fraction(minor) * Fraction(Decimal(rate)) / per
    assert abs(converted - exact) <= Fraction(1, 2) and (abs(converted - exact) < Fraction(1, 2) or
                                                         abs(converted) > abs(exact))
