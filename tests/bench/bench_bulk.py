#!/usr/bin/env python3
"""Bulk audit benchmark: N generated domains served by NSD on loopback.

Generates N customer domains (seeded, mixed shapes: shared provider includes two levels deep,
mx/a records, redirects, records with errors, a 12-lookup chain, no record, NXDOMAIN) in one zone,
starts NSD on 127.0.0.1 on a free port with response rate limiting off, and in the same run times:

  - spfsleuth-cli audit --domains LIST (whole-tree audit per domain; one shared cache per batch)
    with --jobs 1 and --jobs 16;
  - spfsleuth-cli check --batch (check_host() per domain for an address no record authorizes;
    one shared cache per batch, and with --no-cache every check asking afresh) with --jobs 1 and
    --jobs 16 -- the like-for-like comparison with pyspf, whose results are compared domain by
    domain;
  - a pyspf loop: spf.check2() per domain for the same address, one process.

Prints domains per second, peak resident memory (GNU time's maxrss) and ratios within the run.
Not a test: nothing here asserts a speed.

    python3 tests/bench/bench_bulk.py --build build-bench [--domains 10000]
"""

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

UNAUTHORIZED_IP = "203.0.113.254"  # TEST-NET-3, authorized by no generated record

PYSPF_LOOP = r'''
import sys
import spf
import dns.resolver
r = dns.resolver.Resolver(configure=False)
r.nameservers = ["127.0.0.1"]; r.port = int(sys.argv[1]); r.timeout = 3; r.lifetime = 3
dns.resolver.default_resolver = r
for line in sys.stdin:
    d = line.strip()
    if not d:
        continue
    try:
        res = spf.check2(i=sys.argv[2], s="postmaster@" + d, h=d, timeout=3)[0]
    except Exception as e:
        res = "exception"
    print(res)
'''


def tally(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generate(n, seed=7208):
    """The zone text (origin bulk.test.) and the list of domains, in order."""
    rng = random.Random(seed)
    lines = [
        "$ORIGIN bulk.test.",
        "$TTL 3600",
        "@ IN SOA ns1 hostmaster 2026112801 7200 900 1209600 300",
        "@ IN NS ns1",
        "ns1 IN A 127.0.0.1",
    ]
    providers = 60
    for p in range(providers):
        lines.append(f'_spf.p{p} IN TXT "v=spf1 include:_n1.p{p}.bulk.test include:_n2.p{p}.bulk.test ~all"')
        lines.append(f'_n1.p{p} IN TXT "v=spf1 ip4:10.{p}.1.0/24 ip4:10.{p}.2.0/24 ~all"')
        lines.append(f'_n2.p{p} IN TXT "v=spf1 a:out.p{p}.bulk.test ip6:2001:db8:{p:x}::/48 ~all"')
        lines.append(f"out.p{p} IN A 10.{p}.3.1")
    # A 12-lookup chain some customers include (over the limit of 10).
    for i in range(12):
        nxt = f"include:_c{i + 1}.chain.bulk.test " if i < 11 else ""
        lines.append(f'_c{i}.chain IN TXT "v=spf1 {nxt}ip4:10.200.{i}.0/24 -all"')
    domains = []
    for i in range(n):
        name = f"c{i:05d}"
        domains.append(f"{name}.bulk.test")
        shape = rng.random()
        p = rng.randrange(providers)
        q = rng.randrange(providers)
        if shape < 0.35:
            rec = f"v=spf1 include:_spf.p{p}.bulk.test ip4:192.0.2.{i % 250} -all"
        elif shape < 0.50:
            rec = f"v=spf1 mx a include:_spf.p{p}.bulk.test include:_spf.p{q}.bulk.test -all"
            lines.append(f"{name} IN MX 10 mail.{name}")
            lines.append(f"{name} IN A 198.51.100.{i % 250}")
            lines.append(f"mail.{name} IN A 198.51.100.{(i + 1) % 250}")
        elif shape < 0.62:
            rec = f"v=spf1 redirect=_spf.p{p}.bulk.test"
        elif shape < 0.70:
            rec = f"v=spf1 mx ip4:192.0.2.{i % 250} ipv4:192.0.2.{(i + 7) % 250} -all"  # the typo
        elif shape < 0.75:
            rec = f"v=spf1 include:_c0.chain.bulk.test -all"  # 12 lookups
        elif shape < 0.82:
            rec = f"v=spf1 a:gone.{name}.bulk.test a:gone2.{name}.bulk.test a:gone3.{name}.bulk.test -all"  # voids
        elif shape < 0.91:
            lines.append(f"{name} IN A 198.51.100.{i % 250}")  # no SPF record
            continue
        else:
            continue  # NXDOMAIN
        lines.append(f'{name} IN TXT "{rec}"')
        if rng.random() < 0.3:
            lines.append(f'{name} IN TXT "google-site-verification={rng.getrandbits(64):x}"')
    return "\n".join(lines) + "\n", domains


def start_nsd(workdir, zone_text, port):
    with open(os.path.join(workdir, "bulk.test.zone"), "w") as f:
        f.write(zone_text)
    conf = f"""server:
  ip-address: 127.0.0.1
  port: {port}
  username: ""
  chroot: ""
  zonesdir: "{workdir}"
  pidfile: "{workdir}/nsd.pid"
  xfrdfile: "{workdir}/xfrd.state"
  zonelistfile: "{workdir}/zone.list"
  database: ""
  logfile: "{workdir}/nsd.log"
  server-count: 1
  verbosity: 1
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "bulk.test"
  zonefile: "bulk.test.zone"
"""
    with open(os.path.join(workdir, "nsd.conf"), "w") as f:
        f.write(conf)
    nsd = shutil.which("nsd") or "/usr/sbin/nsd"
    proc = subprocess.Popen([nsd, "-d", "-c", os.path.join(workdir, "nsd.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return proc


def wait_ready(cli, port, proc):
    t0 = time.time()
    while time.time() - t0 < 20 and proc.poll() is None:
        r = subprocess.run([cli, "dig", "bulk.test", "SOA", "--server", f"127.0.0.1:{port}",
                            "--timeout", "0.5", "--tries", "1"], capture_output=True, text=True)
        if r.returncode == 0 and "SOA" in r.stdout:
            return True
        time.sleep(0.2)
    return False


def timed(cmd, stdin_text):
    """Wall seconds, peak RSS in MiB (GNU time), stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd, input=stdin_text,
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        rss_kib = int(open(tf.name).read().strip().splitlines()[-1])
    return wall, rss_kib / 1024.0, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--domains", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=16)
    args = ap.parse_args()
    cli = os.path.join(args.build, "app", "spfsleuth-cli")
    if not os.access(cli, os.X_OK):
        sys.exit(f"build the CLI first: {cli} is missing")
    python = "/usr/bin/python3"
    have_pyspf = subprocess.run([python, "-c", "import spf, dns.resolver"],
                                capture_output=True).returncode == 0

    zone, domains = generate(args.domains)
    listing = "\n".join(domains) + "\n"
    batch = "".join(f"{UNAUTHORIZED_IP}\tpostmaster@{d}\t{d}\n" for d in domains)
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        nsd = start_nsd(work, zone, port)
        try:
            if not wait_ready(cli, port, nsd):
                log = open(os.path.join(work, "nsd.log")).read() if os.path.exists(
                    os.path.join(work, "nsd.log")) else ""
                sys.exit("NSD did not come up: " + log)
            server = ["--server", f"127.0.0.1:{port}", "--timeout", "3"]
            runs = []
            for jobs in (1, args.jobs):
                wall, rss, p = timed([cli, "audit", "--domains", "-", "--jobs", str(jobs)]
                                     + server, listing)
                statuses = [line.split(",")[1] for line in p.stdout.splitlines()[1:]]
                runs.append((f"spfsleuth-cli audit --jobs {jobs}", wall, rss, len(statuses),
                             tally(statuses) + "; " + p.stderr.strip().splitlines()[-1]
                             if p.stderr.strip() else tally(statuses)))
            # With the batch's shared answer cache, and with --no-cache (every check asks
            # afresh, as pyspf's loop does): both beside pyspf.
            ours = None
            for jobs, cache in ((1, True), (1, False), (args.jobs, True), (args.jobs, False)):
                extra = [] if cache else ["--no-cache"]
                wall, rss, p = timed([cli, "check", "--batch", "-", "--no-trace", "--jobs", str(jobs)]
                                     + extra + server, batch)
                results = [json.loads(line)["result"] for line in p.stdout.splitlines()]
                if ours is None or cache:
                    ours = results
                runs.append((f"spfsleuth-cli check --batch --jobs {jobs}" + ("" if cache else " --no-cache"),
                             wall, rss, len(results), tally(results)))
            wall, rss, p = timed([cli, "audit", "--domains", "-", "--jobs", "1", "--no-cache"]
                                 + server, listing)
            runs.append(("spfsleuth-cli audit --jobs 1 --no-cache", wall, rss,
                         len(p.stdout.splitlines()) - 1, "every domain asked afresh"))
            if have_pyspf:
                wall, rss, p = timed([python, "-c", PYSPF_LOOP, str(port), UNAUTHORIZED_IP], listing)
                theirs = p.stdout.split()
                same = sum(1 for a, b in zip(ours, theirs) if a == b)
                runs.append(("pyspf loop (check2, 1 process)", wall, rss, len(theirs),
                             f"{tally(theirs)}; same result as check --batch for {same} of "
                             f"{len(theirs)} domains"))
        finally:
            nsd.terminate()
            nsd.wait(timeout=10)

    print(f"{args.domains} domains served by NSD on 127.0.0.1:{port} (one run; ratios within it)")
    print(f"{'tool':42} {'wall s':>8} {'domains/s':>10} {'peak MiB':>9} {'rows':>6}")
    for name, wall, rss, rows, detail in runs:
        print(f"{name:42} {wall:8.2f} {args.domains / wall:10.0f} {rss:9.1f} {rows:6}")
    for name, wall, rss, rows, detail in runs:
        print(f"  {name}: {detail}")
    py = next((r for r in runs if r[0].startswith("pyspf")), None)
    if py:
        for name, wall, rss, rows, detail in runs:
            if name != py[0]:
                print(f"  {name}: {py[1] / wall:.2f}x pyspf's speed, {rss / py[2]:.2f}x its peak memory")
    else:
        print("pyspf is not installed (apt-get install python3-spf python3-dnspython)")


if __name__ == "__main__":
    main()
