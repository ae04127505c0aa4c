#include <cstring>
#include <memory>

#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTextStream>

#include "cli/cli.h"

int main(int argc, char *argv[])
{
    // Only "report" needs Qt Gui (fonts, PDF); it never needs a display.
    const bool report = argc > 1 && std::strcmp(argv[1], "report") == 0;
    if (report && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir runtime; // Qt Gui wants a private runtime directory; servers often have none
    if (report && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && runtime.isValid()) {
        QFile::setPermissions(
            runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", runtime.path().toLocal8Bit());
    }
    std::unique_ptr<QCoreApplication> app(
        report ? new QGuiApplication(argc, argv) : new QCoreApplication(argc, argv));
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
