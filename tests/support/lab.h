#pragma once

#include <memory>

#include <QByteArray>

#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "loopbackserver.h"

// The fixture every network test sets up: a zone served by a LoopbackServer on 127.0.0.1, and
// resolvers that ask it. For tests and benchmarks only.
namespace Lab {

// A network resolver that asks `address` (HOST:PORT) and nothing else. Null if it cannot be made.
std::shared_ptr<Dns::Resolver> resolverFor(
    const QString &address, int timeoutMs = 2000, int tries = 2, bool recursionDesired = true);

// `zone` on a loopback server answering after `delayMs`, and a resolver that asks it. Both null
// when no loopback port could be bound.
struct Served
{
    std::unique_ptr<LoopbackServer> server;
    std::shared_ptr<Dns::Resolver> resolver;
};
Served serve(
    std::shared_ptr<Dns::Resolver> zone, int delayMs = 0, int timeoutMs = 2000, int tries = 2);

// A zone from master-file text (aborts the test run on a syntax error: fixtures are ours).
std::shared_ptr<Dns::MemoryResolver> zoneFromText(const QByteArray &text);
// A domain (example.com) whose check receivers read differently: its 'mx' terms lead to three
// MX hosts that do not exist, and ip4:192.0.2.99 passes. RFC 7208 counts each 'mx' term's void
// lookups once (pass); pyspf and Mail::SPF count each host (permerror).
QByteArray voidMxHostsZone();
// Writes `text` to `name` in `dir`; the path (aborts the test run when it cannot).
QString writeFile(const QString &dir, const QString &name, const QByteArray &text);

// n0.ORIGIN includes n1.ORIGIN, which includes n2... `length` records: a run that takes
// `length` round trips (slow, with a delaying server), for cancel tests.
std::shared_ptr<Dns::MemoryResolver> includeChain(const QByteArray &origin, int length);

} // namespace Lab
