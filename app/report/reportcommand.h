#pragma once

#include "cli/cli.h"

namespace Cli {

// spfsleuth-cli report TARGET [--ip IP] [--helo NAME] [--server ...|--zone FILE]
//     [--pdf FILE] [--html FILE] [--json] [--notes TEXT] [--case-out FILE] [--live]
// TARGET is a domain, an e-mail address, an IP, or a case file (re-evaluated offline from its
// captured answers; with --live, against DNS now).
int reportCommand(const QStringList &arguments, Context &context);

} // namespace Cli
