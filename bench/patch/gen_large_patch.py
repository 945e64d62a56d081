#!/usr/bin/env python3
"""Writes a git format-patch file of the shape of the study's largest commit (467 MB,
33,799 files, some binary) for the patch benchmarks. Deterministic; written at bench
time into /tmp, never committed.

usage: gen_large_patch.py OUT [--files N] [--mb SIZE] [--binary-every K]
"""
import argparse
import base64
import random
import zlib

HEADER = """From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Bench Mark <bench@example.invalid>
Date: Mon, 1 Jun 2020 12:00:00 +0200
Subject: [PATCH] Vendor a large dependency tree

A generated commit of the size and shape of the largest commit in the study's
projects: tens of thousands of files, mostly added, some modified, some binary.
---
"""

WORDS = ("tensor graph function shape batch layer model input output value "
         "eager trace compile retrace variable optimizer gradient loss metric").split()


def base85_lines(data):
    """git's binary patch encoding: 52 bytes per line, a length character, base85."""
    out = []
    for i in range(0, len(data), 52):
        chunk = data[i:i + 52]
        n = len(chunk)
        c = chr(ord('A') + n - 1) if n <= 26 else chr(ord('a') + n - 27)
        out.append(c + base64.b85encode(chunk, pad=True).decode('ascii'))
    return out


def text_line(rng, i):
    w = rng.choice(WORDS)
    return "    %s_%d = compute(%s, %d)  # %s\n" % (w, i, rng.choice(WORDS), rng.randrange(1000), rng.choice(WORDS))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=33799)
    ap.add_argument("--mb", type=float, default=467.0)
    ap.add_argument("--binary-every", type=int, default=50)
    args = ap.parse_args()
    rng = random.Random(20220301)
    target = int(args.mb * 1024 * 1024)
    per_file = target // args.files
    written = 0
    # A pool of lines reused so generation stays fast; content varies by file index.
    pool = [text_line(rng, i) for i in range(4096)]
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        f.write(" %d files changed\n\n" % args.files)
        written += len(HEADER) + 40
        for k in range(args.files):
            remaining_files = args.files - k
            budget = max(200, (target - written) // remaining_files)
            path = "third_party/pkg%03d/src/module_%05d.py" % (k % 997, k)
            parts = []
            if args.binary_every and k % args.binary_every == 7:
                path = "third_party/pkg%03d/assets/blob_%05d.bin" % (k % 997, k)
                raw = rng.randbytes(max(64, budget * 52 // 70 // 1))
                deflated = zlib.compress(raw, 1)
                parts.append("diff --git a/%s b/%s\nnew file mode 100644\nindex 0000000..%07x\nGIT binary patch\n"
                             % (path, path, k))
                parts.append("literal %d\n" % len(raw))
                parts.append("\n".join(base85_lines(deflated)))
                parts.append("\n\nliteral 0\nHcmV?d00001\n\n")
            elif k % 5 == 0:
                # A modified file with several hunks.
                parts.append("diff --git a/%s b/%s\nindex %07x..%07x 100644\n--- a/%s\n+++ b/%s\n"
                             % (path, path, k, k + 1, path, path))
                size = 0
                start = 1
                while size < budget:
                    ctx = [pool[(k + start + j) % 4096] for j in range(3)]
                    dels = [pool[(k * 7 + start + j) % 4096] for j in range(4)]
                    adds = [pool[(k * 13 + start + j) % 4096] for j in range(6)]
                    hunk = "@@ -%d,10 +%d,12 @@ def f_%d():\n" % (start, start + 2, start)
                    body = "".join(" " + l for l in ctx) + "".join("-" + l for l in dels) + \
                        "".join("+" + l for l in adds) + "".join(" " + l for l in ctx)
                    parts.append(hunk + body)
                    size += len(hunk) + len(body)
                    start += 40
            else:
                lines = []
                size = 0
                j = 0
                while size < budget:
                    l = pool[(k * 31 + j) % 4096]
                    lines.append("+" + l)
                    size += len(l) + 1
                    j += 1
                parts.append("diff --git a/%s b/%s\nnew file mode 100644\nindex 0000000..%07x\n--- /dev/null\n+++ b/%s\n"
                             "@@ -0,0 +1,%d @@\n" % (path, path, k, path, len(lines)))
                parts.append("".join(lines))
            s = "".join(parts)
            f.write(s)
            written += len(s)
        f.write("-- \n2.39.5\n\n")


if __name__ == "__main__":
    main()
