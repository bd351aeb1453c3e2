"""Extraction speed: articles per second for segment + claims + attribution + features, one process.

Usage: python bench/extract_bench.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sourcecheck.articles import expand, read_file
from sourcecheck.core import extract

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run")
    args = parser.parse_args()
    articles = [read_file(path) for path in expand([str(SEEDS)])]
    for article in articles:  # warm caches and lazy imports
        extract(article)
    done = claims = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        for article in articles:
            claims += len(extract(article))
            done += 1
    elapsed = time.perf_counter() - started
    chars = sum(len(a.body) for a in articles) * done / len(articles)
    print(
        f"extraction: {done / elapsed:.1f} articles/s, {claims / elapsed:.0f} claims/s, "
        f"{chars / elapsed / 1000:.0f} k chars/s "
        f"({done} articles of the {len(articles)} seeds in {elapsed:.1f} s)"
    )


if __name__ == "__main__":
    main()
