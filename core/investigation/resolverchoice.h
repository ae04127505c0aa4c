#pragma once

#include <memory>
#include <optional>

#include <QStringList>

#include "common/expected.h"
#include "common/work.h"
#include "dns/networkconfig.h"

namespace Dns {
class Resolver;
}

// Which DNS an investigation, a tool or a batch asks, and the one factory that makes it. The
// CLI's options, the window's resolver box and case files all become a ResolverChoice.
namespace Investigation {

enum class ResolverMode {
    System, // the nameservers of /etc/resolv.conf
    Custom, // the servers named
    Authoritative, // each zone's own nameservers, found through the system's resolver
    ZoneFile, // a zone file or JSON snapshot (offline)
};

struct ResolverChoice
{
    ResolverMode mode = ResolverMode::System;
    QStringList servers; // Custom: HOST[:PORT] entries, asked in order
    QString zoneFile; // ZoneFile
    int timeoutMs = 3000; // per try
    int tries = 2;
    bool recursionDesired = true;
    friend bool operator==(const ResolverChoice &, const ResolverChoice &) = default;
};

// A choice made into a resolver. `network` holds the settings a live resolver asks with (the
// nameserver comparison asks other servers the same way); it is empty offline.
struct ResolverSetup
{
    std::shared_ptr<Dns::Resolver> resolver;
    std::optional<Dns::NetworkConfig> network;
};

// The options the window and the CLI share, read one way with the same words: --timeout
// SECONDS (more than 0, at most 300) as milliseconds, and --ns-port PORT (1-65535).
Sleuth::Expected<int, QString> timeoutOption(const QString &text);
Sleuth::Expected<quint16, QString> nsPortOption(const QString &text);

// Why a choice cannot be made, without doing DNS or reading files: empty when it can.
QString validate(const ResolverChoice &choice);

// The network settings a choice stands for (servers, timeouts, recursion), whatever its mode.
Dns::NetworkConfig networkConfig(const ResolverChoice &choice, const Work::Cancel &cancel = {});

// Makes the resolver a choice stands for. Blocking (reads /etc/resolv.conf or the zone file):
// call it on the thread that will use the resolver. `cancel` stops its queries.
Sleuth::Expected<ResolverSetup, QString> makeResolver(
    const ResolverChoice &choice, const Work::Cancel &cancel = {});

// Where a session's DNS comes from: a fixed resolver (a zone file loaded once, the captured
// answers of a case), or else the choice, made on the worker thread that asks. A value: copy it
// into the work.
struct ResolverSource
{
    std::shared_ptr<Dns::Resolver> fixed;
    ResolverChoice choice;
    // Why this source cannot answer (a zone file asked for but unreadable): make() refuses with it
    // rather than fall back to live DNS. Offline when the user asked for offline.
    QString unusable;

    bool isOffline() const { return fixed != nullptr || choice.mode == ResolverMode::ZoneFile; }
    Sleuth::Expected<ResolverSetup, QString> make(const Work::Cancel &cancel) const;
};

} // namespace Investigation
