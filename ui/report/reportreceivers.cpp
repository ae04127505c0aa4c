// The report's "Will the big receivers take this mail?" section: each receiver's verdict, its
// rules with status, why and the reply it sends on failure, and the date and source of the rules.
// Every text from DNS or the catalogue is made inert and escaped.

#include <QHash>
#include <QStringList>

#include "common/safetext.h"
#include "mailpolicy/receivers.h"
#include "reporthtml.h"

namespace Report {

namespace {

// A why stays short in print (an SPF reason can quote a long record); the whole of it is in the
// case file and in receivers --json.
constexpr int maxWhyChars = 200;

QString statusCell(MailPolicy::Status status)
{
    switch (status) {
    case MailPolicy::Status::Pass:
        return QStringLiteral("<span style=\"color: #1a7f37;\"><b>pass</b></span>");
    case MailPolicy::Status::Fail:
        return QStringLiteral("<span style=\"color: #b42318;\"><b>fail</b></span>");
    case MailPolicy::Status::Unknown:
        return QStringLiteral("<span style=\"color: #9a6700;\"><b>cannot tell</b></span>");
    case MailPolicy::Status::NotCheckable:
        break;
    }
    return QStringLiteral("<span style=\"color: #6e7781;\">not checkable here</span>");
}

QString verdictWords(MailPolicy::Verdict verdict)
{
    switch (verdict) {
    case MailPolicy::Verdict::Meets:
        return QStringLiteral("meets its rules");
    case MailPolicy::Verdict::Fails:
        return QStringLiteral("does not meet its rules");
    case MailPolicy::Verdict::Unknown:
        break;
    }
    return QStringLiteral("cannot tell from DNS");
}

// One row per requirement (a rule several receivers share is one row: its why is the same),
// a column per receiver with its status and, when the rule fails, the reply code.
QString requirementsTable(const QList<MailPolicy::ReceiverResult> &receivers)
{
    QStringList ids;
    QHash<QString, const MailPolicy::RequirementResult *> first;
    for (const MailPolicy::ReceiverResult &r : receivers) {
        for (const MailPolicy::RequirementResult &req : r.requirements) {
            if (!first.contains(req.rule.id)) {
                ids << req.rule.id;
                first.insert(req.rule.id, &req);
            }
        }
    }
    QString head;
    for (const MailPolicy::ReceiverResult &r : receivers)
        head += QStringLiteral("<th width=\"%1%\">%2</th>")
                    .arg(45 / qMax(1, int(receivers.size())))
                    .arg(esc(r.receiver.name));
    QString rows;
    for (const QString &id : std::as_const(ids)) {
        QString cells;
        for (const MailPolicy::ReceiverResult &r : receivers) {
            QString cell = QStringLiteral("—");
            for (const MailPolicy::RequirementResult &req : r.requirements) {
                if (req.rule.id != id)
                    continue;
                cell = statusCell(req.status);
                if (req.status == MailPolicy::Status::Fail && req.rule.reply)
                    cell += QStringLiteral("<br>") + esc(req.rule.reply->smtp) + QLatin1Char(' ')
                        + esc(req.rule.reply->code);
            }
            cells += QStringLiteral("<td>%1</td>").arg(cell);
        }
        const MailPolicy::RequirementResult &req = *first.value(id);
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td>%3</tr>")
                    .arg(esc(req.rule.title), escCell(Text::elided(req.why, maxWhyChars)), cells);
    }
    return QStringLiteral("<table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr>"
                          "<th width=\"18%\">Requirement</th><th width=\"37%\">Why</th>%1</tr>"
                          "%2</table>")
        .arg(head, rows);
}

QString receiverLine(const MailPolicy::ReceiverResult &r)
{
    QString replies;
    for (const MailPolicy::RequirementResult &req : r.requirements) {
        if (!req.reply.isEmpty())
            replies
                += QStringLiteral("<li>%1: %2</li>").arg(esc(req.rule.title), escCell(req.reply));
    }
    return QStringLiteral("<p><b>%1: %2.</b> <span class=\"meta\">Rules of %3. %4 Source: "
                          "%5</span></p>%6")
        .arg(esc(r.receiver.name), verdictWords(r.verdict), esc(r.receiver.date),
            esc(r.receiver.enforcement), escCell(r.receiver.source),
            replies.isEmpty() ? QString()
                              : QStringLiteral("<p>Its replies to the rules that fail:</p><ul>%1"
                                               "</ul>")
                                    .arg(replies));
}

} // namespace

QString receiversHtml(const MailPolicy::Report &report)
{
    QString h = QStringLiteral("<h2>Will the big receivers take this mail?</h2><p>The published "
                               "sender rules of Gmail, Microsoft and Yahoo, checked from DNS for "
                               "%1%2. What DNS cannot show (TLS, unsubscribe, spam rate) is not "
                               "checkable here; it is never counted as passed.</p>")
                    .arg(esc(report.domain),
                        report.ip.isEmpty() ? QStringLiteral(" (no sending IP given: SPF for the "
                                                             "IP and reverse DNS cannot be told)")
                                            : QStringLiteral(" sent by ") + esc(report.ip));
    QStringList found;
    for (const MailPolicy::KeyProbe &p : report.dkim.found())
        found << QStringLiteral("%1 (%2 bits)").arg(p.selector).arg(p.key.bits);
    h += QStringLiteral("<p>DKIM selectors tried: %1. Keys found: %2.</p>")
             .arg(escCell(report.dkim.tried().join(QStringLiteral(", "))),
                 found.isEmpty() ? QStringLiteral("none among them")
                                 : esc(found.join(QStringLiteral(", "))));
    if (report.dmarc && report.dmarc->readingsDiffer()) {
        h += QStringLiteral("<p>Receivers read the DMARC record differently:</p><ul>");
        for (const Dmarc::Reading &r : report.dmarc->readings)
            h += QStringLiteral("<li>%1</li>")
                     .arg(esc(Text::shortSafe(Dmarc::describeReading(r), 400)));
        h += QStringLiteral("</ul>");
    }
    h += requirementsTable(report.receivers);
    for (const MailPolicy::ReceiverResult &r : report.receivers)
        h += receiverLine(r);
    return h;
}

} // namespace Report
