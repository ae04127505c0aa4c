#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QCommandLineParser>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include "investigation/resolverchoice.h"

// spfsleuth-cli: every subcommand (options -> run -> render), testable in-process. The static
// library sleuth_cli; app/cli/main.cpp only calls run().
namespace Cli {

// Exit codes (README "Exit codes").
enum ExitCode : int {
    Ok = 0, // done; for check: a result was computed, whatever it is
    Findings = 1, // lint found errors; tree found problems
    Usage = 2, // bad arguments or input: nothing was done
    DnsFailure = 3, // the DNS answer needed could not be had (timeout, network, malformed)
    IoError = 4, // a file could not be written
};

// What every command works with.
struct Context
{
    QTextStream &out;
    QTextStream &err;
    QTextStream &in;
    QString command;
    // Prints "spfsleuth-cli COMMAND: message" as one line on stderr; returns Usage.
    int usageError(const QString &message);
};

struct HelpText
{
    QString command;
    QString synopsis;
    QString examples;
};

// Helpers for commands: the DNS options (--server, --timeout, --tries, --zone, --json), parsing
// with --help (false: stop, *exitCode says how), the resolver they ask for, JSON output.
void addDnsOptions(QCommandLineParser &parser);
bool parse(QCommandLineParser &parser, const QStringList &arguments, Context &context,
    const HelpText &help, int *exitCode);
// The resolver choice the DNS options stand for; on a usage error prints it and returns nullopt.
std::optional<Investigation::ResolverChoice> resolverChoice(
    const QCommandLineParser &parser, Context &context, int *exitCode);
// The choice made into a resolver (Investigation::makeResolver); on error prints it.
std::optional<Investigation::ResolverSetup> makeResolver(
    const Investigation::ResolverChoice &choice, Context &context, int *exitCode);
// Both at once, for commands that need only the resolver.
std::shared_ptr<Dns::Resolver> makeResolver(
    const QCommandLineParser &parser, Context &context, int *exitCode);
void writeJson(QTextStream &out, const QJsonObject &object, bool compact = false);
// --NAME N, a whole number from `min` to `max` (`fallback` when absent): Ok with the value, or the
// code of a usage error already printed.
int takeNumber(const QCommandLineParser &parser, Context &context, const QString &name, int min,
    int max, int fallback, int *value);

// The one IP address argument (ptr, dnsbl): Ok with it, or the code of a usage error already
// printed, which names a look-alike for what it is (a kernel version, a status code).
int takeIpArgument(const QCommandLineParser &parser, Context &context, QHostAddress *ip);

// --ns-port PORT: where the authoritative nameservers listen (labs and tests).
void addNsPortOption(QCommandLineParser &parser);
// Ok with the port (53 when absent), or the code of a usage error already printed.
int takeNsPort(const QCommandLineParser &parser, Context &context, quint16 *port);

// FILE, or - for standard input, read line by line.
struct LineInput
{
    QFile file;
    std::unique_ptr<QTextStream> fileStream;
    QTextStream *stream = nullptr;
    bool isFile() const { return fileStream != nullptr; }
};
// Opens `source` into `input`: Ok, or the code of a usage error already printed.
int openInput(const QString &source, Context &context, LineInput *input);

// `arguments` excludes the program name. `in` is standard input (for --batch -). Needs a
// QCoreApplication. `report` replaces the process with spfsleuth-report (cli/reportlauncher.h).
int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QTextStream &in);

} // namespace Cli
