#pragma once

#include "cli/cli.h"

namespace Cli {

// spfsleuth-cli dnsbl IP [--list ZONE]... [--json] [--server ...|--zone FILE]
// Asks DNS block lists (RFC 5782) about one address: the catalogue's default lists
// (resources/dnsbl.json), or only those given with --list. Each list's status is listed,
// not-listed, refused ("query refused": cannot tell from this resolver) or unknown (no usable
// answer). Exit 0: listed nowhere; 1: listed somewhere; 3: listed nowhere, but at least one list
// refused or did not answer (cannot tell); 2: usage.
int dnsblCommand(const QStringList &arguments, Context &context);

} // namespace Cli
