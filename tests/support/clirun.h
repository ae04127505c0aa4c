#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

// spfsleuth-cli run as a process, as scripts run it (tests defining SLEUTH_CLI: sleuth_add_test).
namespace Lab {

struct CliRun
{
    int code = -1; // -1: crashed or killed after a minute
    QByteArray out;
    QByteArray err;
};

inline CliRun runCli(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral(SLEUTH_CLI), args);
    p.waitForStarted();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        p.kill();
    return CliRun {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
        p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace Lab
