#include "paste/dsn.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Paste {

namespace {

struct Line
{
    QString name; // lower case
    QString value;
    int line = 0;
};

// "rfc822; a@b" -> "a@b"; "<a@b>" -> "a@b".
QString addressOf(const QString &value)
{
    QString v = value.contains(QLatin1Char(';')) ? value.section(QLatin1Char(';'), 1) : value;
    v = v.trimmed();
    if (v.startsWith(QLatin1Char('<')) && v.endsWith(QLatin1Char('>')))
        v = v.mid(1, v.size() - 2);
    return v.trimmed();
}

bool isGroupField(const QString &name)
{
    return name == QLatin1String("final-recipient") || name == QLatin1String("original-recipient")
        || name == QLatin1String("action") || name == QLatin1String("status")
        || name == QLatin1String("diagnostic-code") || name == QLatin1String("remote-mta");
}

// One block of "Name: value" lines (with folded continuations) between blank lines.
QList<QList<Line>> blocks(const Section &s)
{
    static const QRegularExpression field(
        QStringLiteral("^([A-Za-z][A-Za-z0-9-]{1,60}):\\s*(.*)$"));
    QList<QList<Line>> out;
    QList<Line> current;
    for (int i = 0; i < s.lines.size(); ++i) {
        const QString &l = s.lines[i];
        if (l.trimmed().isEmpty()) {
            if (!current.isEmpty())
                out << current;
            current.clear();
            continue;
        }
        if (!current.isEmpty()
            && (l.front() == QLatin1Char(' ') || l.front() == QLatin1Char('\t'))) {
            current.last().value += QLatin1Char(' ') + l.trimmed();
            continue;
        }
        const QRegularExpressionMatch m = field.match(l);
        if (!m.hasMatch()) {
            if (!current.isEmpty())
                out << current;
            current.clear();
            continue;
        }
        current << Line {m.captured(1).toLower(), m.captured(2).trimmed(), s.lineOf(i)};
    }
    if (!current.isEmpty())
        out << current;
    return out;
}

DsnGroup groupOf(const QList<Line> &block)
{
    DsnGroup g;
    g.line = block.front().line;
    for (const Line &l : block) {
        if (l.name == QLatin1String("final-recipient") && g.recipient.isEmpty()) {
            g.recipient = addressOf(l.value);
            g.recipientLine = l.line;
        } else if (l.name == QLatin1String("original-recipient") && g.originalRecipient.isEmpty()) {
            g.originalRecipient = addressOf(l.value);
            g.originalLine = l.line;
        } else if (l.name == QLatin1String("action") && g.action.isEmpty()) {
            g.action = l.value.section(QLatin1Char(' '), 0, 0).toLower();
            g.actionLine = l.line;
        } else if (l.name == QLatin1String("status") && g.status.isEmpty()) {
            g.status = statusCode(l.value);
            g.statusLine = l.line;
        } else if (l.name == QLatin1String("remote-mta") && g.remoteMta.isEmpty()) {
            g.remoteMta = addressOf(l.value).section(QLatin1Char(' '), 0, 0);
        } else if (l.name == QLatin1String("diagnostic-code") && g.diagnosticText.isEmpty()) {
            // RFC 3464 §2.3.6: diagnostic-type ";" *text; some systems leave the type out.
            static const QRegularExpression typed(
                QStringLiteral("^([A-Za-z][A-Za-z0-9-]*)\\s*;\\s*(.*)$"));
            const QRegularExpressionMatch m = typed.match(l.value);
            g.diagnosticType = m.hasMatch() ? m.captured(1).toLower() : QString();
            g.diagnosticText = m.hasMatch() ? m.captured(2) : l.value;
            g.diagnosticLine = l.line;
        } else if (l.name == QLatin1String("last-attempt-date")) {
            g.lastAttempt = l.value;
        }
    }
    return g;
}

// Amazon SES notifications (JSON in a text body): bouncedRecipients, delivery, complaint.
void readSes(const Section &s, DsnReport &report)
{
    for (int i = 0; i < s.lines.size(); ++i) {
        const QString t = s.lines[i].trimmed();
        if (!t.startsWith(QLatin1String("{\"notificationType\"")))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(t.toUtf8()).object();
        const QString type = o.value(QLatin1String("notificationType")).toString();
        if (type.isEmpty())
            continue;
        report.notification = type;
        report.notificationLine = s.lineOf(i);
        const QJsonObject mail = o.value(QLatin1String("mail")).toObject();
        if (report.sender.isEmpty()) {
            report.sender = mail.value(QLatin1String("source")).toString();
            report.senderLine = s.lineOf(i);
        }
        const QJsonObject bounce = o.value(QLatin1String("bounce")).toObject();
        for (const QJsonValue &v : bounce.value(QLatin1String("bouncedRecipients")).toArray()) {
            const QJsonObject r = v.toObject();
            DsnGroup g;
            g.line = g.statusLine = g.diagnosticLine = g.actionLine = g.recipientLine = s.lineOf(i);
            g.recipient = r.value(QLatin1String("emailAddress")).toString();
            g.action = r.value(QLatin1String("action")).toString().toLower();
            g.status = statusCode(r.value(QLatin1String("status")).toString());
            const QString diagnostic = r.value(QLatin1String("diagnosticCode")).toString();
            g.diagnosticType = diagnostic.contains(QLatin1Char(';'))
                ? diagnostic.section(QLatin1Char(';'), 0, 0).trimmed().toLower()
                : QString();
            g.diagnosticText = diagnostic.contains(QLatin1Char(';'))
                ? diagnostic.section(QLatin1Char(';'), 1).trimmed()
                : diagnostic;
            report.groups << g;
        }
        const QJsonObject delivery = o.value(QLatin1String("delivery")).toObject();
        for (const QJsonValue &v : delivery.value(QLatin1String("recipients")).toArray()) {
            DsnGroup g;
            g.line = g.statusLine = g.diagnosticLine = g.actionLine = g.recipientLine = s.lineOf(i);
            g.recipient = v.toString();
            g.action = QStringLiteral("delivered");
            const QString response = delivery.value(QLatin1String("smtpResponse")).toString();
            g.status = statusCode(response.section(QLatin1Char(' '), 1));
            g.diagnosticType = QStringLiteral("smtp");
            g.diagnosticText = response;
            report.groups << g;
        }
    }
}

} // namespace

QString statusCode(const QString &text)
{
    static const QRegularExpression code(
        QStringLiteral("^\\s*([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b"));
    const QRegularExpressionMatch m = code.match(text);
    return m.hasMatch() ? m.captured(1) : QString();
}

bool isSuccessAction(const QString &action)
{
    return action == QLatin1String("delivered") || action == QLatin1String("relayed")
        || action == QLatin1String("expanded");
}

DsnReport readDsn(const QList<Section> &sections)
{
    DsnReport report;
    for (const Section &s : sections) {
        // A DSN pasted on its own is read as a header block: its groups count all the same.
        if (s.kind == Section::Kind::FeedbackReport
            || (s.kind == Section::Kind::Headers && s.origin != Section::Origin::Paste
                && s.origin != Section::Origin::Own))
            continue;
        const bool dsnPart = s.kind == Section::Kind::DeliveryStatus;
        for (const QList<Line> &block : blocks(s)) {
            int groupFields = 0;
            bool validStatus = false;
            for (const Line &l : block) {
                if (isGroupField(l.name))
                    ++groupFields;
                if (l.name == QLatin1String("status") && !statusCode(l.value).isEmpty())
                    validStatus = true;
                if (l.name == QLatin1String("reporting-mta") && report.reportingMta.isEmpty())
                    report.reportingMta = addressOf(l.value).section(QLatin1Char(' '), 0, 0);
                if ((l.name == QLatin1String("x-postfix-sender")
                        || l.name == QLatin1String("x-sendgrid-sender")
                        || l.name == QLatin1String("x-symantec-messaging-gateway-sender"))
                    && report.sender.isEmpty()) {
                    report.sender = addressOf(l.value);
                    report.senderLine = l.line;
                }
            }
            // Outside a delivery-status part, a group needs two of its fields, and a Status: that
            // is a status code (a mailbox's "Status: RO" is not).
            const bool hasStatus = std::any_of(block.cbegin(), block.cend(),
                [](const Line &l) { return l.name == QLatin1String("status"); });
            if (groupFields == 0 || (!dsnPart && (groupFields < 2 || (hasStatus && !validStatus))))
                continue;
            if (groupFields == 1 && std::any_of(block.cbegin(), block.cend(), [](const Line &l) {
                    return l.name == QLatin1String("remote-mta");
                }))
                continue; // Remote-MTA alone: a per-message block of a sloppy writer
            const DsnGroup g = groupOf(block);
            if (g.recipient.isEmpty() && g.action.isEmpty() && g.status.isEmpty()
                && g.diagnosticText.isEmpty())
                continue;
            const bool repeat
                = std::any_of(report.groups.cbegin(), report.groups.cend(), [&](const DsnGroup &o) {
                      return o.recipient == g.recipient && o.status == g.status
                          && o.diagnosticText == g.diagnosticText;
                  });
            if (!repeat && report.groups.size() < 100)
                report.groups << g;
        }
        if (s.kind == Section::Kind::Text)
            readSes(s, report);
    }
    return report;
}

} // namespace Paste
