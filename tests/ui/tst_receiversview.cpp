// The workbench's receivers view: filled from the investigation (run by the controller's job
// runner, off the GUI thread), a table per receiver whose model passes QAbstractItemModelTester,
// statuses that look distinct, no sideways scrolling at 1024 px, and DKIM selectors typed there
// re-running the investigation with them.

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QTableView>
#include <QTest>

#include "dns/memoryresolver.h"
#include "investigation/investigation.h"
#include "investigationcontroller.h"
#include "receiversview.h"

class TestReceiversView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEachReceiverAndRechecksWithSelectors()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("shop.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                                   "s2024._domainkey.shop.example. 300 IN TXT \"v=DKIM1; k=rsa; "
                                   "p="
                                   "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCZhrmYuBOTKGB7QOwJzBnC8W9"
                                   "hZ8SBOT5meBjsFqSXoWCU7DEwWqeTuD50Gz5Hn866jiBcD6F/"
                                   "KJDlQRIwQzU0U0r8yULjyaXAXSr2vLGaYgOaH1Uv2CUAsjNjJTVk6pqMd0EzSM3"
                                   "O3hUSTZkj/J7avmaLH2gLfjoOYLI8PdqzzQIDAQAB\"\n"
                                   "25.2.0.192.in-addr.arpa. 300 IN PTR mail.shop.example.\n"
                                   "mail.shop.example. 300 IN A 192.0.2.25\n")
                    .has_value());
        InvestigationController controller;
        ReceiversView view(&controller);
        view.resize(1024, 600);
        view.show();
        Investigation::Request request;
        request.target = QStringLiteral("user@shop.example");
        request.ip = QStringLiteral("192.0.2.25");
        request.resolverOverride = zone;
        controller.run(request);
        QTRY_VERIFY_WITH_TIMEOUT(controller.result().has_value() && !controller.isBusy(), 10000);
        QTRY_COMPARE(view.models().size(), 3);
        QSet<QRgb> colors;
        for (ReceiverRulesModel *model : view.models()) {
            QAbstractItemModelTester tester(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            for (int row = 0; row < model->rowCount(); ++row)
                colors << model->index(row, ReceiverRulesModel::StatusColumn)
                              .data(Qt::ForegroundRole)
                              .value<QColor>()
                              .rgb();
        }
        // No DMARC record (fail), DKIM not among the guesses (cannot tell), SPF and PTR pass,
        // TLS not checkable: four statuses, four colours.
        QCOMPARE(colors.size(), 4);
        QVERIFY(view.summary().contains(QLatin1String("Gmail does not meet its rules")));
        // Once laid out (a slow build may still be at the tables' first size), every table's
        // columns fit its width.
        for (QTableView *table : view.findChildren<QTableView *>()) {
            const auto used = [table] {
                int total = 0;
                for (int c = 0; c < table->model()->columnCount(); ++c)
                    total += table->columnWidth(c);
                return total;
            };
            QTRY_VERIFY(table->viewport()->width() > 600);
            QTRY_VERIFY2(used() <= table->viewport()->width() + 1,
                qPrintable(QStringLiteral("%1 > %2").arg(used()).arg(table->viewport()->width())));
        }
        // The selector typed here is tried: the DKIM rule passes now.
        view.findChild<QLineEdit *>(QStringLiteral("receiversSelectors"))
            ->setText(QStringLiteral("s2024"));
        view.findChild<QPushButton *>(QStringLiteral("receiversRecheck"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.result()->request.dkimSelectors == QStringList {QStringLiteral("s2024")}
                && !controller.isBusy(),
            10000);
        QCOMPARE(controller.result()->receivers->checks.dkim.status, MailPolicy::Status::Pass);
        QTRY_VERIFY(view.summary().contains(QLatin1String("s2024 (1024 bits)")));
        QVERIFY(!view.summary().contains(QLatin1String("DMARC record differently")));
    }

    // t=y: RFC 9989 receivers apply no policy, RFC 7489 receivers reject; the view says both.
    void dmarcReadingsThatDiffer()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("trial.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                                   "_dmarc.trial.example. 300 IN TXT \"v=DMARC1; p=reject; t=y\"\n")
                    .has_value());
        InvestigationController controller;
        ReceiversView view(&controller);
        view.show();
        Investigation::Request request;
        request.target = QStringLiteral("trial.example");
        request.resolverOverride = zone;
        controller.run(request);
        QTRY_VERIFY_WITH_TIMEOUT(controller.result().has_value() && !controller.isBusy(), 10000);
        const QString summary = view.summary();
        QVERIFY2(summary.contains(QLatin1String("Receivers read the DMARC record differently"))
                && summary.contains(QLatin1String("RFC 9989 reading"))
                && summary.contains(QLatin1String("RFC 7489 reading, for older receivers"))
                && summary.contains(QLatin1String("policy reject")),
            qPrintable(summary));
    }
};

QTEST_MAIN(TestReceiversView)
#include "tst_receiversview.moc"
