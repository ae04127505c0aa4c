#include <QCoreApplication>
#include <QTextStream>

#include "cli/cli.h"

int main(int argc, char *argv[])
{
    // Qt Core only: `report`, which needs Qt Gui, is a program of its own (spfsleuth-report).
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spfsleuth-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLEUTH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    const int code = Cli::run(QCoreApplication::arguments().mid(1), out, err, in);
    out.flush();
    err.flush();
    return code;
}
