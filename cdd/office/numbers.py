"""Numbers as people write them: an exact decimal where there is one, never a float's noise."""

from __future__ import annotations

from fractions import Fraction


def format_number(number: Fraction | int) -> str:
    """An exact decimal where there is one ('88.99', '4'), otherwise two places."""
    number = Fraction(number)
    if number.denominator == 1:
        return str(number.numerator)
    for places in range(1, 7):
        scaled = number * 10**places
        if scaled.denominator == 1:
            sign = "-" if scaled < 0 else ""
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return f"{float(number):.2f}"
