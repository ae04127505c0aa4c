#include "cli/reportlauncher.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <unistd.h>

#include <QCoreApplication>
#include <QFileInfo>

namespace Cli {

QString reportProgram()
{
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates {dir + QStringLiteral("/spfsleuth-report"), // a build tree
        dir + QStringLiteral("/../libexec/spfsleuth/spfsleuth-report")}; // installed
    for (const QString &candidate : candidates) {
        if (const QFileInfo info(candidate); info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return {};
}

int launchReport(const QStringList &arguments, Context &c)
{
    const QString program = reportProgram();
    if (program.isEmpty())
        return c.usageError(QStringLiteral(
            "the report writer (spfsleuth-report) is not installed beside spfsleuth-cli"));
    c.out.flush();
    c.err.flush();
    // Replaces this process: the report program answers on the same standard streams with the
    // same exit codes, as if it were this command.
    QList<QByteArray> args {QFile::encodeName(program)};
    for (const QString &a : arguments)
        args << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv.front(), argv.data());
    return c.usageError(QStringLiteral("cannot start %1: %2")
                            .arg(program, QString::fromLocal8Bit(std::strerror(errno))));
}

} // namespace Cli
