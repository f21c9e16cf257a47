#!/usr/bin/env python3
"""Collects the figures of Benchmarks/run.sh and renders the table.

    results.py reset FILE                     start a measurement file
    results.py set FILE KEY VALUE             record a figure (a number or text)
    results.py hyperfine FILE KEY JSON [I]    record the median (seconds) of command I of a hyperfine export
    results.py render FILE RESULTS.md         print the table, write RESULTS.md
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def save(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)


def num(data, key):
    value = data.get(key)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt_ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def fmt(value, unit, digits=1):
    return "—" if value is None else f"{value:.{digits}f} {unit}".strip()


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def verdict(ok):
    return "—" if ok is None else ("PASS" if ok else "MISS")


def rows(d):
    """(area, measure, roundtable, reference, ratio, target, result)"""
    out = []
    # Startup
    rt, hello = num(d, "startup.roundtable"), num(d, "startup.hello")
    r = ratio(rt, hello)
    out.append(("Startup", "`roundtable --version` (release, static Swift runtime, as installed) vs hello world + Foundation (`swiftc -O`)",
                fmt_ms(rt), fmt_ms(hello), fmt(r, "×", 2), "≤ 1.3×", verdict(None if r is None else r <= 1.3)))
    dyn = num(d, "startup.dynamic")
    if dyn is not None:
        r2 = ratio(dyn, hello)
        out.append(("Startup", "  (informative) roundtable linked to the shared Swift runtime vs the same hello world", fmt_ms(dyn),
                    fmt_ms(hello), fmt(r2, "×", 2), "—", "—"))
    hs = num(d, "startup.hello_static")
    if hs is not None:
        r3 = ratio(rt, hs)
        out.append(("Startup", "  (informative) roundtable vs hello world, both with a static Swift runtime", fmt_ms(rt),
                    fmt_ms(hs), fmt(r3, "×", 2), "—", "—"))
    # Validation
    files = int(num(d, "validate.files") or 0)
    v, cj, ly = num(d, "validate.roundtable"), num(d, "validate.checkjsonschema"), num(d, "validate.libyaml")
    speedup = ratio(cj, v)
    out.append(("Validation", f"`roundtable validate`, {files:,} files, vs `check-jsonschema`", fmt_ms(v), fmt_ms(cj),
                "—" if speedup is None else f"{speedup:.2f}× faster", "≥ 5× faster",
                verdict(None if speedup is None else speedup >= 5)))
    r3 = ratio(v, ly)
    out.append(("Validation", f"`roundtable validate`, {files:,} files, vs raw libyaml parse (C)", fmt_ms(v), fmt_ms(ly),
                fmt(r3, "×", 1), "≤ 3×", verdict(None if r3 is None else r3 <= 3)))
    inproc = num(d, "validate.inprocess")
    if inproc is not None:
        r4 = ratio(inproc, ly)
        out.append(("Validation", "  (informative) loader alone in-process (parse + check, no library lookups)",
                    fmt_ms(inproc), fmt_ms(ly), fmt(r4, "×", 1), "≤ 3×", verdict(None if r4 is None else r4 <= 3)))
    # Timer
    p50, p99, mx, drift = (num(d, k) for k in ("timer.p50", "timer.p99", "timer.max", "timer.drift"))
    steps = int(num(d, "timer.steps") or 0)
    out.append(("Timer", f"end error per step, {steps} × 1 s (p50 / p99 / max)",
                "—" if p99 is None else f"{p50:.2f} / {p99:.2f} / {mx:.2f} ms", "ideal start + k × 1 s", "—", "p99 ≤ 2 ms",
                verdict(None if p99 is None else p99 <= 2)))
    out.append(("Timer", f"cumulative drift after {steps} steps", fmt(drift, "ms", 2), "0 ms", "—", "≤ 2 ms",
                verdict(None if drift is None else abs(drift) <= 2)))
    slen = num(d, "timer.length_p99")
    if slen is not None:
        out.append(("Timer", "  (informative) each step's own length error (p50 / p99 / max)",
                    f"{num(d, 'timer.length_p50'):.2f} / {slen:.2f} / {num(d, 'timer.length_max'):.2f} ms", "1 s", "—", "—", "—"))
    # Runner overhead
    o = num(d, "overhead.100.total_ms")
    out.append(("Runner", "100-step exercise, scripted input, speed 10⁹ (plan + run)", fmt(o, "ms"), "—", "—", "< 200 ms",
                verdict(None if o is None else o < 200)))
    # Growth
    g = [(n, num(d, f"growth.validate.{n}.per_file_ms")) for n in (100, 1000, 10000)]
    base = g[0][1]
    for n, per in g:
        label = f"validate {n:,} files: time per file"
        text = fmt(per, "ms", 2)
        if d.get(f"growth.validate.{n}.timeout"):
            text = f"> {float(d[f'growth.validate.{n}.timeout']) / n * 1000:.1f} ms (killed after {d[f'growth.validate.{n}.timeout']} s)"
        r5 = ratio(per, base) if per is not None else None
        ok = None if n == 100 else (False if d.get(f"growth.validate.{n}.timeout") else (None if r5 is None else r5 <= 1.5))
        out.append(("Growth", label, text, fmt(base, "ms", 2) + " (100 files)", "—" if n == 100 else (fmt(r5, "×", 1) if r5 else "—"),
                    "flat (≤ 1.5×)", "—" if n == 100 else verdict(ok)))
    li = [(n, num(d, f"growth.load.{n}.per_file_us")) for n in (100, 1000, 10000)]
    if all(v is not None for _, v in li):
        out.append(("Growth", "  (informative) loader alone: µs per file at 100 / 1,000 / 10,000",
                    " / ".join(f"{v:.0f}" for _, v in li) + " µs", "—", fmt(ratio(li[2][1], li[0][1]), "×", 2), "flat", "—"))
    s100, s1000 = num(d, "overhead.100.per_step_us"), num(d, "overhead.1000.per_step_us")
    r6 = ratio(s1000, s100)
    out.append(("Growth", "1,000-step exercise: plan + run per step vs 100 steps", fmt(s1000, "µs"), fmt(s100, "µs"),
                fmt(r6, "×", 2), "≤ 1× (+10% noise)", verdict(None if r6 is None else r6 <= 1.1)))
    # Screen
    rc, tc, secs = num(d, "screen.cpu_roundtable_ms"), num(d, "screen.cpu_termdown_ms"), num(d, "screen.cpu_seconds")
    rs = ratio(rc, tc)
    per_min = lambda v: None if v is None or not secs else v * 60 / secs
    out.append(("Screen", "idle CPU per minute, live session at real speed, 60-card board on screen (tmux 200×55), vs `termdown` counting down",
                fmt(per_min(rc), "ms", 0), fmt(per_min(tc), "ms", 0), fmt(rs, "×", 3), "≤ 0.1×", verdict(None if rs is None else rs <= 0.1)))
    tp50, tp99, wp50 = num(d, "screen.tick_p50"), num(d, "screen.tick_p99"), num(d, "screen.whole_p50")
    out.append(("Screen", "one redraw of that board at 200×55, a second's tick (p50 / p99; changed lines only)",
                fmt(tp50, "ms", 2) + " / " + fmt(tp99, "ms", 2), "—", "—", "< 2 ms", verdict(None if tp99 is None else tp99 < 2)))
    tb, wb = num(d, "screen.tick_bytes"), num(d, "screen.whole_bytes")
    out.append(("Screen", "  (informative) the whole frame drawn and written (start, resize), p50; bytes per tick vs whole frame",
                fmt(wp50, "ms", 2), fmt(tb, "B", 0) + " vs " + fmt(wb, "B", 0), fmt(ratio(tb, wb), "×", 2), "< 2 ms", verdict(None if wp50 is None else wp50 < 2)))
    # Join
    p50, p99, f50, f99 = num(d, "join.ack_ms_p50"), num(d, "join.ack_ms_p99"), num(d, "join.fsync_ms_p50"), num(d, "join.fsync_ms_p99")
    if p99 is not None:
        out.append(("Join", "100 devices × 20 contributions (500 idle connections open): send → acknowledgement (journaled, synced), p50 / p99, vs one synced append on the same disk",
                    fmt(p50, "ms", 1) + " / " + fmt(p99, "ms", 1), fmt(f50, "ms", 2) + " / " + fmt(f99, "ms", 2),
                    fmt(ratio(p99, f99), "×", 0), "p99 ≤ 50 ms", verdict(p99 <= 50)))
        sent, acked, kept = num(d, "join.sent"), num(d, "join.acknowledged"), num(d, "join.in_report")
        out.append(("Join", "  nothing lost: acknowledged and in the report, of those sent", f"{kept:.0f} / {acked:.0f}", f"{sent:.0f} sent",
                    fmt(ratio(kept, sent), "×", 3), "all", verdict(kept == acked == sent)))
        rss, alone, cpu = num(d, "join.peak_rss_kib"), num(d, "join.alone_rss_kib"), num(d, "join.cpu_seconds")
        out.append(("Join", "  peak RSS of the session under that load, vs the same session with 2 devices; CPU for the 2,000",
                    fmt(None if rss is None else rss / 1024, "MB") + f" · {cpu:.1f} s CPU", fmt(None if alone is None else alone / 1024, "MB"),
                    fmt(ratio(rss, alone), "×", 2), "≤ 60 MB", verdict(None if rss is None else rss / 1024 <= 60)))
    # Memory
    m = num(d, "memory.workshop_kib")
    mh, mv = num(d, "memory.hello_kib"), num(d, "memory.version_kib")
    out.append(("Memory", "peak RSS, 3-hour workshop, 8 people, 500 ideas (`run --input`)", fmt(None if m is None else m / 1024, "MB"),
                fmt(None if mh is None else mh / 1024, "MB") + " (hello) · " + fmt(None if mv is None else mv / 1024, "MB") + " (`--version`)",
                "—", "< 30 MB", verdict(None if m is None else m / 1024 < 30)))
    return out


def render(path, results):
    d = load(path)
    table = ["| Area | Measure | Roundtable | Reference | Ratio | Target | Result |",
             "|---|---|---|---|---|---|---|"]
    for row in rows(d):
        table.append("| " + " | ".join(row) + " |")
    text = "\n".join(table)
    print(text)
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except Exception:
        swift = "swift (version unknown)"
    now = datetime.datetime.now().astimezone()
    head = [
        "# Benchmark results",
        "",
        f"Measured {now:%Y-%m-%d %H:%M %Z} by `Benchmarks/run.sh` on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Linux {platform.release()}, {swift}; load average at start {d.get('machine.load', '?')}. "
        "Every ratio compares figures measured in the same run; times are medians of several runs "
        f"(hyperfine; runs per command: {d.get('machine.runs', '?')}). The machine is shared: expect ±20% between runs.",
        "",
        text,
        "",
        "## Raw figures",
        "",
        "```",
    ] + [f"{k} = {d[k]}" for k in sorted(d)] + ["```", ""]
    analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
    with open(results, "w") as f:
        if os.path.exists(analysis):
            # The analysis goes between the table and the raw figures.
            split = head.index("## Raw figures")
            with open(analysis) as a:
                head[split:split] = [a.read().rstrip("\n"), ""]
        f.write("\n".join(head))


def main(argv):
    if len(argv) >= 2 and argv[0] == "reset":
        save(argv[1], {})
    elif len(argv) == 4 and argv[0] == "set":
        d = load(argv[1])
        d[argv[2]] = argv[3]
        save(argv[1], d)
    elif len(argv) in (4, 5) and argv[0] == "hyperfine":
        d = load(argv[1])
        export = load(argv[3])
        index = int(argv[4]) if len(argv) == 5 else 0
        d[argv[2]] = str(statistics.median(export["results"][index]["times"]))
        save(argv[1], d)
    elif len(argv) == 3 and argv[0] == "render":
        render(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
