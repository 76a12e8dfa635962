"""Why a file, a row, a value or a piece of evidence is refused: the stable reason code of every problem.

The code is what tests, the command line (`[code]` after each problem) and the corpus of bad files
(tests/data/bad, each file named for its code) agree on; the Thai sentence beside it, written where the
problem is found, says the fix. A StrEnum: a member is its code wherever a code is written or stored.
It lives with the rubrics because reading a value (cdd/rubrics/indicators.py) is the lowest place that
refuses one; the intake and the store give the rest.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Every reason code a problem may carry, grouped by what is refused."""

    # -- the file as a whole (cdd/intake/reader.py) --
    EMPTY_FILE = "empty_file"  # nothing in the file, or no data row under the header
    TOO_LARGE = "too_large"  # the file is larger than the upload limit
    WRONG_FILE_TYPE = "wrong_file_type"  # not a CSV or .xlsx by its content, or named as the other kind, or unopenable
    ZIP_BOMB = "zip_bomb"  # an .xlsx whose zip directory would inflate beyond the limits
    TOO_MANY_ROWS = "too_many_rows"  # more data rows (or lines) than a report ever has
    DATA_OUT_OF_RANGE = "data_out_of_range"  # a filled cell far below or to the right of any report
    BAD_ENCODING = "bad_encoding"  # a CSV neither UTF-8 nor Windows-874
    BAD_CSV = "bad_csv"  # a CSV the csv module cannot parse (an endless cell, an unclosed quote)
    NO_SHEET = "no_sheet"  # an Excel file without a worksheet
    TOO_MANY_MERGED = "too_many_merged"  # an Excel sheet with far more merged ranges or cells than a report
    TOO_MANY_CELLS = "too_many_cells"  # an Excel sheet with far more (styled) cells than a report

    # -- the header and the choice of rubric (cdd/intake/validate.py, cdd/intake/extras.py) --
    NO_HEADER = "no_header"  # no row names the template's columns
    UNKNOWN_COLUMN = "unknown_column"  # a column (or a list sheet's item) that no indicator of the rubric names
    MISSING_COLUMN = "missing_column"  # no district column, or no month column and no month for the whole file
    UNKNOWN_SCHEME = "unknown_scheme"  # the chosen rubric does not exist, or none (or several) fit the file

    # -- whose month a row holds --
    MISSING_DISTRICT = "missing_district"  # a row without district code or name
    UNKNOWN_DISTRICT = "unknown_district"  # a district code or name not in the registry
    DISTRICT_MISMATCH = "district_mismatch"  # the code and the name of a row name different districts
    OTHER_DISTRICT = "other_district"  # a district account sent a row of another district
    DISTRICT_OUTSIDE_SCHEME = "district_outside_scheme"  # the district is not in a province of the rubric
    MISSING_MONTH = "missing_month"  # a row without a month, and no month for the whole file
    BAD_MONTH = "bad_month"  # a month (or period) that cannot be read
    MONTH_OUTSIDE_PERIOD = "month_outside_period"  # a month outside the chosen period or the rubric's months
    DUPLICATE_ROW = "duplicate_row"  # a second row for the same district and month

    # -- one value (cdd/rubrics/indicators.py) --
    NOT_A_NUMBER = "not_a_number"  # a count, percentage or amount that is not a number
    NEGATIVE = "negative"  # a number below zero
    NOT_WHOLE = "not_whole"  # a count or level with a fraction
    OUT_OF_RANGE = "out_of_range"  # a level or percentage above its maximum
    NOT_YES_NO = "not_yes_no"  # a yes/no indicator given something else
    NOT_APPLICABLE_REFUSED = "not_applicable_refused"  # "not applicable" where the rubric exempts no one
    PART_EXCEEDS_WHOLE = "part_exceeds_whole"  # a part larger than its whole (heads who downloaded > heads)
    REFERENCE_FIGURE = "reference_figure"  # a reference figure the signed-in account may not change

    # -- what a file carries beside the figures (cdd/intake/extras.py, cdd/intake/attachments.py) --
    BAD_BREAKDOWN = "bad_breakdown"  # a breakdown cell that is neither a count nor yes/no
    BREAKDOWN_MISMATCH = "breakdown_mismatch"  # a count that disagrees with its own breakdown
    LIST_WITHOUT_REPORT = "list_without_report"  # a list-sheet row for a district-month the first sheet lacks
    BAD_LINK = "bad_link"  # an empty, overlong or incomplete web link
    LINK_WITHOUT_SCHEME = "link_without_scheme"  # a link without https:// in front
    LINK_NOT_WEB = "link_not_web"  # a link of another scheme (javascript:, data:, file:)
    FILE_TOO_LARGE = "file_too_large"  # an evidence file over its size limit
    FILE_NOT_EVIDENCE = "file_not_evidence"  # an evidence file that is not a JPEG, PNG or PDF by its bytes
