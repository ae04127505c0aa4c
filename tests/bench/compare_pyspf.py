#!/usr/bin/env python3
"""Whole-process comparison of spfsleuth-cli and pyspf on the RFC 7208 conformance suite.

Both tools ask the same loopback DNS servers (sleuth-dnsfixture serves each scenario on its own
port), one process per scenario and tool, in the same run. Prints agreement with the suite and the
time ratio. A benchmark, not a test: it never fails on speed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PYSPF_RUNNER = r'''
import sys, json, time
import spf
port = int(sys.argv[1]); timeout = float(sys.argv[2])
if spf.DNSLookup.__name__ == "DNSLookup_dnspython":
    import dns.resolver
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]; r.port = port; r.timeout = timeout; r.lifetime = timeout
    dns.resolver.default_resolver = r
else:  # pydns (python3-dns)
    import DNS
    DNS.defaults["server"] = ["127.0.0.1"]; DNS.defaults["port"] = port
for line in sys.stdin:
    ip, sender, helo = (line.rstrip("\n").split("\t") + ["", "", ""])[:3]
    t0 = time.perf_counter()
    try:
        res, code, exp = spf.query(i=ip, s=sender, h=helo, timeout=timeout).check()
    except Exception as e:  # pyspf raises on some inputs
        res = "error:" + type(e).__name__
    res = {"unknown": "permerror", "error": "temperror"}.get(res, res)
    print(json.dumps({"result": res, "elapsed_ms": (time.perf_counter() - t0) * 1000}))
'''


def run(cmd, lines):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input="".join(lines), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    out = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    return wall, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=0.25)
    ap.add_argument("--repeat", type=int, default=20, help="bulk run: each non-timeout check this many times")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cli = os.path.join(args.build, "app", "spfsleuth-cli")
    fixture = os.path.join(args.build, "tests", "sleuth-dnsfixture")
    python = "/usr/bin/python3"
    with tempfile.TemporaryDirectory() as tmp:
        manifest = os.path.join(tmp, "manifest.json")
        fx = subprocess.Popen([fixture, "--suite", os.path.join(root, "tests/data/rfc7208-tests.yml"), "--manifest", manifest],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert fx.stdout.readline().strip() == "ready"
        scenarios = json.load(open(manifest))
        tools = {
            "spfsleuth-cli (--jobs 1)": lambda port: [cli, "check", "--batch", "-", "--server", f"127.0.0.1:{port}", "--timeout", str(args.timeout),
                                                      "--tries", "1", "--no-trace", "--jobs", "1"],
            "spfsleuth-cli (--jobs 8)": lambda port: [cli, "check", "--batch", "-", "--server", f"127.0.0.1:{port}", "--timeout", str(args.timeout),
                                                      "--tries", "1", "--no-trace", "--jobs", "8"],
            "pyspf": lambda port: [python, "-c", PYSPF_RUNNER, str(port), str(args.timeout)],
        }
        total = sum(len(s["tests"]) for s in scenarios)

        def measure(selection, repeat):
            """Median whole-process wall time per tool over the rounds, and agreement."""
            walls = {name: [] for name in tools}
            agree = {name: 0 for name in tools}
            slow = set()
            for _ in range(args.rounds):
                for name, make in tools.items():
                    wall_sum, ok = 0.0, 0
                    for si, s in enumerate(scenarios):
                        tests = [t for ti, t in enumerate(s["tests"]) if (si, ti) in selection]
                        if not tests:
                            continue
                        lines = [f'{t["host"]}\t{t["mailfrom"]}\t{t["helo"]}\n' for t in tests] * repeat
                        wall, out = run(make(s["port"]), lines)
                        wall_sum += wall
                        for k, o in enumerate(out):
                            t = tests[k % len(tests)]
                            ok += o.get("result") in t["results"]
                            if o.get("elapsed_ms", 0) >= 0.8 * args.timeout * 1000:
                                slow.add((si, s["tests"].index(t)))
                    walls[name].append(wall_sum)
                    agree[name] = ok // repeat
            return {n: statistics.median(w) for n, w in walls.items()}, agree, slow

        everything = {(si, ti) for si, s in enumerate(scenarios) for ti in range(len(s["tests"]))}
        full, agree, slow = measure(everything, 1)
        fast = everything - slow
        bulk, _, _ = measure(fast, args.repeat)
        fx.stdin.close()
        fx.wait()

    print(f"RFC 7208 suite over loopback DNS: {total} checks in {len(scenarios)} scenarios (one process per scenario and tool),")
    print(f"query timeout {args.timeout}s, median of {args.rounds} rounds, all tools in the same run.")
    print(f"{'tool':28} {'agree':>9} {'suite wall s':>13} {'bulk wall s':>12}")
    for name in tools:
        print(f"{name:28} {agree[name]:>4}/{total:<4} {full[name]:13.3f} {bulk[name]:12.3f}")
    print(f"suite: {len(slow)} checks wait for simulated timeouts in at least one tool; bulk: the other {len(fast)} checks x{args.repeat}")
    for name in tools:
        if name != "pyspf":
            print(f"ratio pyspf / {name}: suite {full['pyspf'] / full[name]:.2f}x, bulk {bulk['pyspf'] / bulk[name]:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
