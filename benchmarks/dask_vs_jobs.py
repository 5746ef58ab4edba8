"""The analyst table of a folder: one process, ``alpdoc convert --jobs 2``, and a 2-worker Dask LocalCluster.

Usage (from the repository root)::

    python benchmarks/dask_vs_jobs.py [--corpus ../shared/corpus/archive-md] [--limit 200] [--repeat 3]

Times, on the same files (the first ``--limit`` in name order), best of ``--repeat``:

* baseline: ``alpdoc.analysis.rows_of`` in this process (every file read, every row made);
* ``alpdoc convert --jobs 2 -t json`` into a temporary folder (a fresh command: import and pool start
  included; the nearest batch command with ``--jobs``, ``table`` has none);
* ``alpdoc.dask.table_frame(...).compute()`` on a ``LocalCluster(n_workers=2, processes=True,
  threads_per_worker=1)``, both with the cluster's start-up (as a one-off job pays it) and on a warm
  cluster; the rows are checked against the baseline's.

Needs the ``dask`` extra (``pip install -e ".[dask]"``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpus/archive-md")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pandas as pd
    from dask.distributed import Client, LocalCluster

    from alpdoc.analysis import COLUMNS, rows_of
    from alpdoc.dask import table_frame

    # doc_id: absolute, as alpdoc.dask names local files
    paths = sorted(os.path.abspath(p) for p in Path(args.corpus).glob("*.md"))[: args.limit]
    if not paths:
        print(f"no .md files in {args.corpus}", file=sys.stderr)
        return 2
    print(f"{len(paths)} files from {args.corpus}, best of {args.repeat}")
    expected: list = []
    one = best(args.repeat, lambda: expected.__setitem__(slice(None), list(rows_of(paths))))
    print(f"one process (rows_of):          {one:7.2f} s  {len(expected)} rows")

    def convert() -> None:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(
                [sys.executable, "-m", "alpdoc", "convert", "--jobs", "2", "-t", "json", "-o", out, "--no-progress",
                 *paths], check=True, capture_output=True,
            )

    jobs = best(args.repeat, convert)
    print(f"alpdoc convert --jobs 2:        {jobs:7.2f} s  (fresh command)")

    def cluster_run(client_box: list) -> pd.DataFrame:
        return table_frame(paths, files_per_partition=max(1, len(paths) // 8)).compute()

    def cold() -> None:
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                          silence_logs=40) as cluster, Client(cluster):
            cluster_run([])

    dask_cold = best(args.repeat, cold)
    print(f"dask LocalCluster(2), cold:     {dask_cold:7.2f} s  (cluster start included)")
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster):
        cluster_run([])  # workers import alpdoc and cache the grammar
        frame: list = []
        warm = best(args.repeat, lambda: frame.__setitem__(slice(None), [cluster_run([])]))
    print(f"dask LocalCluster(2), warm:     {warm:7.2f} s")
    got = frame[0].reset_index(drop=True)
    plain = got.astype(object).where(got.notna(), None)
    same = [{c: r[c] for c in COLUMNS} for r in plain.to_dict("records")] == [
        {c: r[c] for c in COLUMNS} for r in expected
    ]
    print(f"dask rows equal the one-process rows: {same}")
    print(f"speed-up over one process: convert --jobs 2 {one / jobs:.2f}x, dask cold {one / dask_cold:.2f}x, "
          f"dask warm {one / warm:.2f}x")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
