#pragma once

#include <QStringList>
#include <QTextStream>

// spfsleuth-cli: every subcommand, testable in-process. app/cli/main.cpp only calls run().
namespace Cli {

// Exit codes (README "Exit codes").
enum ExitCode : int {
    Ok = 0, // done; for check: a result was computed, whatever it is
    Findings = 1, // lint found errors; tree found problems
    Usage = 2, // bad arguments or input: nothing was done
    DnsFailure = 3, // the DNS answer needed could not be had (timeout, network, malformed)
    IoError = 4, // a file could not be written
};

// `arguments` excludes the program name. `in` is standard input (for --batch -).
int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QTextStream &in);

} // namespace Cli
