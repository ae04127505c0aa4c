#pragma once

#include "cli/cli.h"

namespace Cli {

// spfsleuth-cli bounce FILE|- [--json] [--server ...|--zone ...] [--no-dns]
// Reads a bounce, an NDR, an ARF report or a message header: the sending IP, envelope sender,
// HELO and From with the lines they came from, why the receiver refused it (the reason
// catalogue), and with DNS the SPF result now, DMARC alignment, DKIM keys and forwarding.
int bounceCommand(const QStringList &arguments, Context &context);

} // namespace Cli
