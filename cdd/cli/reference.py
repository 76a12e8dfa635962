"""What the benchmark times beside each figure, in the same run: the least any implementation must do.

Machines are shared and their speed drifts, so a goal in milliseconds cannot hold; a goal here is a
ratio against one of these, timed in the same run, interleaved with the figure it stands beside:

- the data's limit: a plain DuckDB table with typed columns (district, month, indicator, value as
  DOUBLE) holding the same synthetic values, and one query that sums a quarter's values per district
  and indicator and fetches them into numpy;
- DuckDB's own `read_csv` loading the same month file into a table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# yes/no as 1/0 and 'n/a' as NULL: every value a number, as a typed store would hold it.
_TYPED_VALUE = "CASE value WHEN 'yes' THEN 1 WHEN 'no' THEN 0 ELSE TRY_CAST(value AS DOUBLE) END"


def build_limit_table(source: duckdb.DuckDBPyConnection, target: Path) -> None:
    """The current values of `source`, copied into a new file as one typed table."""
    current = source.sql(
        f"SELECT code AS district, month, key AS indicator, {_TYPED_VALUE} AS value FROM submitted_values "
        "WHERE replaced_by IS NULL AND NOT retracted ORDER BY month, code, key"
    ).to_arrow_table()  # no parameters: sql() hands Arrow over without a copy
    con = duckdb.connect(str(target))
    con.register("current_values", current)
    con.execute("CREATE TABLE figures AS SELECT * FROM current_values")
    con.unregister("current_values")
    con.execute("CHECKPOINT")
    con.close()


def sum_quarter(con: duckdb.DuckDBPyConnection, first_month: str, last_month: str) -> dict:
    """The limit: a quarter summed per district and indicator, fetched into numpy arrays."""
    return con.execute(
        "SELECT district, indicator, sum(value) AS total FROM figures WHERE month BETWEEN ? AND ? "
        "GROUP BY district, indicator",
        [first_month, last_month],
    ).fetchnumpy()


def load_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """DuckDB's own reader loading a month file into a table; returns the rows it loaded."""
    con.execute("CREATE OR REPLACE TABLE month_file AS SELECT * FROM read_csv(?, header = true)", [str(path)])
    return con.execute("SELECT count(*) FROM month_file").fetchall()[0][0]
