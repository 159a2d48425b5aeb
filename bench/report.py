#!/usr/bin/env python3
"""Prints the side-by-side table from bench/run.sh results, or plot data.

  report.py RESULTS.jsonl                 the Markdown table for one size
  report.py --plot OUT_DIR RESULTS.jsonl...  lookup.dat and member.dat for bench/plot.gp
"""
import json
import sys

READS = ["get_user", "username_eq", "externalid_eq", "list_sw", "get_group"]
WRITES = ["post_user", "put_user", "patch_user", "patch_member_10", "patch_member_10k",
          "patch_member_all"]


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows[(r["target"], r["label"])] = r
    return rows


def fmt_rps(r):
    return f"{r['rps']:,.0f}" if r else "—"


def fmt_ms(r):
    return f"{r['p99_ms']:.2f}" if r else "—"


def ratio(a, b):
    return f"{a['rps'] / b['rps']:.2f}" if a and b and b["rps"] else "—"


def table(path):
    rows = load(path)
    size = next(iter(rows.values()))["size"]
    out = [f"Directory of {size:,} users, 1,000 groups.", "",
           "| scenario | scimd req/s | scimd p99 ms | peer req/s | peer p99 ms | limit req/s |"
           " limit p99 ms | scimd/limit | scimd/peer | errors s/p/l | fsynced |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for label in READS + WRITES:
        s, p, l = (rows.get((t, label)) for t in ("scimd", "peer", "limit"))
        if not s:
            continue
        name = label.replace("_all", f"_{size}")
        errors = "/".join(str(r["errors"]) if r else "—" for r in (s, p, l))
        durable = "—" if label in READS else "scimd yes / peer no"
        out.append(f"| {name} | {fmt_rps(s)} | {fmt_ms(s)} | {fmt_rps(p)} | {fmt_ms(p)} | "
                   f"{fmt_rps(l)} | {fmt_ms(l)} | {ratio(s, l)} | {ratio(s, p)} | {errors} | "
                   f"{durable} |")
    out.append("")
    extra = {
        ("scimd", "import"): lambda r: f"scimd import of {size:,} users + 1,000 groups: "
                                       f"{r['seconds']:.1f} s (fsynced per 10k batch)",
        ("scimd", "startup"): lambda r: f"scimd start to first served lookup: "
                                        f"{r['seconds'] * 1000:.0f} ms",
        ("peer", "startup"): lambda r: f"peer start incl. loading the JSON lines: "
                                       f"{r['seconds']:.1f} s",
        ("scimd", "rss"): lambda r: f"scimd RSS after the read scenarios: {r['kb'] / 1024:.0f} MB",
        ("scimd", "rss_end"): lambda r: f"scimd RSS after the write scenarios: "
                                        f"{r['kb'] / 1024:.0f} MB",
        ("peer", "rss"): lambda r: f"peer RSS after the read scenarios: {r['kb'] / 1024:.0f} MB",
    }
    for key, render in extra.items():
        if key in rows:
            out.append("- " + render(rows[key]))
    for target in ("scimd", "peer"):
        for label, what in (("sync", "initial sync (lookup + POST per user, then groups)"),
                            ("post_load", "parallel POST load (users only)")):
            r = rows.get((target, label))
            if r:
                out.append(f"- {target} {what}: {r['users']:,} users, {r['groups']:,} groups, "
                           f"{r['memberships']:,} memberships in {r['seconds']:.1f} s "
                           f"({r['rps']:,.0f} req/s, {r['errors']} errors; "
                           f"{'fsynced' if target == 'scimd' else 'not durable'})")
    print("\n".join(out))


def plot(out_dir, paths):
    lookup, member = [], []
    for path in paths:
        rows = load(path)
        size = next(iter(rows.values()))["size"]
        r = rows.get(("scimd", "username_eq"))
        if r:
            lookup.append((size, r["p50_ms"], r["p99_ms"]))
        for label, gsize in (("patch_member_10", 10), ("patch_member_10k", min(size, 10000)),
                             ("patch_member_all", size)):
            r = rows.get(("scimd", label))
            if r:
                member.append((gsize, r["p50_ms"], r["p99_ms"]))
    with open(f"{out_dir}/lookup.dat", "w") as f:
        f.write("# users p50_ms p99_ms\n")
        for row in sorted(set(lookup)):
            f.write("%d %.3f %.3f\n" % row)
    with open(f"{out_dir}/member.dat", "w") as f:
        f.write("# members p50_ms p99_ms\n")
        for row in sorted(set(member)):
            f.write("%d %.3f %.3f\n" % row)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--plot":
        plot(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 2:
        table(sys.argv[1])
    else:
        sys.exit(__doc__)
