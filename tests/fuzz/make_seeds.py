#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets from the project's own test data."""
import os
import re
import struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
corpus = os.path.join(here, "corpus")


def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("latin-1", "replace"))


# parser: every SPF record of the conformance suite and the samples
records = set()
for line in open(os.path.join(root, "tests/data/rfc7208-tests.yml"), encoding="utf-8"):
    m = re.search(r"(?:SPF|TXT):\s*['\"]?(v=spf1[^'\"\n]*)", line)
    if m:
        records.add(m.group(1))
for z in os.listdir(os.path.join(root, "resources/samples")):
    for line in open(os.path.join(root, "resources/samples", z)):
        m = re.search(r'"(v=spf1[^"]*)"', line)
        if m:
            records.add(m.group(1))
records |= {"v=spf1 mx ipv4:64.8.71.112 ip4:1.2.3.4~all", "v=spf1 include=_spf.example.com redirect:x.example.com",
            "v=spf1 a:%{ir}.%{l1r-}._spf.%{d2} ip6:2001:db8::/129 -all", "spf2.0/pra +all"}
for i, r in enumerate(sorted(records)):
    put("parser", f"r{i:03}", r)

# macro: flag byte, 16 address bytes, macro \0 sender \0 helo \0 domain
macros = ["%{i}._spf.%{d}", "%{ir}.%{v}._spf.%{d2}", "%{lr-}.%{o}", "%{S}%{C}%{R}%{T}", "%%%_%-%{h}", "%{p}.%{l1r+-}", "%{d0}", "%{x}", "%"]
for i, m in enumerate(macros):
    v6 = i % 2
    addr = bytes(range(16)) if v6 else bytes([192, 0, 2, i]) + bytes(12)
    put("macro", f"m{i:02}", bytes([v6]) + addr + b"\0".join([m.encode(), b"first.last@example.com", b"mail.example.com", b"example.com"]))


# dnswire: answers as a server sends them
def name(n):
    out = b""
    for label in n.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def packet(qname, qtype, answers, rcode=0, flags=0x8180):
    head = struct.pack(">HHHHHH", 0x1234, flags | rcode, 1, len(answers), 0, 0)
    q = name(qname) + struct.pack(">HH", qtype, 1)
    body = b""
    for atype, rdata in answers:
        body += b"\xc0\x0c" + struct.pack(">HHIH", atype, 1, 300, len(rdata)) + rdata
    return head + q + body


def txt(*strings):
    return b"".join(bytes([len(s)]) + s for s in strings)


put("dnswire", "txt", packet("example.com", 16, [(16, txt(b"v=spf1 ", b"ip4:192.0.2.0/24 -all"))]))
put("dnswire", "a", packet("mail.example.com", 1, [(1, bytes([192, 0, 2, 1]))]))
put("dnswire", "aaaa", packet("mail.example.com", 28, [(28, bytes(range(16)))]))
put("dnswire", "mx", packet("example.com", 15, [(15, struct.pack(">H", 10) + name("mx.example.com")), (15, b"\0\0\0")]))
put("dnswire", "ptr", packet("1.2.0.192.in-addr.arpa", 12, [(12, name("mail.example.com"))]))
put("dnswire", "cname", packet("www.example.com", 1, [(5, b"\xc0\x0c"), (1, bytes([192, 0, 2, 9]))]))
put("dnswire", "nxdomain", packet("nx.example.com", 16, [], rcode=3))
put("dnswire", "truncated", packet("big.example.com", 16, [], flags=0x8380))
put("dnswire", "query", struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 1) + name("example.com") + struct.pack(">HH", 16, 1)
    + b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0))

# loaders: zones, a snapshot, small cases
for z in os.listdir(os.path.join(root, "resources/samples")):
    put("loaders", z, open(os.path.join(root, "resources/samples", z), "rb").read())
for c in ("macro-exists.spfcase", "ipv4-typo.spfcase"):
    put("loaders", c, open(os.path.join(root, "resources/cases", c), "rb").read())
put("loaders", "snapshot.json", '{"format":"spfsleuth-dns","version":1,"records":[{"name":"example.com","type":"TXT","ttl":300,"strings":["v=spf1 -all"]}],'
    '"faults":[{"name":"slow.example.com","type":"ANY","fault":"timeout"}],"answers":[]}')

# paste: the analyzer's corpus
for p in os.listdir(os.path.join(root, "tests/data/paste")):
    put("paste", p, open(os.path.join(root, "tests/data/paste", p), "rb").read())
# ... and MIME bounces (base64, quoted-printable, CRLF, bare CR, ARF, HTML parts)
for p in ("ironport-spf.eml", "exchange-base64-crlf.eml", "mimecast-qp-cr.eml", "arf-report.eml",
          "gmail-dsn-sender.eml"):
    put("paste", p, open(os.path.join(root, "tests/data/bounces", p), "rb").read())
print("seeds written to", corpus)
