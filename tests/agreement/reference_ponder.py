#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent agreement figures straight from the web app's dump, for tst_projectagreement.

Reads ponder-fixture-sample.json (Django dumpdata) without Concord and, for every pair of
raters and every dimension (is_func_fix, category, cause, symptom, fix), builds the units of
issue 4: each ponder.bugfix that categorizations of the pair point to is a unit (a rater
with several categorizations pointing to one bug fix makes it not comparable); on commits
where none of the pair's categorizations points to a bug fix, a commit where each rater of
the pair has at most one categorization is a unit, several is not comparable. A unit needs
both raters. Empty = "none" (or missing with --empty-as-missing). Cohen's kappa by
scikit-learn. Prints JSON: {"A|B": {dimension: {...}}}.
"""
import itertools
import json
import sys
from collections import defaultdict

from sklearn.metrics import cohen_kappa_score

DIMS = {"category": ("problem_category", "ponder.problemcategory", "category"),
        "cause": ("problem_cause", "ponder.problemcause", "cause"),
        "symptom": ("problem_symptom", "ponder.problemsymptom", "symptom"),
        "fix": ("problem_fix", "ponder.problemfix", "fix")}


def main():
    dump = json.load(open(sys.argv[1], encoding="utf-8"))
    empty_as_missing = "--empty-as-missing" in sys.argv
    gate_passed = "--gate-passed" in sys.argv
    by_model = defaultdict(list)
    for rec in dump:
        by_model[rec["model"]].append(rec)
    names = {}
    for dim, (_, model, field) in DIMS.items():
        names[dim] = {r["pk"]: r["fields"][field].strip() for r in by_model[model]}
    raters = {r["pk"]: r["fields"]["name"] for r in by_model["ponder.categorizer"]}
    sha_count = defaultdict(int)
    for c in by_model["ponder.commit"]:
        sha_count[c["fields"]["sha"]] += 1
    shas = [s for s, n in sha_count.items() if n == 1]
    bugfix_sha = {b["pk"]: b["fields"]["sha"] for b in by_model["ponder.bugfix"]}
    cats = defaultdict(list)  # (sha, rater name) -> categorizations
    for c in by_model["ponder.categorization"]:
        f = c["fields"]
        if f["categorizer"] in raters and sha_count.get(f["sha"]) == 1:
            cats[(f["sha"], raters[f["categorizer"]])].append(c)

    def value(c, dim):
        f = c["fields"]
        if dim == "is_func_fix":
            v = f["is_func_fix"]
            return None if v is None else ("Yes" if v else "No")
        pk = f[DIMS[dim][0]]
        return None if pk is None else names[dim].get(pk)

    def linked(c):
        b = c["fields"]["bug_fix"]
        return b if b is not None and bugfix_sha.get(b) == c["fields"]["sha"] else None

    result = {}
    for a, b in itertools.combinations(sorted(raters.values()), 2):
        units, not_comparable = [], 0
        for sha in shas:
            fa, fb = cats.get((sha, a), []), cats.get((sha, b), [])
            links = sorted({linked(c) for c in fa + fb if linked(c) is not None})
            if links:
                for bf in links:
                    la = [c for c in fa if linked(c) == bf]
                    lb = [c for c in fb if linked(c) == bf]
                    if len(la) > 1 or len(lb) > 1:
                        not_comparable += 1
                    elif la and lb:
                        units.append((la[0], lb[0]))
            elif len(fa) > 1 or len(fb) > 1:
                not_comparable += 1
            elif fa and fb:
                units.append((fa[0], fb[0]))
        if gate_passed:
            units = [(x, y) for x, y in units if x["fields"]["is_func_fix"] and y["fields"]["is_func_fix"]]
        per_dim = {}
        for dim in ["is_func_fix"] + list(DIMS):
            pairs = []
            for x, y in units:
                vx, vy = value(x, dim), value(y, dim)
                if empty_as_missing and (vx is None or vy is None):
                    continue
                pairs.append((vx or "none", vy or "none"))
            agree = sum(1 for x, y in pairs if x == y)
            labels = sorted({v for p in pairs for v in p})
            kappa = None
            if pairs and len(labels) > 1:
                kappa = float(cohen_kappa_score([p[0] for p in pairs], [p[1] for p in pairs], labels=labels))
            per_dim[dim] = {"n_units": len(units), "n_pairable": len(pairs), "n_not_comparable": not_comparable,
                            "percent_agreement": agree / len(pairs) if pairs else None, "cohen_kappa": kappa}
        result[a + "|" + b] = per_dim
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
