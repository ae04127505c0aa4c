#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTextStream>

#include "report/reportcommand.h"

// spfsleuth-report: the report command of spfsleuth-cli, the one that needs Qt Gui (fonts, PDF),
// as a program of its own so that the other commands start without it. spfsleuth-cli report
// ARGS runs spfsleuth-report ARGS in its place; run directly, it behaves the same.
int main(int argc, char *argv[])
{
    // Qt Gui, but never a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir runtime; // Qt Gui wants a private runtime directory; servers often have none
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && runtime.isValid()) {
        QFile::setPermissions(
            runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", runtime.path().toLocal8Bit());
    }
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spfsleuth-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLEUTH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    Cli::Context context {out, err, in, QStringLiteral("report")};
    const int code = Cli::reportCommand(QCoreApplication::arguments().mid(1), context);
    out.flush();
    err.flush();
    return code;
}
