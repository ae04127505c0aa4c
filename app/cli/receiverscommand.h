#pragma once

#include "cli/cli.h"

namespace Cli {

// spfsleuth-cli receivers DOMAIN [--ip IP] [--helo NAME] [--dkim SELECTOR]... [--json]
// What Gmail, Microsoft and Yahoo require of a sender (resources/receivers.json), checked from
// DNS through the investigation pipeline (Investigation::Scope::Receivers): per receiver a
// verdict, per rule a status, why, and the reply the receiver sends when it fails.
// Exit: 0 every receiver meets its rules, 1 one fails (or cannot be told apart from DNS without
// more input), 3 an answer needed could not be had, 2 usage.
int receiversCommand(const QStringList &arguments, Context &context);

} // namespace Cli
