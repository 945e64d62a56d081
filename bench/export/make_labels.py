#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic study of N rater findings as the CSV files `concord-cli import` reads:
commits.csv (N/4 commits), categorizations.csv (4 raters per commit, values from the
corpus's taxonomy, comments on some findings). Deterministic (seeded)."""
import csv
import random
import sys

out, taxonomy, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(1)
values = {}
with open(taxonomy, newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        values.setdefault(row['dimension'], []).append(row['name'])
commits = n // 4
shas = ['%040x' % rng.getrandbits(160) for _ in range(commits)]
with open(f'{out}/commits.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['project', 'sha', 'author', 'commit_date', 'dataset', 'rounds'])
    for i, sha in enumerate(shas):
        w.writerow([f'owner{i % 250}/repo{i % 250}', sha, f'Author {i % 997}', '2020-05-14', 'GH commits', ''])
with open(f'{out}/categorizations.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['sha', 'project', 'rater', 'is_func_fix', 'func_fix_comment', 'problem_category', 'category_comment',
                'problem_cause', 'cause_comment', 'problem_symptom', 'symptom_comment', 'problem_fix', 'fix_comment',
                'should_discuss'])
    for i, sha in enumerate(shas):
        for rater in ('R1', 'R2', 'R3', 'R4'):
            fix = rng.random() < 0.4
            row = [sha, f'owner{i % 250}/repo{i % 250}', rater, 'true' if fix else 'false',
                   'See https://github.com/x/y/pull/1, "quoted"' if rng.random() < 0.2 else '']
            for d in ('category', 'cause', 'symptom', 'fix'):
                row += [rng.choice(values[d]) if fix else '', 'A comment, with a comma.' if fix and rng.random() < 0.3 else '']
            row.append('true' if rng.random() < 0.05 else 'false')
            w.writerow(row)
