"""Numbers as people write them: an exact decimal where there is one, never a float's noise."""

from __future__ import annotations

from fractions import Fraction


def format_number(number: Fraction | int) -> str:
    """An exact decimal where there is one ('88.99', '4'), otherwise two places."""
    if type(number) is not Fraction:
        number = Fraction(number)
    numerator, denominator = number.numerator, number.denominator
    if denominator == 1:
        return str(numerator)
    # In lowest terms, n/d times 10**places is whole exactly when d divides 10**places: whole integers
    # from there on, as a month's file formats thousands of figures.
    for places in range(1, 7):
        power = 10**places
        if power % denominator == 0:
            digits = str(abs(numerator) * (power // denominator)).rjust(places + 1, "0")
            sign = "-" if numerator < 0 else ""
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return f"{float(number):.2f}"
