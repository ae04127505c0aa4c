#pragma once

#include "cli/cli.h"
#include "paste/pasteanalyzer.h"

namespace Cli {

// spfsleuth-cli bounce FILE|- [--json] [--server ...|--zone ...] [--no-dns]
// Reads a bounce, an NDR, an ARF report or a message header: the sending IP, envelope sender,
// HELO and From with the lines they came from, why the receiver refused it (the reason
// catalogue), and with DNS the SPF result now, DMARC alignment, DKIM keys and forwarding.
int bounceCommand(const QStringList &arguments, Context &context);

// Reads and analyzes the bounce in `source` (a file, or - for standard input): Ok with the
// analysis in *analysis, or the code of a usage error already printed (unreadable, binary, or
// nothing in it to read).
int readBounce(const QString &source, Context &context, Paste::Analysis *analysis);

} // namespace Cli
