// QAbstractItemModelTester on every model, including a tree that grows while it is shown.

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTextDocument>

#include "bulkmodel.h"
#include "common/netutil.h"
#include "common/safetext.h"
#include "diagnosticsmodel.h"
#include "dns/memoryresolver.h"
#include "nameserverview.h"
#include "plurals.h"
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
        // Each term shows its own place in the count and its subtree's cost, labelled apart.
        QCOMPARE(model.indexForNode(a.crossingNode, SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("lookup 11 (over 10)"));
        int crm = -1, emptyQueries = 0;
        for (int n = 0; n < a.trace.nodes.size(); ++n) {
            const TraceNode &node = a.trace.nodes[n];
            if (node.kind == NodeKind::Term && node.term.text == u"include:_spf.crm.example")
                crm = n;
            // An empty AAAA beside an A with records is not a void lookup: no warning mark,
            // as the verdict's "0 void lookups" says.
            if (node.kind == NodeKind::Query && node.voidLookup) {
                ++emptyQueries;
                QCOMPARE(model.indexForNode(n, SpfTreeModel::VoidColumn).data().toString(),
                    QStringLiteral("empty, not counted"));
                QVERIFY(model.statusOf(n) != SpfTreeModel::Status::Warning);
            }
        }
        QVERIFY(emptyQueries > 0);
        QCOMPARE(a.voidLookups, 0);
        QVERIFY(crm > 0);
        QCOMPARE(model.indexForNode(crm, SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("lookup 2, +3 below"));
        // The root carries the tree's status: over the limit is an error on the first row.
        QCOMPARE(model.statusOf(0), SpfTreeModel::Status::Error);
        QVERIFY(!model.indexForNode(0).data(Qt::DecorationRole).isNull());
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

    void englishPlurals()
    {
        Plurals::install();
        const auto tr = [](const char *text, int n) {
            return QCoreApplication::translate("Test", text, nullptr, n);
        };
        QCOMPARE(tr("%n DNS lookup(s)", 1), QStringLiteral("1 DNS lookup"));
        QCOMPARE(tr("%n DNS lookup(s)", 13), QStringLiteral("13 DNS lookups"));
        QCOMPARE(tr("%n DNS lookup(s)", 0), QStringLiteral("0 DNS lookups"));
        QCOMPARE(tr("%n DNS quer(y|ies) in 3 ms", 1), QStringLiteral("1 DNS query in 3 ms"));
        QCOMPARE(tr("%n DNS quer(y|ies) in 3 ms", 2), QStringLiteral("2 DNS queries in 3 ms"));
        QCOMPARE(tr("All %n server address(es)", 1), QStringLiteral("All 1 server address"));
        QCOMPARE(tr("All %n server address(es)", 4), QStringLiteral("All 4 server addresses"));
        // Text without a count is left as written, brackets and all.
        QCOMPARE(QCoreApplication::translate("Test", "ip4 (s)"), QStringLiteral("ip4 (s)"));
        QCOMPARE(Text::counted(1, "query", "queries"), QStringLiteral("1 query"));
        QCOMPARE(Text::counted(20, "query", "queries"), QStringLiteral("20 queries"));
    }

    void tooltipsShowArrows()
    {
        // A tooltip is rich text when it looks like it: escaped plain text is marked up, so
        // "->" shows as "->" and hostile markup stays text.
        const QString tip = Text::richParagraph(QStringLiteral("fix: 'ipv4:' -> 'ip4:' <b>x</b>"));
        QCOMPARE(tip, QStringLiteral("<p>fix: 'ipv4:' -&gt; 'ip4:' &lt;b&gt;x&lt;/b&gt;</p>"));
        QVERIFY(Qt::mightBeRichText(tip));
        DiagnosticsModel model;
        model.setRecord(Spf::parseRecord(QStringLiteral("v=spf1 ipv4:192.0.2.1 -all")));
        QVERIFY(Qt::mightBeRichText(
            model.index(0, DiagnosticsModel::MessageColumn).data(Qt::ToolTipRole).toString()));
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

    void bulkModel()
    {
        BulkModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(BulkModel::SortRole);
        proxy.sort(BulkModel::StatusColumn);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Bulk::Row ok {1, QStringLiteral("a.example"), QStringLiteral("ok"),
            QStringLiteral("v=spf1 -all"), 0, 0, {}, {}, {}};
        Bulk::Row bad {2, QStringLiteral("b.example"), QStringLiteral("problems"),
            QStringLiteral("v=spf1 ipv4:1.2.3.4\n-all"), 13, 3,
            {QStringLiteral("too-many-lookups")}, {}, {QStringLiteral("x")}};
        Bulk::Row invalid {3, QStringLiteral("c..example"), QStringLiteral("invalid-domain"), {}, 0,
            0, {}, {}, {QStringLiteral("empty label")}};
        model.append({ok});
        model.append({bad, invalid});
        model.append({});
        QCOMPARE(model.rowCount(), 3);
        // Problems sort before OK; invalid rows show no counts; a line break in DNS text does
        // not reach the table.
        QCOMPARE(
            proxy.index(0, BulkModel::DomainColumn).data().toString(), QStringLiteral("b.example"));
        QVERIFY(!model.index(2, BulkModel::LookupsColumn).data().isValid());
        QVERIFY(
            !model.index(1, BulkModel::RecordColumn).data().toString().contains(QLatin1Char('\n')));
        // Header and three rows; the break is escaped, as the CLI writes it.
        QCOMPARE(model.csv().count(QLatin1Char('\n')), 4);
        QVERIFY(model.csv().contains(QStringLiteral("ipv4:1.2.3.4\\x0a-all")));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void nameserverModel()
    {
        NameserverModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        NsCompare::ServerRow a {QStringLiteral("ns1.example"), QStringLiteral("192.0.2.1"), {},
            QStringLiteral("7"), {QStringLiteral("v=spf1 -all")}, 0, {}, 12, false};
        NsCompare::ServerRow b {QStringLiteral("ns2.example"), QStringLiteral("192.0.2.2"),
            QStringLiteral("timeout"), {}, {}, -1, {}, 3000, true};
        model.setRows({a, b});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(1, NameserverModel::NameColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("⚠")));
        QCOMPARE(model.index(1, NameserverModel::ProblemColumn).data().toString(),
            QStringLiteral("timeout"));
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
        NsCompare::Result r;
        r.zone = QStringLiteral("example");
        r.rows = {a, b};
        QVERIFY(NameserverView::summaryOf(r).startsWith(QStringLiteral("1 of 2")));
        r.rows = {a};
        QVERIFY(NameserverView::summaryOf(r).startsWith(QStringLiteral("All 1 server")));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
