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
    pair = any(t == "scimd-pg2" for t, _ in rows)
    head = ("| scenario | scimd req/s | scimd p99 ms | peer req/s | peer p99 ms | limit req/s |"
            " limit p99 ms | scimd/limit | scimd/peer |")
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if pair:
        head += " scimd-pg2 req/s | scimd-pg2 p99 ms |"
        rule += "---:|---:|"
    out = [f"Directory of {size:,} users, 1,000 groups.", "",
           head + " errors s/p/l" + ("/pg2" if pair else "") + " | fsynced |", rule + "---|---|"]
    for label in READS + WRITES:
        s, p, l, g = (rows.get((t, label)) for t in ("scimd", "peer", "limit", "scimd-pg2"))
        if not s and not g:
            continue
        name = label.replace("_all", f"_{size}")
        errors = "/".join(str(r["errors"]) if r else "—"
                          for r in ((s, p, l, g) if pair else (s, p, l)))
        durable = "—" if label in READS else (
            "scimd, pg2 yes / peer no" if pair else "scimd yes / peer no")
        line = (f"| {name} | {fmt_rps(s)} | {fmt_ms(s)} | {fmt_rps(p)} | {fmt_ms(p)} | "
                f"{fmt_rps(l)} | {fmt_ms(l)} | {ratio(s, l)} | {ratio(s, p)} |")
        if pair:
            line += f" {fmt_rps(g)} | {fmt_ms(g)} |"
        out.append(f"{line} {errors} | {durable} |")
    out.append("")
    extra = {
        ("scimd", "load"): lambda r: f"load average at the start: {r['load1']:.2f}, "
                                     f"{r['load5']:.2f}, {r['load15']:.2f}",
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
        ("scimd-pg2", "import"): lambda r: f"scimd-pg2 import into PostgreSQL: "
                                           f"{r['seconds']:.1f} s",
        ("scimd-pg2", "startup"): lambda r: f"scimd-pg2 start of both nodes to first served "
                                            f"lookup on each: {r['seconds'] * 1000:.0f} ms",
        ("scimd-pg2", "rss"): lambda r: f"scimd-pg2 RSS of both nodes after the read scenarios: "
                                        f"{r['kb'] / 1024:.0f} MB",
        ("scimd-pg2", "rss_end"): lambda r: f"scimd-pg2 RSS of both nodes after the write "
                                            f"scenarios: {r['kb'] / 1024:.0f} MB",
    }
    for key, render in extra.items():
        if key in rows:
            out.append("- " + render(rows[key]))
    for target in ("scimd", "scimd-pg2", "peer"):
        for label, what in (("sync", "initial sync (lookup + POST per user, then groups)"),
                            ("post_load", "parallel POST load (users only)")):
            r = rows.get((target, label))
            if r:
                out.append(f"- {target} {what}: {r['users']:,} users, {r['groups']:,} groups, "
                           f"{r['memberships']:,} memberships in {r['seconds']:.1f} s "
                           f"({r['rps']:,.0f} req/s, {r['errors']} errors; "
                           f"{'not durable' if target == 'peer' else 'fsynced'})")
    r = rows.get(("peer", "sync_timeout"))
    if r:
        out.append(f"- peer initial sync: stopped after {r['seconds']:.0f} s without finishing")
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
