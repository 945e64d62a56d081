#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent agreement figures for tst_differential.

Reads a JSON file of cases (units x raters, category codes 0..K-1 or null for missing; or
sets of codes for multiple choice) and prints, per case, what statsmodels, scikit-learn
and NLTK compute. Gwet's AC1 / Brennan-Prediger / Fleiss standard errors with missing
data have no implementation in Debian's archive: for those the script holds a direct,
unit-by-unit transcription of Gwet (2014, Handbook, 4th ed., ch. 5 / irrCAC), independent of
Concord's moment-based computation.
"""
import json
import math
import sys

import numpy as np
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, interval_distance, jaccard_distance, masi_distance
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa


def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def gwet_direct(units, k):
    """Fleiss (generalized), AC1 and Brennan-Prediger with Gwet's variances, unit by unit."""
    rows = [[v for v in u if v is not None] for u in units]
    rows = [r for r in rows if r]
    n = len(rows)
    counts = np.zeros((n, k))
    for i, r in enumerate(rows):
        for v in r:
            counts[i, v] += 1
    m = counts.sum(axis=1)
    two = m >= 2
    n2 = two.sum()
    pa_u = np.zeros(n)
    pa_u[two] = (counts[two] * (counts[two] - 1)).sum(axis=1) / (m[two] * (m[two] - 1))
    pa = pa_u[two].sum() / n2
    pi = (counts / m[:, None]).sum(axis=0) / n
    out = {}
    for name, pe, pe_u in (
        ("fleiss", (pi ** 2).sum(), (counts @ pi) / m),
        ("ac1", (pi * (1 - pi)).sum() / (k - 1), (counts @ ((1 - pi) / (k - 1))) / m),
        ("bp", 1.0 / k, None),
    ):
        coef = (pa - pe) / (1 - pe)
        x = (n / n2) * (pa_u - pe * two) / (1 - pe)
        if pe_u is not None:
            x = x - 2 * (1 - coef) * (pe_u - pe) / (1 - pe)
        var = ((x - coef) ** 2).sum() / (n * (n - 1))
        out["gwet_" + name] = finite(coef)
        out["gwet_" + name + "_se"] = finite(math.sqrt(var))
    return out


def single(case):
    units, k, r = case["units"], case["K"], case["raters"]
    complete = all(v is not None for u in units for v in u)
    out = {}
    triples = [(str(j), str(i), v) for i, u in enumerate(units) for j, v in enumerate(u) if v is not None]
    task = AnnotationTask(data=triples, distance=binary_distance)
    out["nltk_alpha_nominal"] = finite(task.alpha())
    task_i = AnnotationTask(data=triples, distance=interval_distance)
    out["nltk_alpha_interval"] = finite(task_i.alpha())
    if complete:
        out["nltk_pi"] = finite(task.pi())
        data = np.array(units)
        table, _ = aggregate_raters(data, n_cat=k)
        out["sm_fleiss"] = finite(fleiss_kappa(table, method="fleiss"))
        out["sm_randolph"] = finite(fleiss_kappa(table, method="randolph"))
    if r == 2:
        pairs = [(u[0], u[1]) for u in units if u[0] is not None and u[1] is not None]
        a = [p[0] for p in pairs]
        b = [p[1] for p in pairs]
        labels = list(range(k))
        out["sk_cohen"] = finite(cohen_kappa_score(a, b, labels=labels))
        out["sk_linear"] = finite(cohen_kappa_score(a, b, labels=labels, weights="linear"))
        out["sk_quadratic"] = finite(cohen_kappa_score(a, b, labels=labels, weights="quadratic"))
        table = np.zeros((k, k))
        for x, y in pairs:
            table[x, y] += 1
        res = cohens_kappa(table)
        out["sm_cohen"] = finite(res.kappa)
        out["sm_cohen_se"] = finite(res.std_kappa)
        res = cohens_kappa(table, wt="linear")
        out["sm_linear"] = finite(res.kappa)
        out["sm_linear_se"] = finite(res.std_kappa)
        res = cohens_kappa(table, wt="quadratic")
        out["sm_quadratic"] = finite(res.kappa)
        out["sm_quadratic_se"] = finite(res.std_kappa)
    out.update(gwet_direct(units, k))
    return out


def sets(case):
    triples = [(str(j), str(i), frozenset(v)) for i, u in enumerate(case["units"]) for j, v in enumerate(u)
               if v is not None]
    return {
        "nltk_alpha_masi": finite(AnnotationTask(data=triples, distance=masi_distance).alpha()),
        "nltk_alpha_jaccard": finite(AnnotationTask(data=triples, distance=jaccard_distance).alpha()),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    result = {}
    for case in cases:
        result[case["id"]] = sets(case) if case["kind"] == "sets" else single(case)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
