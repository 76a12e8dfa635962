"""The root of every error the product raises on purpose.

Inside `cdd` an error is a type (which rule refused what); its text is one Thai sentence that names
the value and the fix. Only the edges (the command line, the screens) turn it into words for a
person and an exit status; nothing below them prints.
"""

from __future__ import annotations


class CddError(Exception):
    """Something a person gave or asked for that the product refuses; str() is the Thai sentence.

    `exit_status` is what the command line returns for it: 2 bad input, 3 the database is unavailable.
    """

    exit_status = 2
