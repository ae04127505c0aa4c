#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QTimer>

#include "bulkview.h"
#include "investigation/resolverchoice.h"
#include "mainwindow.h"

int main(int argc, char *argv[])
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("spfsleuth"));
    QApplication::setOrganizationName(QStringLiteral("SPF Sleuth"));
    QApplication::setApplicationDisplayName(QStringLiteral("SPF Sleuth"));
    QApplication::setApplicationVersion(QStringLiteral(SLEUTH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("net.spfsleuth.SpfSleuth"));
    QIcon icon(QStringLiteral(":/icons/spfsleuth.svg"));
    for (int size : {32, 64, 256})
        icon.addFile(QStringLiteral(":/icons/spfsleuth-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("net.spfsleuth.SpfSleuth"), icon));

    QCommandLineParser p;
    p.setApplicationDescription(QApplication::translate(
        "main", "SPF Sleuth: find out why mail bounces on SPF, with the DNS evidence."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("target"),
        QApplication::translate(
            "main", "Domain, e-mail address or IP address to investigate at start."),
        QStringLiteral("[target]"));
    p.addOption({QStringLiteral("server"),
        QApplication::translate("main", "Ask this DNS server (HOST[:PORT])."),
        QStringLiteral("HOST[:PORT]")});
    p.addOption({QStringLiteral("zone"),
        QApplication::translate("main", "Answer from this zone file or JSON snapshot (offline)."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("timeout"),
        QApplication::translate("main", "Seconds to wait for each DNS answer."),
        QStringLiteral("SECONDS")});
    p.addOption({QStringLiteral("ip"),
        QApplication::translate("main", "Sending IP for the \"would it pass\" test."),
        QStringLiteral("IP")});
    p.addOption({QStringLiteral("helo"), QApplication::translate("main", "HELO name for the test."),
        QStringLiteral("NAME")});
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
        QApplication::translate("main",
            "Save a PNG of each main view to DIR once the investigation is done, then quit."),
        QStringLiteral("DIR"));
    QCommandLineOption quitWhenShown(QStringLiteral("quit-when-shown"),
        QApplication::translate(
            "main", "Print the start-up time and quit once the window is shown."));
    QCommandLineOption pasteFile(QStringLiteral("paste"),
        QApplication::translate(
            "main", "Load a bounce, SMTP transcript or header file (.eml) into the Paste tab."),
        QStringLiteral("FILE"));
    QCommandLineOption bulkFile(QStringLiteral("bulk"),
        QApplication::translate(
            "main", "Audit the domains listed in FILE (one a line) in the Bulk audit tab."),
        QStringLiteral("FILE"));
    QCommandLineOption nsPort(QStringLiteral("ns-port"),
        QApplication::translate("main",
            "Port the authoritative nameservers listen on, for the nameserver comparison "
            "(default 53; for labs and tests)."),
        QStringLiteral("PORT"));
    p.addOption(pasteFile);
    p.addOption(bulkFile);
    p.addOption(nsPort);
    p.addOption(screenshots);
    p.addOption(quitWhenShown);
    p.process(app);

    MainWindow::Options options;
    options.zoneFile = p.value(QStringLiteral("zone"));
    options.server = p.value(QStringLiteral("server"));
    options.ip = p.value(QStringLiteral("ip"));
    options.helo = p.value(QStringLiteral("helo"));
    options.target = p.positionalArguments().value(0);
    if (p.isSet(QStringLiteral("timeout"))) {
        const auto ms = Investigation::timeoutOption(p.value(QStringLiteral("timeout")));
        if (!ms) {
            fprintf(stderr, "spfsleuth: %s\n", qPrintable(ms.error()));
            return 2;
        }
        options.timeoutMs = *ms;
    }
    if (p.isSet(nsPort)) {
        const auto port = Investigation::nsPortOption(p.value(nsPort));
        if (!port) {
            fprintf(stderr, "spfsleuth: %s\n", qPrintable(port.error()));
            return 2;
        }
        options.nsPort = *port;
    }
    MainWindow window(options);
    window.show();
    if (p.isSet(pasteFile)) {
        if (const QString error = window.loadPaste(p.value(pasteFile)); !error.isEmpty()) {
            fprintf(stderr, "spfsleuth: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (p.isSet(bulkFile)) {
        if (const QString error = window.startBulk(p.value(bulkFile)); !error.isEmpty()) {
            fprintf(stderr, "spfsleuth: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (p.isSet(quitWhenShown)) {
        QTimer::singleShot(0, &app, [&] {
            printf("startup_ms %lld\n", static_cast<long long>(startup.elapsed()));
            fflush(stdout);
            app.quit();
        });
    }
    if (p.isSet(screenshots)) {
        const QString dir = p.value(screenshots);
        auto shoot = [&window, dir] {
            for (const QString &f : window.saveScreenshots(dir))
                printf("%s\n", qPrintable(f));
            QApplication::quit();
        };
        if (p.isSet(bulkFile))
            QObject::connect(window.bulkView(), &BulkView::finished, &window,
                [shoot] { QTimer::singleShot(300, shoot); });
        else if (options.target.isEmpty())
            QTimer::singleShot(300, &window, shoot);
        else
            QObject::connect(
                &window, &MainWindow::investigationFinished, &window, [&window, shoot] {
                    // A live investigation is followed by the nameserver comparison: wait for it.
                    if (window.isComparingNameservers())
                        QObject::connect(&window, &MainWindow::nameserversCompared, &window,
                            [shoot] { QTimer::singleShot(300, shoot); });
                    else
                        QTimer::singleShot(300, shoot);
                });
    }
    return app.exec();
}
