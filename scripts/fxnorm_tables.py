#!/usr/bin/python3
"""Markdown tables for docs/fxnorm.md from bench/fxnorm_measure.sh output (TSV on stdin or files).

    bench/fxnorm_measure.sh build configs/targets.json /work/corpus/songs > m.tsv
    scripts/fxnorm_tables.py eq m.tsv        # EQ error per stem and variant
    scripts/fxnorm_tables.py bandwidth m.tsv # energy above 17.5 kHz
    scripts/fxnorm_tables.py panning m.tsv   # balance and sides
    scripts/fxnorm_tables.py split m.tsv     # stems where default loses to reference: mean vs shape
"""
import collections
import statistics
import sys

COLUMNS = ["input", "reference", "linked-raw", "v1-D5", "oct3", "oct6", "oct12", "default-no-bw", "default"]


def read(paths):
    rows = []
    for p in paths:
        with open(p) as f:
            rows += [line.rstrip("\n").split("\t") for line in f if not line.startswith("stem\t")]
    return rows


def eq_table(rows):
    err = collections.OrderedDict()
    for r in rows:
        if len(r) >= 3 and r[1] in COLUMNS:
            err.setdefault(r[0], {})[r[1]] = float(r[2])
    print("| stem | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for stem, v in err.items():
        print("| " + stem + " | " + " | ".join("%.2f" % v[c] if c in v else "–" for c in COLUMNS) + " |")
    def summary(fn, c):  # over the stems that have the column
        xs = [v[c] for v in err.values() if c in v]
        return "**%.2f**" % fn(xs) if xs else "–"

    for name, fn in (("mean", statistics.mean), ("median", statistics.median), ("max", max)):
        print("| **" + name + "** (%d stems) | " % len(err) + " | ".join(summary(fn, c) for c in COLUMNS) + " |")
    worse = [(s, v["default"], v["reference"]) for s, v in err.items()
             if "default" in v and v["default"] > v["reference"] + 0.1]
    print("\ndefault worse than reference by > 0.1 dB: %s" % worse)


def split_table(rows):
    """Where the default's RMS error exceeds the reference's by > 0.1 dB: the error split into the
    level offset common to all bands (mean) and the shape about it (columns 9-10 of the TSV)."""
    print("| stem | reference RMS / mean / shape | default RMS / mean / shape | default-no-bw RMS / mean / shape |")
    print("|---|---|---|---|")
    by = collections.OrderedDict()
    for r in rows:
        if len(r) >= 10 and r[1] in ("reference", "default", "default-no-bw"):
            by.setdefault(r[0], {})[r[1]] = "%s / %s / %s" % (r[2], r[8], r[9])
    for stem, v in by.items():
        if float(v["default"].split()[0]) > float(v["reference"].split()[0]) + 0.1:
            print("| %s | %s | %s | %s |" % (stem, v["reference"], v["default"], v.get("default-no-bw", "–")))


def bandwidth_table(rows):
    print("| stem | share > 17.5 kHz in | v1 out | default out | v1 rise | default rise | bandwidth (Hz) |")
    print("|---|---|---|---|---|---|---|")
    by = collections.OrderedDict()
    for r in rows:
        if len(r) >= 8 and r[1] in ("v1-D5", "default"):
            by.setdefault(r[0], {})[r[1]] = r
    for stem, v in by.items():
        a, b = v["v1-D5"], v["default"]
        print("| %s | %s | %s | %s | %s | %s | %s |" % (stem, a[4], a[5], b[5], a[7], b[7], b[6]))


def panning_table(rows):
    print("| stem | input balance R-L (dB) | reference-rule vote | reference mode side | default side |")
    print("|---|---|---|---|---|")
    by = collections.OrderedDict()
    for r in rows:
        if len(r) >= 6 and r[1].startswith("pan-"):
            by.setdefault(r[0], {})[r[1]] = r
    for stem, v in by.items():
        d, ref = v["pan-default"], v["pan-reference"]
        vote = d[7] if len(d) > 7 else "?"
        print("| %s | %s | %s | %s | %s |" % (stem, d[3], vote, ref[5], d[5]))


if __name__ == "__main__":
    kind, paths = sys.argv[1], sys.argv[2:]
    rows = read(paths)
    {"eq": eq_table, "bandwidth": bandwidth_table, "panning": panning_table, "split": split_table}[kind](rows)
