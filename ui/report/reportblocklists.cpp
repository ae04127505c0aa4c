// The report's "Block lists" section: every block-list check the case holds (those made in the
// workbench, and the lists a bounce's refusal named), each list with its status, the answer and
// what it means. "Refused" and "unknown" are said to be no "not listed". Every text from DNS or
// the catalogue is made inert and escaped.

#include <QStringList>

#include "common/safetext.h"
#include "investigation/investigation.h"
#include "paste/bounce.h"
#include "reporthtml.h"

namespace Report {

namespace {

// A list's reason text can be long (a URL and a paragraph); the whole of it is in the case file.
constexpr int maxMeaningChars = 240;
constexpr int maxTxtChars = 160;

QString statusCell(Dnsbl::Status status)
{
    const QString words = esc(Dnsbl::statusWords(status));
    switch (status) {
    case Dnsbl::Status::Listed:
        return QStringLiteral("<span style=\"color: #b42318;\"><b>%1</b></span>").arg(words);
    case Dnsbl::Status::NotListed:
        return QStringLiteral("<span style=\"color: #1a7f37;\">%1</span>").arg(words);
    case Dnsbl::Status::Refused:
    case Dnsbl::Status::Unknown:
        break;
    }
    return QStringLiteral("<span style=\"color: #9a6700;\"><i>%1</i></span>").arg(words);
}

QString checkHtml(const Dnsbl::Check &check, const QString &why)
{
    QString rows;
    for (const Dnsbl::ListResult &r : check.lists) {
        QStringList codes;
        for (const Dnsbl::CodeReading &c : r.codes)
            codes << c.code;
        QString meaning = escCell(Text::elided(r.meaning, maxMeaningChars));
        for (const QString &t : r.txt)
            meaning
                += QStringLiteral("<br>The list says: ") + escCell(Text::elided(t, maxTxtChars));
        rows += QStringLiteral("<tr><td>%1<br><span class=\"meta\">%2</span></td><td>%3</td>"
                               "<td>%4</td><td>%5</td></tr>")
                    .arg(escCell(Text::elided(r.list.name, 60)),
                        escCell(Text::elided(r.list.zone, 80)), statusCell(r.status),
                        codes.isEmpty() ? QStringLiteral("—")
                                        : escCell(Text::elided(codes.join(u", "), 80)),
                        meaning);
    }
    QString h = QStringLiteral("<h3>%1</h3><p>%2 %3</p>")
                    .arg(esc(Text::elided(check.ip, 60)), esc(why),
                        esc(Text::elided(Dnsbl::verdict(check), 600)));
    if (!rows.isEmpty())
        h += QStringLiteral("<table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr>"
                            "<th width=\"24%\">List</th><th width=\"14%\">Status</th>"
                            "<th width=\"14%\">Answer</th><th width=\"48%\">Meaning</th></tr>"
                            "%1</table>")
                 .arg(rows);
    if (!check.skipped.isEmpty())
        h += QStringLiteral("<p class=\"meta\">Not asked: %1.</p>")
                 .arg(esc(Text::elided(check.skipped.join(u"; "), 400)));
    return h;
}

} // namespace

QString blocklistsHtml(const Investigation::Result &r)
{
    const std::optional<Dnsbl::Check> &fromBounce
        = r.bounce ? r.bounce->blocklist.check : std::optional<Dnsbl::Check> {};
    if (r.blocklists.isEmpty() && !fromBounce)
        return {};
    QString h = QStringLiteral(
        "<h2>Block lists</h2><p>DNS block lists asked about the addresses of this case (RFC "
        "5782). <i>Refused</i> means the list would not answer the resolver asked (Spamhaus "
        "refuses public and busy resolvers) and <i>unknown</i> that no answer came: neither "
        "is \"not listed\". The answers are in the DNS evidence.</p>");
    if (fromBounce)
        h += checkHtml(*fromBounce,
            QStringLiteral("The bounce's refusal names %1; checked when the case was run.")
                .arg(Text::shortSafe(r.bounce->blocklist.zones.join(u", "), 200)));
    for (const Dnsbl::Check &check : r.blocklists)
        h += checkHtml(check, QStringLiteral("Checked during the case."));
    return h;
}

} // namespace Report
