#pragma once

#include "cli/cli.h"

namespace Cli {

// `report` is the one command that needs Qt Gui (fonts, PDF). It is a program of its own,
// spfsleuth-report (app/report), so that every other command starts without loading Qt Gui:
// spfsleuth-cli report ARGS replaces itself with spfsleuth-report ARGS.
QString reportProgram(); // empty when it is not installed
int launchReport(const QStringList &arguments, Context &context);

} // namespace Cli
