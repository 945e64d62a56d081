#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The same computations as bench_agreement, timed with statsmodels / scikit-learn / NLTK.

100,000 units x 3 raters x 5 dimensions (K = 2, 12, 25, 18, 30), complete data (statsmodels'
fleiss_kappa has no missing ratings). NLTK's alpha is timed on fewer units (it is a pure
Python loop); the unit count is printed with the figure.
Run: ./dev shell python3 bench/agreement/bench_reference.py
"""
import time

import numpy as np
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa, to_table

UNITS = 100_000
RATERS = 3
CATEGORIES = (2, 12, 25, 18, 30)


def make(k, rng, units=UNITS):
    truth = rng.integers(0, k, units)
    data = np.empty((units, RATERS), dtype=np.int64)
    for r in range(RATERS):
        follow = rng.random(units) < 0.7
        data[:, r] = np.where(follow, truth, rng.integers(0, k, units))
    return data


def timed(label, fn, repeat=3):
    best = min(_once(fn) for _ in range(repeat))
    print(f"{label}: {best * 1000:.1f} ms")
    return best


def _once(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    rng = np.random.default_rng(42)
    dims = [(k, make(k, rng)) for k in CATEGORIES]

    def statsmodels_all():
        for k, d in dims:
            table, _ = aggregate_raters(d, n_cat=k)
            fleiss_kappa(table, method="fleiss")
            fleiss_kappa(table, method="randolph")
            for a, b in ((0, 1), (0, 2), (1, 2)):
                t, _ = to_table(d[:, [a, b]], bins=np.arange(k + 1) - 0.5)
                cohens_kappa(t)

    def sklearn_all():
        for k, d in dims:
            for a, b in ((0, 1), (0, 2), (1, 2)):
                cohen_kappa_score(d[:, a], d[:, b])

    timed("statsmodels: Fleiss + Randolph kappa + 3 pairwise Cohen kappas with SE, 5 dimensions x 100,000 units",
          statsmodels_all)
    timed("scikit-learn: 3 pairwise Cohen kappas, 5 dimensions x 100,000 units", sklearn_all)
    for units in (10_000, 100_000):
        d = make(30, rng, units)
        triples = [(str(r), str(u), int(d[u, r])) for u in range(units) for r in range(RATERS)]

        def nltk_alpha():
            AnnotationTask(data=triples, distance=binary_distance).alpha()

        timed(f"NLTK: Krippendorff's alpha (nominal), 1 dimension x {units:,} units", nltk_alpha, repeat=1)


if __name__ == "__main__":
    main()
