#!/usr/bin/python3
"""Differential tester: random SPF scenarios, served by our loopback DNS server, checked by
spfsleuth-cli, pyspf (python3-spf), Mail::SPF (libmail-spf-perl) and, inside a private network
namespace where it can reach port 53, libspf2's spfquery.

Every check where our result differs from pyspf's must be explained by a row of
tests/diff/decisions.tsv: the scenario feature (tag) behind it, the RFC 7208 section, and what the
RFC says. An unexplained disagreement fails the run (exit 1), so new ones are looked at, decided
from the RFC and either fixed or written down. Prints agreement with the RFC answer for us and each
peer. --export writes a fixed set of scenarios with the RFC answers for tst_diffscenarios.

  tests/diff/difftest.py --build build --checks 2000 [--seed 7] [--export FILE] [--port N]
"""
import argparse
import csv
import ipaddress
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# Scenarios


class Scenario:
    def __init__(self, sid, kind):
        self.sid = sid
        self.kind = kind
        self.origin = f"s{sid}.test"
        self.records = []
        self.faults = []  # (name, type, fault): served from a JSON snapshot beside the zone
        self.checks = []
        self.tags = {kind}

    def name(self, label=""):
        return f"{label}.{self.origin}" if label else self.origin

    def rr(self, name, rtype, data):
        # Master-file escapes for the octets a local part may bring into an owner name.
        owner = "".join(f"\\{ord(ch):03d}" if ch in ' ;()"\\@$' else ch for ch in name)
        self.records.append(f"{owner}. 300 IN {rtype} {data}")

    def txt(self, name, text):
        chunks = [text[i:i + 250] for i in range(0, len(text), 250)] or [""]
        self.rr(name, "TXT", " ".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks))

    def check(self, ip, sender, helo="mail.helo.test"):
        self.checks.append({"ip": ip, "sender": sender, "helo": helo})


def v4(rnd, net="192.0.2"):
    return f"{net}.{rnd.randint(1, 254)}"


def v6(rnd):
    return f"2001:db8:{rnd.randint(0, 0xffff):x}::{rnd.randint(1, 0xffff):x}"


def mapped(ip):
    return "::ffff:" + ip


def client(rnd, inside4=None, inside6=None):
    """A client address: often the one the record names, sometimes another, IPv6 or mapped."""
    roll = rnd.random()
    if inside4 and roll < 0.35:
        return inside4
    if inside4 and roll < 0.45:
        return mapped(inside4)
    if inside6 and roll < 0.7:
        return inside6
    if roll < 0.85:
        return v4(rnd, rnd.choice(["192.0.2", "198.51.100", "203.0.113"]))
    return v6(rnd)


def gen_cidr4(s, rnd):
    net = ipaddress.ip_network(f"{v4(rnd, rnd.choice(['192.0.2', '198.51.100']))}/{rnd.choice([0, 1, 8, 16, 24, 25, 30, 31, 32])}", strict=False)
    inside = str(net.network_address + (rnd.randint(0, net.num_addresses - 1) if net.num_addresses < 2**20 else 77))
    form = rnd.choice(["ip4:{a}/{p}", "ip4:{a}/{p}", "IP4:{a}/{p}", "ip4:{a}"])
    term = form.format(a=net.network_address if "/" in form else inside, p=net.prefixlen)
    s.txt(s.name(), f"v=spf1 {term} {rnd.choice(['-all', '~all', '?all'])}")
    for _ in range(3):
        s.check(client(rnd, inside4=inside), f"user@{s.name()}")


def gen_cidr6(s, rnd):
    prefix = rnd.choice([0, 1, 32, 48, 64, 96, 127, 128])
    if rnd.random() < 0.3:
        base = mapped(v4(rnd))
        s.tags.add("mapped6")
    else:
        base = v6(rnd)
    net = ipaddress.ip_network(f"{base}/{prefix}", strict=False)
    inside = str(net.network_address + rnd.randint(0, min(net.num_addresses - 1, 1000)))
    s.txt(s.name(), f"v=spf1 ip6:{base}/{prefix} -all" if rnd.random() < 0.8 else f"v=spf1 ip6:{base} -all")
    inside4 = None
    if base.startswith("::ffff:"):
        inside4 = base[7:]
    for _ in range(3):
        s.check(client(rnd, inside4=inside4, inside6=inside), f"user@{s.name()}")


def gen_dualcidr(s, rnd):
    h4, h6 = v4(rnd), v6(rnd)
    host = s.name("h")
    s.rr(host, "A", h4)
    s.rr(host, "AAAA", h6 if rnd.random() < 0.8 else mapped(v4(rnd)))
    c4 = rnd.choice(["", "/0", "/16", "/24", "/32"])
    c6 = rnd.choice(["", "//0", "//48", "//64", "//128"])
    if rnd.random() < 0.5:
        s.rr(s.name(), "MX", f"10 {host}.")
        term = f"mx{c4}{c6}"
        s.tags.add("mx")
    else:
        term = f"a:{host}{c4}{c6}"
    s.txt(s.name(), f"v=spf1 {term} -all")
    for _ in range(3):
        s.check(client(rnd, inside4=h4, inside6=h6), f"user@{s.name()}")


LOCAL_ALPHABET = "abc"


def local_part(rnd):
    parts = ["".join(rnd.choice(LOCAL_ALPHABET) for _ in range(rnd.randint(1, 3))) for _ in range(rnd.randint(1, 4))]
    out = parts[0]
    for p in parts[1:]:
        out += rnd.choice(".-+") + p
    return out


def expand(value, digits, reverse, delims):
    """RFC 7208 §7.3 transformers, for building zones the checks can hit (not an oracle)."""
    seps = delims or "."
    parts = [value]
    for d in seps:
        parts = [q for p in parts for q in p.split(d)]
    if reverse:
        parts.reverse()
    if digits:
        parts = parts[-digits:]
    return ".".join(parts)


def gen_macro(s, rnd):
    letter = rnd.choice("lsod")
    digits = rnd.choice([0, 0, 1, 2, 3])
    reverse = rnd.random() < 0.4
    delims = rnd.choice(["", "", ".", "-", "+", ".-", "-+"])
    upper = rnd.random() < 0.15
    macro = "%{" + (letter.upper() if upper else letter) + (str(digits) if digits else "") + ("r" if reverse else "") + delims + "}"
    s.txt(s.name(), f"v=spf1 exists:{macro}.x.{s.name()} -all")
    if upper:
        s.tags.add("url-escape")
    for _ in range(3):
        lp = local_part(rnd)
        sender = f"{lp}@{s.name()}"
        value = {"l": lp, "s": sender, "o": s.name(), "d": s.name()}[letter]
        target = expand(value, digits, reverse, delims)
        if not upper and rnd.random() < 0.7 and all(0 < len(x) < 64 for x in target.split(".")):
            s.rr(f"{target}.x.{s.name()}", "A", "127.0.0.2")
        s.check(v4(rnd), sender)


def gen_ipmacro(s, rnd):
    digits = rnd.choice([0, 1, 2, 4])
    reverse = rnd.random() < 0.6
    macro = "%{i" + (str(digits) if digits else "") + ("r" if reverse else "") + "}"
    s.txt(s.name(), f"v=spf1 exists:{macro}.{rnd.choice(['v', 'x'])}.{s.name()} -all")
    for _ in range(3):
        ip = client(rnd)
        addr = ipaddress.ip_address(ip)
        if addr.version == 6 and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        text = str(addr) if addr.version == 4 else ".".join(addr.exploded.replace(":", ""))
        target = expand(text, digits, reverse, ".")
        if rnd.random() < 0.7:
            s.rr(f"{target}.v.{s.name()}", "A", "127.0.0.2")
        s.check(ip, f"user@{s.name()}")
    s.tags.add("ipv6" if ":" in str(s.checks) else "ipmacro")


def gen_longexpansion(s, rnd):
    # %{l} long enough that the expansion passes 253 characters, with and without a trailing dot.
    dot = rnd.choice(["", "."])
    s.txt(s.name(), f"v=spf1 exists:%{{l}}.t.{s.name()}{dot} -all")
    s.tags.add("truncation")
    for _ in range(3):
        n = rnd.randint(2, 5)
        labels = ["".join(rnd.choice("ab") for _ in range(rnd.randint(40, 63))) for _ in range(n)]
        lp = ".".join(labels)
        full = f"{lp}.t.{s.name()}"
        cut, dropped = full, 0
        while len(cut) > 253:
            cut = cut.split(".", 1)[1]
            dropped += 1
        if dropped > 1:
            s.tags.add("truncation-many-labels")
        if all(0 < len(x) < 64 for x in cut.split(".")):
            s.rr(cut, "A", "127.0.0.2")
        s.check(v4(rnd), f"{lp}@{s.name()}")


def gen_exp(s, rnd):
    letters = rnd.sample(["s", "l", "o", "d", "i", "v", "h", "S", "L"], 4)
    text = " ".join("%{" + x + "}" for x in letters) + rnd.choice(["", " %%", " %_", " %-"])
    s.txt(s.name(), f"v=spf1 ip4:192.0.2.200 -all exp=e.{s.name()}")
    s.txt(s.name("e"), text)
    s.tags.add("exp")
    for _ in range(2):
        s.check(v4(rnd, "198.51.100"), f"{local_part(rnd)}@{s.name()}", helo=s.name("mail"))


def gen_cname(s, rnd):
    length = rnd.randint(1, 3)
    loop = rnd.random() < 0.2
    names = [s.name(f"c{i}") for i in range(length + 1)]
    for i in range(length):
        s.rr(names[i], "CNAME", names[i + 1] + ".")
    if loop:
        s.rr(names[length], "CNAME", names[0] + ".")
        s.tags.add("cname-loop")
    else:
        s.txt(names[length], "v=spf1 ip4:192.0.2.10 -all")
    s.txt(s.name(), f"v=spf1 include:{names[0]} -all")
    for ip in ["192.0.2.10", "192.0.2.11"]:
        s.check(ip, f"user@{s.name()}")


def gen_case_and_dots(s, rnd):
    sub = s.name("Sub")
    s.txt(sub.lower(), "v=spf1 ip4:192.0.2.20 -all")
    s.rr(s.name("host"), "A", "192.0.2.21")
    inc = rnd.choice([f"include:{sub}", f"Include:{sub}.", f"INCLUDE:{sub.upper()}"])
    a = rnd.choice([f"a:{s.name('host')}", f"A:{s.name('HOST')}.", f"a:{s.name('host')}."])
    s.txt(s.name(), f"v=spf1 {inc} {a} -ALL")
    s.tags.add("case-dot")
    for ip in ["192.0.2.20", "192.0.2.21", "192.0.2.22"]:
        s.check(ip, f"User@{s.name().upper()}")


def gen_nullsender(s, rnd):
    helo = s.name("mail")
    s.txt(helo, "v=spf1 a -all")
    s.rr(helo, "A", "192.0.2.30")
    s.txt(s.name(), "v=spf1 -all")
    s.tags.add("null-sender")
    for ip in ["192.0.2.30", "192.0.2.31"]:
        s.check(ip, "", helo=helo)


def gen_quoted(s, rnd):
    s.txt(s.name(), f"v=spf1 exists:%{{l}}.q.{s.name()} -all")
    s.rr(f"a b.q.{s.name()}", "A", "127.0.0.2")
    s.tags.add("quoted")
    s.check("192.0.2.40", f'"a b"@{s.name()}')
    s.check("192.0.2.40", f"a.b@{s.name()}")


def gen_lookups(s, rnd):
    n = rnd.choice([9, 10, 10, 11, 12])
    terms = []
    for i in range(n):
        s.txt(s.name(f"i{i}"), f"v=spf1 ip4:192.0.2.{100 + i} -all")
        terms.append(f"include:{s.name(f'i{i}')}")
    s.txt(s.name(), "v=spf1 " + " ".join(terms) + " -all")
    s.tags.add("lookup-limit")
    for ip in ["192.0.2.100", f"192.0.2.{100 + n - 1}", "192.0.2.99"]:
        s.check(ip, f"user@{s.name()}")


def gen_voids(s, rnd):
    k = rnd.choice([1, 2, 3])
    terms = [f"a:gone{i}.{s.name()}" for i in range(k)]
    if rnd.random() < 0.5:
        terms.append(f"mx:nomx.{s.name()}")
        s.rr(s.name("nomx"), "A", "192.0.2.50")
    s.txt(s.name(), "v=spf1 " + " ".join(terms) + " ip4:192.0.2.51 -all")
    s.tags.add("void-limit")
    for ip in ["192.0.2.51", "192.0.2.52", "2001:db8::51"]:
        s.check(ip, f"user@{s.name()}")
    if any(":" in c["ip"] for c in s.checks):
        s.tags.add("void-aaaa")


def gen_mxlimit(s, rnd):
    n = rnd.choice([9, 10, 11, 12])
    if n > 10:
        s.tags.add("mx-over-10")
    for i in range(n):
        s.rr(s.name(), "MX", f"{i} mx{i}.{s.name()}.")
        s.rr(s.name(f"mx{i}"), "A", f"192.0.2.{60 + i}")
    s.txt(s.name(), "v=spf1 mx -all")
    s.tags.add("mx-limit")
    for ip in ["192.0.2.60", f"192.0.2.{60 + n - 1}", "192.0.2.59"]:
        s.check(ip, f"user@{s.name()}")


PTR_ADDRESSES = []  # each PTR scenario its own address: reverse names share one zone


def gen_ptr(s, rnd):
    if not PTR_ADDRESSES:
        sys.exit("more PTR scenarios than documentation addresses")
    ip = PTR_ADDRESSES.pop(0)
    names = [s.name(f"p{i}") for i in range(rnd.choice([1, 2, 11]))]
    if len(names) > 10:
        s.tags.add("ptr-over-10")
    rev = ".".join(reversed(ip.split("."))) + ".in-addr.arpa"
    for n in names:
        s.rr(rev, "PTR", n + ".")
    validated = rnd.randint(0, len(names))
    for n in names[:validated]:
        s.rr(n, "A", ip)
    if validated < len(names):
        s.tags.add("ptr-void")  # names whose address lookup comes back empty
    s.rr(s.origin, "A", ip) if rnd.random() < 0.3 else None
    if rnd.random() < 0.3:
        s.rr(rev, "PTR", s.origin + ".")
    term = rnd.choice(["ptr", f"ptr:{s.name()}", f"exists:%{{p}}.allow.{s.name()}"])
    if term.startswith("exists"):
        for n in names + [s.origin]:
            s.rr(f"{n}.allow.{s.name()}", "A", "127.0.0.2") if rnd.random() < 0.5 else None
        s.tags.add("p-macro")
    s.txt(s.name(), f"v=spf1 {term} -all")
    s.tags.add("ptr")
    s.check(ip, f"user@{s.name()}")
    s.check(v4(rnd), f"user@{s.name()}")


def gen_redirect(s, rnd):
    target = rnd.choice([s.name("r"), s.name("nothere"), s.name("empty")])
    s.txt(s.name("r"), "v=spf1 ip4:192.0.2.70 ?all")
    s.txt(s.name("empty"), "not spf")
    mid = rnd.choice(["", "ip4:192.0.2.71", "include:" + s.name("r")])
    s.txt(s.name(), f"v=spf1 {mid} redirect={target}".replace("  ", " "))
    s.tags.add("redirect")
    for ip in ["192.0.2.70", "192.0.2.71", "192.0.2.72"]:
        s.check(ip, f"user@{s.name()}")


def gen_syntax(s, rnd):
    record = rnd.choice([
        "v=spf1 v=spf1 ip4:192.0.2.80 -all", "v=spf1 ip4:192.0.2.80 -all v=spf1",
        "v=spf1 ip4:192.0.2.80 unknown=x -all", "v=spf1 ip4:192.0.2.80 -all exp=",
        "v=spf1 ip4:192.0.2.80/33 -all", "v=spf1 ip4:192.0.2.80 redirect=a.example redirect=b.example",
        "v=spf1 ip4:192.0.2.80 ptr:% -all", "v=spf1 -all:x", "v=spf1 ip4:192.0.2.80 +all",
        "v=spf1 ip4:192.0.2.80 a:-bad-.example -all", "spf2.0/pra ip4:192.0.2.80 -all",
    ])
    s.txt(s.name(), record)
    s.tags.add("syntax")
    s.check("192.0.2.80", f"user@{s.name()}")
    s.check("192.0.2.81", f"user@{s.name()}")


def gen_idn(s, rnd):
    # A Unicode sender domain: RFC 7208 §4.3 asks DNS for its A-label (UTS #46).
    label = rnd.choice(["bücher", "müller", "例え", "ÉCOLE", "faß", "naïve"])
    ace = label.lower().encode("idna").decode() if label != "faß" else "xn--fa-hia"
    s.txt(f"{ace}.{s.name()}", "v=spf1 ip4:192.0.2.110 -all")
    s.tags.add("idn")
    for ip in ["192.0.2.110", "192.0.2.111"]:
        s.check(ip, f"user@{label}.{s.name()}")


def gen_split_ptrmacro(s, rnd):
    # %{p} for a client with no PTR record, after another void lookup.
    s.txt(s.name(), f"v=spf1 a:gone.{s.name()} exists:%{{p}}.allow.{s.name()} ip4:192.0.2.120 -all")
    s.tags.add("p-macro-no-ptr")
    for ip in ["192.0.2.120", "192.0.2.121"]:
        s.check(ip, f"user@{s.name()}")


def gen_split_trailingdot(s, rnd):
    # A sender domain with a trailing dot, and %{d} / %{o} expanded from it.
    macro = rnd.choice(["%{d}", "%{o}", "%{d2}"])
    s.txt(s.name(), f"v=spf1 exists:{macro}.x.{s.name()} ip4:192.0.2.130 -all")
    target = s.name() if macro != "%{d2}" else ".".join(s.name().split(".")[-2:])
    s.rr(f"{target}.x.{s.name()}", "A", "127.0.0.2")
    s.tags.add("trailing-dot")
    for ip in ["192.0.2.130", "192.0.2.131"]:
        s.check(ip, f"user@{s.name()}.")


def gen_split_mxlater(s, rnd):
    # The first MX host matches; a later one answers SERVFAIL.
    s.txt(s.name(), "v=spf1 mx -all")
    s.rr(s.name(), "MX", f"10 mx1.{s.name()}.")
    s.rr(s.name(), "MX", f"20 mx2.{s.name()}.")
    s.rr(s.name("mx1"), "A", "192.0.2.140")
    s.faults.append((s.name("mx2"), "A", "servfail"))
    s.faults.append((s.name("mx2"), "AAAA", "servfail"))
    s.tags.add("mx-later-error")
    for ip in ["192.0.2.140", "192.0.2.141"]:
        s.check(ip, f"user@{s.name()}")


def gen_split_expmodifier(s, rnd):
    # A macro allowed only in exp= (c, r, t) inside a modifier nobody knows.
    macro = rnd.choice(["%{c}", "%{r}", "%{t}", "%{C}"])
    s.txt(s.name(), f"v=spf1 ip4:192.0.2.150 x-note={macro} -all")
    s.tags.add("exp-macro-modifier")
    for ip in ["192.0.2.150", "192.0.2.151"]:
        s.check(ip, f"user@{s.name()}")


def gen_singlelabel(s, rnd):
    s.tags.add("single-label")
    s.check("192.0.2.90", "user@localhost")


GENERATORS = [gen_cidr4, gen_cidr6, gen_dualcidr, gen_macro, gen_ipmacro, gen_longexpansion, gen_exp,
              gen_cname, gen_case_and_dots, gen_nullsender, gen_quoted, gen_lookups, gen_voids,
              gen_mxlimit, gen_ptr, gen_redirect, gen_syntax, gen_singlelabel, gen_idn,
              gen_split_ptrmacro, gen_split_trailingdot, gen_split_mxlater, gen_split_expmodifier]


def generate(seed, checks):
    rnd = random.Random(seed)
    PTR_ADDRESSES[:] = [f"{net}.{i}" for net in ("203.0.113", "198.51.100") for i in range(1, 255)]
    scenarios = []
    total = 0
    sid = 0
    while total < checks:
        g = GENERATORS[sid % len(GENERATORS)] if sid < len(GENERATORS) else rnd.choice(GENERATORS)
        s = Scenario(sid, g.__name__[4:].replace("_", "-"))
        g(s, rnd)
        scenarios.append(s)
        total += len(s.checks)
        sid += 1
    return scenarios


# ---------------------------------------------------------------------------------------------
# Checkers

PYSPF = r'''
import sys, json
import spf, dns.resolver
port = int(sys.argv[1])
r = dns.resolver.Resolver(configure=False)
r.nameservers = ["127.0.0.1"]; r.port = port; r.timeout = 2; r.lifetime = 2
dns.resolver.default_resolver = r
for line in sys.stdin:
    ip, sender, helo = (line.rstrip("\n").split("\t") + ["", "", ""])[:3]
    try:
        res, code, exp = spf.query(i=ip, s=sender, h=helo, receiver="receiver.test", timeout=5).check()
    except Exception as e:
        res, exp = "crash:" + type(e).__name__, ""
    res = {"unknown": "permerror", "error": "temperror", "ambiguous": "neutral"}.get(res, res)
    print(json.dumps({"result": res, "explanation": exp if res == "fail" else ""}), flush=True)
'''

MAILSPF = r'''
use strict; use warnings; use Mail::SPF; use Net::DNS::Resolver; use JSON::PP;
my $dns = Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => $ARGV[0], tcp_timeout => 2, udp_timeout => 2, retry => 1);
my $server = Mail::SPF::Server->new(dns_resolver => $dns, hostname => 'receiver.test');
$| = 1;
while (my $line = <STDIN>) {
    chomp $line; my ($ip, $sender, $helo) = split /\t/, $line, -1;
    my ($code, $exp) = ('', '');
    eval {
        my $req = $sender ne ''
            ? Mail::SPF::Request->new(scope => 'mfrom', identity => $sender, ip_address => $ip, helo_identity => $helo)
            : Mail::SPF::Request->new(scope => 'helo', identity => $helo, ip_address => $ip);
        my $r = $server->process($req);
        $code = $r->code;
        $exp = $r->can('authority_explanation') && $code eq 'fail' ? ($r->authority_explanation // '') : '';
        1;
    } or do { $code = 'crash:' . (split /\n/, $@)[0]; };
    print JSON::PP->new->canonical->encode({result => $code, explanation => $exp}), "\n";
}
'''


def run_lines(cmd, lines):
    p = subprocess.run(cmd, input="".join(lines), capture_output=True, text=True)
    out = [json.loads(x) for x in p.stdout.splitlines() if x.strip().startswith("{")]
    if len(out) != len(lines):
        sys.exit(f"{cmd[0]} answered {len(out)} of {len(lines)} lines: {p.stderr[-500:]}")
    return out


def run_spfquery(checks):
    out = []
    for c in checks:
        cmd = ["spfquery", "-ip", c["ip"], "-helo", c["helo"], "-sender", c["sender"]]
        p = subprocess.run(cmd, capture_output=True, text=True)
        # An error block (StartError ... EndError) may come first; the result is the next line.
        lines, skipping, first = p.stdout.splitlines(), False, "crash"
        for line in lines:
            if line.strip() == "StartError":
                skipping = True
            elif line.strip() == "EndError":
                skipping = False
            elif not skipping and line.strip():
                first = line.strip()
                break
        out.append({"result": {"unknown": "permerror", "error": "temperror"}.get(first, first), "explanation": ""})
    return out


def load_decisions(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader((x for x in f if not x.startswith("#")), delimiter="\t"):
            rows[r["tag"]] = r
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--checks", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--port", type=int, default=0, help="serve on this port (53 inside the namespace)")
    ap.add_argument("--export", help="write the scenarios and RFC answers (JSON) for tst_diffscenarios")
    ap.add_argument("--export-checks", type=int, default=400)
    args = ap.parse_args()
    cli = os.path.join(args.build, "app", "spfsleuth-cli")
    fixture = os.path.join(args.build, "tests", "sleuth-dnsfixture")
    decisions = load_decisions(os.path.join(HERE, "decisions.tsv"))
    scenarios = generate(args.seed, args.checks)
    checks = [(s, c) for s in scenarios for c in s.checks]

    with tempfile.TemporaryDirectory() as tmp:
        zone = os.path.join(tmp, "diff.zone")
        with open(zone, "w") as f:
            f.write("$TTL 300\n")
            for s in scenarios:
                f.write("\n".join(s.records) + "\n")
        faults = [{"name": n, "type": t, "fault": k} for s in scenarios for (n, t, k) in s.faults]
        if faults:
            with open(os.path.join(tmp, "faults.json"), "w") as f:
                json.dump({"format": "spfsleuth-dns", "version": 1, "records": [], "answers": [],
                           "faults": faults}, f)
            zone += "," + os.path.join(tmp, "faults.json")
        port = args.port or random.Random().randint(20000, 60000)
        fx = subprocess.Popen([fixture, "--serve", zone, "--port", str(port), "--seconds", "3600"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = fx.stdout.readline()
        if "ready" not in ready and "127.0.0.1" not in ready:
            sys.exit("the DNS fixture did not start: " + ready)
        lines = [f'{c["ip"]}\t{c["sender"]}\t{c["helo"]}\n' for _, c in checks]
        t0 = time.time()
        results = {
            "spfsleuth": run_lines([cli, "check", "--batch", "-", "--server", f"127.0.0.1:{port}", "--timeout", "2",
                                    "--tries", "1", "--no-trace", "--jobs", "8"], lines),
            "pyspf": run_lines(["/usr/bin/python3", "-c", PYSPF, str(port)], lines),
            "Mail::SPF": run_lines(["/usr/bin/perl", "-e", MAILSPF, str(port)], lines),
        }
        if port == 53 and subprocess.run(["which", "spfquery"], capture_output=True).returncode == 0:
            results["libspf2"] = run_spfquery([c for _, c in checks])
        elapsed = time.time() - t0
        fx.stdin.close()
        fx.terminate()
        fx.wait()

    for res in results.values():  # an input a checker refuses counts as its answer
        for r in res:
            r.setdefault("result", "refused")
    ours = [r["result"] for r in results["spfsleuth"]]
    rfc = []
    unexplained = []
    adjudicated = {}
    for k, ((s, c), mine, py) in enumerate(zip(checks, ours, [r["result"] for r in results["pyspf"]])):
        answer = mine
        if mine != py:
            hit = next((decisions[t] for t in sorted(s.tags) if t in decisions), None)
            if hit:
                adjudicated[hit["tag"]] = adjudicated.get(hit["tag"], 0) + 1
                answer = mine if hit["rfc"] == "ours" else py
            else:
                unexplained.append((s, c, mine, py))
        rfc.append(answer)

    print(f"{len(checks)} checks in {len(scenarios)} scenarios (seed {args.seed}), {elapsed:.1f} s, all tools on one server")
    print(f"{'checker':12} {'agrees with the RFC answer':>28}")
    for name, res in results.items():
        got = [r["result"] for r in res]
        agree = sum(1 for a, b in zip(got, rfc) if a == b)
        print(f"{name:12} {agree:>10}/{len(rfc)} = {100.0 * agree / len(rfc):6.2f}%")
    for name, res in results.items():  # where each peer parts from the RFC answer, by kind
        if name == "spfsleuth":
            continue
        parts = {}
        for (sc, _), r, answer in zip(checks, res, rfc):
            if r["result"] != answer:
                key = (sc.kind, r["result"], answer)
                parts[key] = parts.get(key, 0) + 1
        top = sorted(parts.items(), key=lambda kv: -kv[1])[:6]
        print(f"{name} differs: " + "; ".join(f"{n} x {k} ({got} for {want})" for (k, got, want), n in top))
    # Our interpretations name the receivers that read a check differently: where a named peer
    # parts from the RFC answer, did we predict its answer?
    for name in [n for n in ("pyspf", "Mail::SPF", "libspf2") if n in results]:
        named = predicted = 0
        for r_ours, r_peer, answer in zip(results["spfsleuth"], results[name], rfc):
            if r_peer["result"] == answer:
                continue
            readings = [i for i in r_ours.get("interpretations", []) if name in i["name"]]
            if readings:
                named += 1
                predicted += any(i["result"] == r_peer["result"] for i in readings)
        print(f"{name}: {predicted} of {named} disagreements our interpretations attribute to it predicted exactly")
    for tag, n in sorted(adjudicated.items()):
        d = decisions[tag]
        print(f"adjudicated: {n:4} check(s) tagged {tag}: {d['section']}: {d['decision']}")
    kinds = {}
    for s, c, mine, py in unexplained:
        kinds.setdefault((s.kind, mine, py), []).append(s.sid)
    for (kind, mine, py), sids in sorted(kinds.items()):
        print(f"unexplained: {len(sids):4} x {kind}: ours={mine} pyspf={py} (e.g. s{sids[0]})")
    for s, c, mine, py in unexplained[: int(os.environ.get("DIFF_SHOW", "12"))]:
        print(f"UNEXPLAINED s{s.sid} [{','.join(sorted(s.tags))}] ip={c['ip']} sender={c['sender']!r} helo={c['helo']}: "
              f"ours={mine} pyspf={py}\n    " + "\n    ".join(r for r in s.records if "TXT" in r)[:600])
    if args.export:
        picked, n = [], 0
        rng = random.Random(args.seed + 1)
        order = list(range(len(scenarios)))
        rng.shuffle(order)
        index = {id(c): i for i, (_, c) in enumerate(checks)}
        for si in sorted(order[: max(1, len(order))]):
            s = scenarios[si]
            if n >= args.export_checks:
                break
            picked.append({"id": f"s{s.sid}", "tags": sorted(s.tags), "zone": "$TTL 300\n" + "\n".join(s.records) + "\n",
                           "faults": [{"name": n, "type": t, "fault": k} for (n, t, k) in s.faults],
                           "checks": [dict(c, rfc=rfc[index[id(c)]],
                                           peers={name: results[name][index[id(c)]]["result"]
                                                  for name in ("pyspf", "Mail::SPF")})
                                      for c in s.checks]})
            n += len(s.checks)
        with open(args.export, "w") as f:
            json.dump({"seed": args.seed, "generator": "tests/diff/difftest.py", "scenarios": picked}, f, indent=1)
        print(f"exported {n} checks in {len(picked)} scenarios to {args.export}")
    print(f"{len(unexplained)} disagreement(s) with pyspf not explained by tests/diff/decisions.tsv")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
