"""Reading the platform's spreadsheet downloads: time per pad with alpdoc and with pandas, in the same run.

Usage (from the repository root)::

    python benchmarks/read_platform_exports.py [--exports ../shared/samples/platform-exports] [--repeat 5]

Sections (each skipped when its file is absent; more formats add a section to
``SECTIONS``):

* ``csv``: ``real/all_africa.csv`` (894 pads, 238 columns). alpdoc reads every
  pad into a document (``alpdoc.read_all`` through the ``platform-csv``
  format) and writes them back (checked byte for byte, not timed with the
  read); pandas ``read_csv`` parses the same bytes into a data frame (no
  documents: the yardstick of a plain CSV parse; it splits records on the
  lone CRs the platform leaves unquoted, so its row count is printed too).

The best of ``--repeat`` runs is kept (the machine may be shared).
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` calls of ``fn`` (seconds) and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def csv_section(exports: Path, repeat: int) -> None:
    path = exports / "real" / "all_africa.csv"
    if not path.exists():
        print(f"csv: {path} not found, skipped")
        return
    import pandas as pd

    from alpdoc.format_plugins.platform_csv import iter_platform_csv, write_platform_csv_all
    from alpdoc.options import ReaderOptions

    data = path.read_bytes()
    alp_s, docs = best(lambda: list(iter_platform_csv(data, ReaderOptions(source=str(path)))), repeat)
    write_s, written = best(lambda: write_platform_csv_all(docs), repeat)
    pd_s, frame = best(lambda: pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                                           keep_default_na=False), repeat)
    n = len(docs)
    print(f"csv  {path.name}: {len(data):,} bytes, {n} pads")
    print(f"  alpdoc read   {alp_s * 1000:8.1f} ms  {alp_s / n * 1e6:8.1f} us/pad (documents)")
    print(f"  alpdoc write  {write_s * 1000:8.1f} ms  {write_s / n * 1e6:8.1f} us/pad "
          f"(byte for byte: {written == data})")
    print(f"  pandas read   {pd_s * 1000:8.1f} ms  {pd_s / n * 1e6:8.1f} us/pad "
          f"(data frame, {len(frame)} rows x {len(frame.columns)} columns)")
    print(f"  alpdoc / pandas read: {alp_s / pd_s:.2f}x")


SECTIONS: dict[str, Callable[[Path, int], None]] = {"csv": csv_section}
"""Name -> section; a format's benchmark adds its own."""


def xlsx_section(exports: Path, repeat: int) -> None:
    """``real/zmb_03.xlsx`` (274 pads, 4 sheets): alpdoc's documents with every side sheet joined, alpdoc's
    cells alone (the workbook layer), and pandas ``read_excel(engine="openpyxl")`` of every sheet."""
    path = exports / "real" / "zmb_03.xlsx"
    if not path.exists():
        print(f"xlsx: {path} not found, skipped")
        return
    import pandas as pd

    from alpdoc.format_plugins.platform_xlsx import iter_workbook, write_pads
    from alpdoc.format_plugins.platform_xlsx.workbook_reader import Workbook
    from alpdoc.options import ReaderOptions

    data = path.read_bytes()

    def cells() -> int:
        with Workbook(data, str(path)) as book:
            return sum(len(row) for sheet in book.sheetnames for _n, row in book.rows(sheet))

    alp_s, docs = best(lambda: list(iter_workbook(data, ReaderOptions(source=str(path)))), repeat)
    cells_s, count = best(cells, repeat)
    write_s, written = best(lambda: write_pads(docs, "content"), repeat)
    pd_s, frames = best(lambda: pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl"), repeat)
    n = len(docs)
    print(f"xlsx {path.name}: {len(data):,} bytes, {n} pads, sheets {', '.join(frames)}")
    print(f"  alpdoc read   {alp_s * 1000:8.1f} ms  {alp_s / n * 1e6:8.1f} us/pad (documents, side sheets joined)")
    print(f"  alpdoc cells  {cells_s * 1000:8.1f} ms  {cells_s / n * 1e6:8.1f} us/pad ({count:,} cells, no documents)")
    print(f"  alpdoc write  {write_s * 1000:8.1f} ms  {write_s / n * 1e6:8.1f} us/pad "
          f"({len(written):,} bytes; reads back equal: {list(iter_workbook(written)) == docs})")
    print(f"  pandas read   {pd_s * 1000:8.1f} ms  {pd_s / n * 1e6:8.1f} us/pad "
          f"(data frames: {', '.join(f'{k} {len(v)}x{len(v.columns)}' for k, v in frames.items())})")
    print(f"  alpdoc / pandas read: {alp_s / pd_s:.2f}x")


SECTIONS["xlsx"] = xlsx_section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--exports", type=Path, default=REPO.parent / "shared" / "samples" / "platform-exports")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = parser.parse_args(argv)
    for name, section in SECTIONS.items():
        if not args.only or name in args.only:
            section(args.exports, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
