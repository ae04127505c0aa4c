// QAbstractItemModelTester on every model, including a tree that grows while it is shown.

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

#include "common/netutil.h"
#include "diagnosticsmodel.h"
#include "dns/memoryresolver.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"
#include "spf/parser.h"
#include "spftreemodel.h"

using namespace Spf;

class TestModels : public QObject
{
    Q_OBJECT

    static Dns::MemoryResolver zone()
    {
        Dns::MemoryResolver r;
        QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/too-many-lookups.zone"));
        f.open(QIODevice::ReadOnly);
        (void)r.loadZoneText(f.readAll());
        return r;
    }

private Q_SLOTS:
    void treeModelProgressive()
    {
        Dns::MemoryResolver r = zone();
        SpfTreeModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setRecursiveFilteringEnabled(true);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AuditOptions options;
        int updates = 0;
        options.onProgress = [&](const Trace &t) {
            model.setTrace(t); // grows in place
            ++updates;
        };
        Auditor auditor(r, options);
        const Audit a = auditor.run(QStringLiteral("bigcorp.example"));
        model.setTrace(a.trace);
        QVERIFY(updates > 10);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.trace().nodes.size(), a.trace.nodes.size());
        // Every node is reachable through index()/parent() and maps back to itself.
        for (int n = 0; n < a.trace.nodes.size(); ++n) {
            const QModelIndex i = model.indexForNode(n);
            QVERIFY(i.isValid());
            QCOMPARE(i.data(SpfTreeModel::NodeRole).toInt(), n);
        }
        QCOMPARE(model.indexForNode(a.crossingNode, SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("11 of 10 — over the limit"));
        proxy.setFilterFixedString(QStringLiteral("helpdesk"));
        QVERIFY(proxy.rowCount() == 1);
        // A different run replaces the tree.
        const Evaluation e
            = Evaluator(r).evaluate(CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.25")),
                QStringLiteral("a@bigcorp.example"), {}, {}, {}});
        model.setTrace(e.trace);
        QCOMPARE(model.trace().nodes.size(), e.trace.nodes.size());
        QVERIFY(model.indexForNode(e.decidingNode).data(SpfTreeModel::DecidingRole).toBool());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void diagnosticsModel()
    {
        DiagnosticsModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(parseRecord(QStringLiteral("v=spf1 ipv4:192.0.2.1 ip4:1.2.3.4~all")));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, DiagnosticsModel::CodeColumn).data().toString(),
            QStringLiteral("unknown-mechanism"));
        QVERIFY(model.index(0, DiagnosticsModel::FixColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("ip4:")));
        model.setRecord(parseRecord(QStringLiteral("v=spf1 -all")));
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
