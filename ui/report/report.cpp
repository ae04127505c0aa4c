#include "report.h"
#include "reporthtml.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSet>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextStream>
#include <QTextTable>

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/memoryresolver.h"
#include "investigation/summary.h"
#include "paste/bounce.h"
#include "spf/addressspace.h"
#include "spf/budget.h"
#include "spf/evaluator.h"
#include "spf/parser.h"
#include "text/textoutput.h"

using namespace Spf;

namespace Report {

namespace {

// A report stays readable whatever the record: long records, trees and evidence are summarised
// with counts and their first parts; the whole of them is in the case file and the JSON.
constexpr int maxRecordChars = 1500;
constexpr int maxDiagnostics = 20;
constexpr int maxRecords = 8;
constexpr int maxTreeRows = 60;
constexpr int maxAnswerChars = 600; // an answer in the evidence table
constexpr int maxEvidenceRows = 60;
constexpr int maxRawAnswers = 25;
constexpr int maxRawChars = 1500;

// Short columns never break inside a word ("permerror", "AAAA", "3600").
const QString noWrap = QStringLiteral(" style=\"white-space: nowrap;\"");

QString omitted(int count, const QString &what)
{
    return QStringLiteral("<p><i>… and %1 more %2: the whole of it is in the case file and in the "
                          "JSON output (spfsleuth-cli … --json).</i></p>")
        .arg(count)
        .arg(what);
}

// A multi-line block (dig-like text): each line made inert, the line breaks kept.
QString escBlock(const QString &s)
{
    QStringList lines = s.split(QLatin1Char('\n'));
    for (QString &l : lines) {
        QStringList fields = l.split(QLatin1Char('\t'));
        for (QString &f : fields)
            f = escLong(f);
        l = fields.join(QStringLiteral("  "));
    }
    return lines.join(QLatin1Char('\n'));
}

// `code` spans for the backticked parts of a finding.
QString findingHtml(const QString &text)
{
    QString out;
    const QStringList parts = text.split(QLatin1Char('`'));
    for (int i = 0; i < parts.size(); ++i)
        out += i % 2 ? QStringLiteral("<code>%1</code>").arg(esc(parts[i])) : esc(parts[i]);
    return out;
}

QString markedRecord(const TraceNode &n)
{
    const Record r = parseRecord(n.recordText);
    QList<bool> bad(r.text.size() + 1, false);
    for (const Diagnostic &d : r.diagnostics) {
        if (d.severity != Severity::Error)
            continue;
        for (int i = d.range.offset; i < std::min<int>(d.range.end(), int(r.text.size())); ++i)
            bad[i] = true;
    }
    QString out;
    bool inBad = false;
    const int shown = int(std::min<qsizetype>(r.text.size(), maxRecordChars));
    for (int i = 0; i < shown; ++i) {
        if (bad[i] != inBad) {
            out += bad[i] ? QStringLiteral("<span style=\"background-color:#ffc4c4; color:#a00000; "
                                           "font-weight:bold; text-decoration:underline;\">")
                          : QStringLiteral("</span>");
            inBad = bad[i];
        }
        out += esc(QString(r.text.at(i)));
        if (i % 80 == 79 && !r.text.mid(i - 79, 80).contains(QLatin1Char(' ')))
            out += QChar(0x200B); // a token longer than a line may break
    }
    if (inBad)
        out += QStringLiteral("</span>");
    if (shown < r.text.size())
        out += QStringLiteral(" <i>… (%1 characters and %2 terms in all)</i>")
                   .arg(r.text.size())
                   .arg(r.terms.size());
    QString list;
    int listed = 0;
    int notListed = 0;
    for (const Diagnostic &d : r.diagnostics) {
        if (d.severity == Severity::Info)
            continue;
        if (++listed > maxDiagnostics) {
            ++notListed;
            continue;
        }
        list += QStringLiteral("<li><b>%1</b> %2 <i>(%3, at character %4)</i></li>")
                    .arg(severityName(d.severity), esc(d.message), codeName(d.code))
                    .arg(d.range.offset + 1);
    }
    if (notListed > 0)
        list += QStringLiteral("<li><i>… and %1 more</i></li>").arg(notListed);
    return QStringLiteral("<p><b>%1</b></p><p class=\"record\">%2</p>%3")
        .arg(esc(n.domain), out,
            list.isEmpty() ? QString() : QStringLiteral("<ul>%1</ul>").arg(list));
}

// How many not-reached leaf terms follow `child` among `n`'s children without a break.
int remainingNotReached(const Trace &t, const TraceNode &n, int child)
{
    int count = 0;
    for (qsizetype i = n.children.indexOf(child) + 1; i < n.children.size(); ++i) {
        const TraceNode &c = t.nodes[n.children[i]];
        if (c.kind != NodeKind::Term || c.outcome != Outcome::NotReached || !c.children.isEmpty())
            break;
        ++count;
    }
    return count;
}

// A tree level as the cell's left padding (not spaces, which would make the name one long word).
QString indent(int depth)
{
    return QStringLiteral(" style=\"padding-left: %1px;\"").arg(4 + 9 * std::min(depth, 10));
}

struct TreeRows
{
    QString html;
    int shown = 0;
    int omitted = 0;
};

// The first maxTreeRows rows in tree order; past them only the rows that matter (the deciding
// path, the term over the limit) are kept, the rest counted.
void treeRows(const Trace &t, const LookupBudget &budget, int node, int depth, TreeRows &rows)
{
    const TraceNode &n = t.nodes[node];
    const bool matters = n.onDecidingPath || n.crossesLimit || node == budget.crossingNode;
    if ((n.kind == NodeKind::Check || n.kind == NodeKind::Term) && rows.shown >= maxTreeRows
        && !matters) {
        ++rows.omitted;
    } else if (n.kind == NodeKind::Check || n.kind == NodeKind::Term) {
        ++rows.shown;
        const QString name = n.kind == NodeKind::Check
            ? QStringLiteral("<b>%1</b>").arg(escCell(n.domain))
            : escCell(n.term.text);
        // "lookup 9," and "+2 below" each stay whole; the cell may wrap between them.
        QString lookups = lookupCostText(budget, node).toHtmlEscaped();
        lookups.replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))
            .replace(QStringLiteral(",&nbsp;"), QStringLiteral(", "))
            .replace(QStringLiteral("&nbsp;("), QStringLiteral(" ("));
        const QString result = n.hasResult
            ? resultName(n.result)
            : (n.outcome == Outcome::None ? QString() : outcomeName(n.outcome));
        const QString style = n.crossesLimit || budget.cost(node).overLimit
            ? QStringLiteral(" style=\"color:#a00000; font-weight:bold;\"")
            : n.onDecidingPath ? QStringLiteral(" style=\"font-weight:bold;\"")
                               : QString();
        rows.html
            += QStringLiteral("<tr%1><td%2>%3</td><td%7>%4</td><td>%5</td><td>%6</td></tr>")
                   .arg(style, indent(depth), name, esc(result), lookups,
                       escProse(!n.crossesLimit ? n.message
                               : n.message.isEmpty()
                               ? QStringLiteral("over the limit of %1").arg(budget.maxLookups)
                               : QStringLiteral("over the limit of %1: ").arg(budget.maxLookups)
                                   + n.message),
                       noWrap);
    }
    // A run of terms evaluation never reached: up to five are listed; a longer run shows its
    // first three and one line that counts the rest.
    int notReached = 0;
    bool collapsing = false;
    const int childDepth = n.kind == NodeKind::Query ? depth : depth + 1;
    const auto flush = [&] {
        if (collapsing)
            rows.html += QStringLiteral("<tr><td colspan=\"4\"%1><i>… %2 more terms, not reached"
                                        "</i></td></tr>")
                             .arg(indent(childDepth))
                             .arg(notReached - 3);
        notReached = 0;
        collapsing = false;
    };
    for (int c : n.children) {
        const TraceNode &child = t.nodes[c];
        if (child.kind == NodeKind::Term && child.outcome == Outcome::NotReached
            && child.children.isEmpty()) {
            if (++notReached == 4)
                collapsing = notReached + remainingNotReached(t, n, c) > 5;
            if (collapsing)
                continue;
        } else {
            flush();
        }
        treeRows(t, budget, c, childDepth, rows);
    }
    flush();
}

QString answerText(const Dns::Answer &a, quint16 type)
{
    if (!a)
        return QStringLiteral("%1: %2").arg(Dns::errorKindName(a.error().kind), a.error().message);
    QStringList values;
    for (const Dns::Record &r : a->recordsOfType(type))
        values << (type == Dns::Type::TXT || type == Dns::Type::SPF
                ? QString::fromLatin1(r.joinedText())
                : r.data);
    if (values.isEmpty())
        return Dns::rcodeName(a->rcode)
            + (a->rcode == Dns::Rcode::NoError ? QStringLiteral(" (no records)") : QString());
    return values.join(QStringLiteral(" | "));
}

QString ttlText(const Dns::Answer &a, quint16 type)
{
    if (!a)
        return {};
    QStringList ttls;
    for (const Dns::Record &r : a->recordsOfType(type))
        ttls << QString::number(r.ttl);
    ttls.removeDuplicates();
    return ttls.join(QStringLiteral(", "));
}

// Where a page may end: between lines of text, and between table rows, never inside a row, so no
// row and no line is cut in two. Document coordinates, ascending.
QList<qreal> pageBreaks(QTextDocument &doc)
{
    QList<qreal> ys;
    QAbstractTextDocumentLayout *layout = doc.documentLayout();
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        const QRectF r = layout->blockBoundingRect(b);
        if (QTextTable *table = QTextCursor(b).currentTable()) {
            const QTextTableCell cell = table->cellAt(b.position());
            if (cell.column() == 0 && cell.firstCursorPosition().block() == b)
                ys << r.top() - table->format().cellPadding() - table->format().border() - 1;
            continue;
        }
        if (const QTextLayout *tl = b.layout()) {
            for (int i = 0; i < tl->lineCount(); ++i)
                ys << r.top() + tl->lineAt(i).y();
        }
        ys << r.bottom();
    }
    std::sort(ys.begin(), ys.end());
    return ys;
}

} // namespace

QImage budgetChart(const Investigation::Result &result, const QSize &size)
{
    // The whole tree's budget when there is one: what the publisher has to fix.
    const Trace *t = result.audit ? &result.audit->trace
        : result.evaluation       ? &result.evaluation->trace
                                  : nullptr;
    QImage img(size * 2, QImage::Format_ARGB32);
    img.setDevicePixelRatio(2);
    img.fill(Qt::white);
    if (!t || t->nodes.isEmpty())
        return img;
    const LookupBudget budget = lookupBudget(*t);
    const QList<LookupBudget::Segment> &segs = budget.segments;
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = p.font();
    f.setPixelSize(11);
    p.setFont(f);
    const int left = 110;
    const int right = size.width() - 20;
    const int total = budget.lookups;
    const double max = std::max(budget.maxLookups + 2, total + 1);
    auto x = [&](double v) { return left + (right - left) * v / max; };
    const int rowH = 26;
    const int rows[2] = {20, 20 + rowH + 14};
    p.setPen(Qt::black);
    p.drawText(QRect(0, rows[0], left - 8, rowH), Qt::AlignRight | Qt::AlignVCenter,
        QStringLiteral("DNS lookups"));
    p.drawText(QRect(0, rows[1], left - 8, rowH), Qt::AlignRight | Qt::AlignVCenter,
        QStringLiteral("Void lookups"));
    static const int hues[] = {210, 30, 130, 280, 0, 180, 60, 320, 100, 240};
    double at[2] = {0, 0};
    for (int i = 0; i < segs.size(); ++i) {
        const QColor c = QColor::fromHsl(hues[i % 10], 150, 140);
        for (int row = 0; row < 2; ++row) {
            const int v = row == 0 ? segs[i].lookups : segs[i].voids;
            if (!v)
                continue;
            const QRectF r(x(at[row]), rows[row], x(at[row] + v) - x(at[row]), rowH);
            p.fillRect(r, c);
            p.setPen(c.darker(150));
            p.drawRect(r);
            at[row] += v;
        }
    }
    // Axis and limits.
    p.setPen(Qt::black);
    const int axisY = rows[1] + rowH + 8;
    p.drawLine(left, axisY, right, axisY);
    for (int v = 0; v <= int(max); v += 2) {
        p.drawLine(QPointF(x(v), axisY), QPointF(x(v), axisY + 4));
        p.drawText(QRectF(x(v) - 15, axisY + 4, 30, 14), Qt::AlignCenter, QString::number(v));
    }
    p.setPen(QPen(QColor(200, 0, 0), 2, Qt::DashLine));
    const int maxLookups = budget.maxLookups;
    const int maxVoids = budget.maxVoidLookups;
    p.drawLine(QPointF(x(maxLookups), rows[0] - 6), QPointF(x(maxLookups), rows[0] + rowH + 4));
    p.drawLine(QPointF(x(maxVoids), rows[1] - 4), QPointF(x(maxVoids), rows[1] + rowH + 4));
    p.setPen(QColor(200, 0, 0));
    p.drawText(QPointF(x(maxLookups) + 4, rows[0] - 4),
        QStringLiteral("limit %1 (total %2)").arg(maxLookups).arg(total));
    p.drawText(QPointF(x(maxVoids) + 4, rows[1] - 2),
        QStringLiteral("limit %1 (total %2)").arg(maxVoids).arg(budget.voidLookups));
    // Legend.
    int lx = left;
    int ly = axisY + 26;
    for (int i = 0; i < segs.size(); ++i) {
        const QString text = QStringLiteral("%1 (%2)")
                                 .arg(Text::safeText(segs[i].label).left(48))
                                 .arg(segs[i].lookups);
        const int w = p.fontMetrics().horizontalAdvance(text) + 28;
        if (lx + w > right) {
            lx = left;
            ly += 18;
        }
        p.fillRect(QRect(lx, ly, 12, 12), QColor::fromHsl(hues[i % 10], 150, 140));
        p.setPen(Qt::black);
        p.drawText(QPoint(lx + 16, ly + 11), text);
        lx += w;
    }
    return img;
}

namespace {

// One function per section of the report, in the order they appear; each writes its HTML to `s`.

void writeHead(
    QTextStream &s, const Investigation::Result &r, const Options &options, const QString &domain)
{
    s << QStringLiteral("<html><head><meta charset=\"utf-8\"><title>SPF report: %1</title><style>"
                        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; } h1 { "
                        "font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 14px; }"
                        "code, .record, pre { font-family: 'DejaVu Sans Mono', monospace; } "
                        ".record { font-size: 9.5pt; }"
                        "pre { font-size: 8pt; white-space: pre-wrap; } table { border-collapse: "
                        "collapse; } td, th { padding: 2px 5px; vertical-align: top; } th { "
                        "background-color: #e8e8e8; text-align: left; }"
                        ".meta { color: #444444; }</style></head><body>")
             .arg(esc(domain));
    s << QStringLiteral("<h1>SPF diagnosis for %1</h1>").arg(esc(domain));
    s << QStringLiteral("<p class=\"meta\">Generated %1 by SPF Sleuth %2. DNS answers from: %3.")
             .arg(options.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                 QStringLiteral(SLEUTH_VERSION), esc(r.resolverDescription));
    if (r.evaluation)
        s << QStringLiteral(" Tested: mail from <b>%1</b> for <b>%2</b> (sender %3%4).")
                 .arg(esc(r.evaluation->ip), esc(r.evaluation->domain), esc(r.evaluation->sender),
                     r.request.helo.isEmpty() ? QString()
                                              : QStringLiteral(", HELO ") + esc(r.request.helo));
    s << QStringLiteral("</p>");
}

// First, in plain words: the sender's admin reads this before anything else.
// Where RFC 9989 and RFC 7489 receivers read the From domain's DMARC differently: both.
void writeDmarcReadings(QTextStream &s, const Bounce::DmarcFinding &f)
{
    if (!f.readingsDiffer)
        return;
    s << QStringLiteral("<p><b>DMARC, as each generation of receivers reads it</b> (they "
                        "differ):</p><table><tr><th>Receivers</th><th>Organizational domain</th>"
                        "<th>Policy</th><th>SPF</th><th>DKIM</th><th>Why</th></tr>");
    const auto unknown = [](const QString &v) {
        return v.isEmpty() ? QStringLiteral("unknown") : Text::elided(v, 120);
    };
    for (const Bounce::DmarcReading &r : f.readings)
        s << QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
                            "<td>%6</td></tr>")
                 .arg(r.name == QLatin1String("RFC 9989")
                         ? QStringLiteral("RFC 9989 (tree walk)")
                         : QStringLiteral("RFC 7489 (Public Suffix List)"),
                     escCell(unknown(r.organizationalDomain)), escCell(unknown(r.policy)),
                     r.spfAligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
                     r.dkimAligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
                     escProse(Text::elided(r.why, 400)));
    s << QStringLiteral("</table>");
}

void writeBounce(QTextStream &s, const Bounce::Diagnosis &b)
{
    s << QStringLiteral("<h2>Why the receiver rejected it</h2>");
    for (const QString &w : b.why)
        s << QStringLiteral("<p>%1</p>").arg(escProse(Text::elided(w, 1200)));
    const Paste::Analysis &a = b.paste;
    s << QStringLiteral(
        "<p><b>What the bounce shows</b> (and the line each came from):</p><table>");
    const auto row = [&](const QString &label, const std::optional<Paste::Value> &v) {
        s << QStringLiteral("<tr><th>%1</th><td>%2</td><td>%3</td></tr>")
                 .arg(label,
                     v ? escCell(v->value.isEmpty() ? QStringLiteral("<> (null sender)")
                                                    : Text::elided(v->value, 120))
                       : QStringLiteral("not in the bounce"),
                     v ? escCell(QStringLiteral("%1, line %2")
                                     .arg(Text::elided(v->source.field, 40))
                                     .arg(v->source.line))
                       : QString());
    };
    row(QStringLiteral("Sending IP"), a.connectingIp);
    row(QStringLiteral("Envelope sender"), a.envelopeSender);
    row(QStringLiteral("HELO"), a.helo);
    row(QStringLiteral("From:"), a.headerFrom);
    s << QStringLiteral("</table>");
    writeDmarcReadings(s, b.dmarc);
    int shown = 0;
    for (const Paste::Reply &reply : a.replies) {
        if (reply.code < 400 || ++shown > 3)
            continue;
        s << QStringLiteral("<p>The receiver said (line %1): <code>%2 %3 %4</code></p>")
                 .arg(reply.source.line)
                 .arg(reply.code)
                 .arg(esc(reply.enhanced), escLong(Text::elided(reply.text, 300)));
    }
}

void writeSummary(QTextStream &s, const Investigation::Result &r)
{
    s << QStringLiteral("<h2>Summary</h2>");
    for (const Summary::Finding &f : Summary::findings(r))
        s << QStringLiteral("<p>%1</p>").arg(findingHtml(Text::elided(f.text, maxRecordChars)));
}

// The checked domain's record and every record with errors in the tree, faults marked.
void writePublishedRecords(QTextStream &s, const Trace &trace, const QString &domain)
{
    s << QStringLiteral("<h2>The published record</h2>");
    bool any = false;
    int records = 0;
    int recordsOmitted = 0;
    for (const TraceNode &n : trace.nodes) {
        if (n.kind == NodeKind::Check && !n.recordText.isEmpty()
            && (n.parent < 0 || parseRecord(n.recordText).hasErrors())) {
            if (++records > maxRecords) {
                ++recordsOmitted;
                continue;
            }
            s << markedRecord(n);
            any = true;
        }
    }
    if (recordsOmitted > 0)
        s << omitted(recordsOmitted, QStringLiteral("records with errors in the tree"));
    if (!any)
        s << QStringLiteral("<p>%1 publishes no SPF record.</p>").arg(esc(domain));
}

// The corrected record evaluated for the IP tested, offline against the answers this
// investigation captured (no DNS from the report): its result, or why it was not evaluated.
QString correctedEvaluation(
    const Investigation::Result &r, const QString &domain, const QString &fixed)
{
    if (!r.evaluation)
        return {};
    const Evaluation &e = *r.evaluation;
    Dns::MemoryResolver captured;
    captured.addCaptured(r.evidence);
    captured.setUncovered(Dns::MemoryResolver::Uncovered::Error);
    EvaluatorOptions options;
    options.recordOverrides.insert(domain.toLower(), fixed);
    const Evaluation corrected = Evaluator(captured, options)
                                     .evaluate(CheckRequest {QHostAddress(e.ip),
                                         e.identity == QLatin1String("helo") ? QString() : e.sender,
                                         r.request.helo, e.domain});
    if (corrected.result == Result::TempError)
        return QStringLiteral("<p>Not evaluated for %1: the corrected record needs DNS answers "
                              "this investigation did not ask for.</p>")
            .arg(esc(e.ip));
    return QStringLiteral("<p>Evaluated for %1 (sender %2) against the DNS answers below, the "
                          "corrected record gives <b>%3</b>%4.</p>")
        .arg(esc(e.ip), esc(e.sender), resultName(corrected.result),
            corrected.result == Result::Pass ? QStringLiteral(": it passes") : QString());
}

// The record with every fixable error fixed, and what the fix changes; only its length when it
// is too long to print.
void writeCorrectedRecord(QTextStream &s, const Investigation::Result &r, const Trace &trace)
{
    QString fixedDomain;
    const QString fixed = Summary::correctedRecord(r, &fixedDomain);
    if (!fixed.isEmpty() && fixed.size() <= 4 * maxRecordChars) {
        QString impact;
        for (const TraceNode &n : trace.nodes) {
            if (n.kind == NodeKind::Check && n.domain == fixedDomain) {
                impact = fixImpact(parseRecord(n.recordText), parseRecord(fixed)).describe();
                break;
            }
        }
        s << QStringLiteral("<h2>Corrected record</h2><p>Publish this TXT record for <b>%1</b> "
                            "instead:</p><p class=\"record\"><b>%2</b></p>%3%4")
                 .arg(esc(fixedDomain), escLong(fixed),
                     impact.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(esc(impact)),
                     correctedEvaluation(r, fixedDomain, fixed));
    } else if (!fixed.isEmpty()) {
        s << QStringLiteral("<h2>Corrected record</h2><p>The corrected record for <b>%1</b> is "
                            "%2 characters long, too long to print here: take it from "
                            "<code>spfsleuth-cli lint --json</code> (corrected_record) or the "
                            "case file.</p>")
                 .arg(esc(fixedDomain))
                 .arg(fixed.size());
    }
}

// Beyond syntax: what the tree gets wrong, each proposal marked as one to review.
void writeAdvice(QTextStream &s, const QList<Spf::Advice> &advice)
{
    s << QStringLiteral("<h2>Advice</h2>");
    for (const Spf::Advice &a : advice) {
        s << QStringLiteral("<p><b>%1</b> %2</p>")
                 .arg(severityName(a.severity), esc(Text::elided(a.message, maxRecordChars)));
        if (!a.proposal.isEmpty())
            s << QStringLiteral("<p><i>Proposal, to review before publishing:</i></p><pre "
                                "class=\"wrap\">%1</pre>")
                     .arg(escBlock(Text::elided(a.proposal, 4 * maxRecordChars)));
    }
}

// The tree as a table (its last column headed `lastColumn`), and how many rows were left out.
void writeTreeTable(QTextStream &s, const Trace &trace, const QString &lastColumn)
{
    TreeRows rows;
    treeRows(trace, lookupBudget(trace), 0, 0, rows);
    s << QStringLiteral("<table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr><th "
                        "width=\"38%\">Record / term</th><th width=\"13%\"%2>Result</th><th "
                        "width=\"17%\">DNS lookups</th><th>%3</th></tr>%1</table>")
             .arg(rows.html, noWrap, lastColumn);
    if (rows.omitted > 0)
        s << omitted(rows.omitted, QStringLiteral("rows of the tree"));
}

// RFC 7208 leaves room here and receivers split: each reading's result, side by side.
void writeInterpretations(QTextStream &s, const QList<Interpretation> &interpretations)
{
    QString rows;
    for (const Interpretation &i : interpretations)
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(esc(i.name), resultName(i.result), esc(i.why));
    s << QStringLiteral("<h3>Receivers disagree on this check</h3><p>The result depends "
                        "on how a receiver reads RFC 7208; this is what each reading "
                        "gives.</p><table border=\"1\" cellspacing=\"0\" width=\"100%\">"
                        "<tr><th width=\"18%\">Reading</th><th width=\"12%\">Result</th>"
                        "<th>Why</th></tr>%1</table>")
             .arg(rows);
}

// The IP test: its result and why, the budget it spent, the path that decided and the tree.
void writeIpTest(QTextStream &s, const Evaluation &e)
{
    s << QStringLiteral("<h2>IP test: %1 → %2</h2>").arg(esc(e.ip), resultName(e.result));
    s << QStringLiteral("<p>%1</p>").arg(esc(e.reason));
    if (!e.explanation.isEmpty())
        s << QStringLiteral("<p>Explanation published by the domain: “%1”</p>")
                 .arg(esc(e.explanation));
    const LookupBudget budget = lookupBudget(e.trace);
    s << QStringLiteral("<p>DNS lookups: %1 of %2; void lookups: %3 of %4; %5.</p>")
             .arg(e.lookups)
             .arg(budget.maxLookups)
             .arg(e.voidLookups)
             .arg(budget.maxVoidLookups)
             .arg(Text::counted(int(e.trace.exchanges.size()), "DNS query", "DNS queries"));
    if (!e.interpretations.isEmpty())
        writeInterpretations(s, e.interpretations);
    if (e.decidingNode >= 0) {
        QStringList path;
        for (int n = e.decidingNode; n >= 0; n = e.trace.nodes[n].parent) {
            const TraceNode &t = e.trace.nodes[n];
            path.prepend(esc(t.kind == NodeKind::Check ? t.domain : t.term.text));
        }
        s << QStringLiteral("<p>The path that decided: %1</p>")
                 .arg(path.join(QStringLiteral(" → ")));
    }
    writeTreeTable(s, e.trace, QStringLiteral("Why"));
}

void writeAudit(QTextStream &s, const Audit &a)
{
    s << QStringLiteral("<h2>Include tree of %1: %2, %3</h2>")
             .arg(esc(a.domain), Text::counted(a.lookups, "DNS lookup", "DNS lookups"),
                 Text::counted(a.voidLookups, "void lookup", "void lookups"));
    writeTreeTable(s, a.trace, QStringLiteral("Notes"));
}

// Only when they disagree: what each authoritative server serves, the odd ones marked.
void writeNameservers(QTextStream &s, const NsCompare::Result &ns)
{
    QString rows;
    for (const NsCompare::ServerRow &row : ns.rows) {
        QString record;
        if (!row.error.isEmpty())
            record = QStringLiteral("<i>fails: %1</i>").arg(esc(row.error));
        else if (row.spfRecords.isEmpty())
            record = QStringLiteral("<i>no SPF record</i>");
        else
            record = esc(row.spfRecords.join(QStringLiteral(" | ")));
        rows += QStringLiteral("<tr%1><td>%2%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</"
                               "td><td>%8</td></tr>")
                    .arg(row.differs ? QStringLiteral(" bgcolor=\"#f6d4d4\"") : QString(),
                        row.differs ? QStringLiteral("<b>differs:</b> ") : QString(),
                        esc(row.nsName), esc(row.address),
                        row.serial.isEmpty() ? QStringLiteral("?") : esc(row.serial), record,
                        row.lookups >= 0 ? QString::number(row.lookups) : QString(),
                        esc(row.problems.join(QStringLiteral("; "))));
    }
    s << QStringLiteral("<h2>Authoritative nameservers of %1 disagree</h2><p>Each server "
                        "address was asked directly (no recursion) for the SOA serial of %1 "
                        "and the TXT records of %2; the tree was expanded through each one. "
                        "Marked rows serve something other than most servers, or fail.</p>"
                        "<table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr><th "
                        "width=\"17%\">Nameserver</th><th width=\"12%\">Address</th><th "
                        "width=\"13%\">Serial</th><th width=\"27%\">SPF record</th><th "
                        "width=\"10%\">Lookups</th><th>Problems in its tree</th></tr>%3</table>")
             .arg(esc(ns.zone), esc(ns.domain), rows);
}

void writeReverse(QTextStream &s, const Dns::ReverseResult &reverse)
{
    QString t;
    QTextStream ts(&t);
    Text::printReverse(ts, reverse);
    ts.flush();
    s << QStringLiteral("<h2>Reverse DNS of %1</h2><pre class=\"wrap\">%2</pre>")
             .arg(esc(reverse.ip), escBlock(t));
}

// When a question was asked: the answer's own time (a case replayed keeps the time its answers
// were captured), else the exchange's.
QDateTime askedAt(const Dns::Exchange &e)
{
    return (e.answer && e.answer->when.isValid() ? e.answer->when : e.when).toUTC();
}

// Each distinct answer once: the same question answered the same way (asked by the IP test and
// the tree, or answered from the cache) is one piece of evidence.
QList<Dns::Exchange> distinctAnswers(const QList<Dns::Exchange> &evidence)
{
    QList<Dns::Exchange> out;
    QSet<QString> seen;
    for (const Dns::Exchange &e : evidence) {
        const QString key = Net::canonicalName(e.question.name) + QLatin1Char('/')
            + QString::number(e.question.type) + QLatin1Char('/')
            + answerText(e.answer, e.question.type);
        if (!seen.contains(key)) {
            seen.insert(key);
            out << e;
        }
    }
    return out;
}

// Who answered an exchange.
QString serverOf(const Dns::Exchange &e)
{
    QString server = e.answer ? e.answer->server : e.answer.error().server;
    if (server.contains(QLatin1Char('/'))) // an older case's "zone /path/x.zone": the file
        server = server.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ')
            + server.section(QLatin1Char('/'), -1);
    return server;
}

// The first maxEvidenceRows answers as a table. Who answered: one column only when the answers
// came from more than one place.
void writeEvidence(QTextStream &s, const QList<Dns::Exchange> &evidence)
{
    QStringList servers;
    for (const Dns::Exchange &e : evidence.mid(0, maxEvidenceRows)) {
        if (const QString server = serverOf(e); !servers.contains(server))
            servers << server;
    }
    const bool serverColumn = servers.size() > 1;
    s << QStringLiteral("<h2>DNS evidence</h2>");
    if (servers.size() == 1)
        s << QStringLiteral("<p>Every answer below came from %1.</p>").arg(esc(servers.front()));
    s << QStringLiteral("<table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr><th "
                        "width=\"28%\">Name</th><th%1>Type</th><th>Answer</th><th%1>TTL</th>%2"
                        "<th%1>Time (UTC)</th></tr>")
             .arg(noWrap,
                 serverColumn ? QStringLiteral("<th width=\"16%\">Server</th>") : QString());
    for (const Dns::Exchange &e : evidence.mid(0, maxEvidenceRows)) {
        s << QStringLiteral("<tr><td>%1</td><td%6>%2</td><td>%3</td><td%6>%4</td>%5<td%6>%7</td>"
                            "</tr>")
                 .arg(escCell(e.question.name), Dns::typeName(e.question.type),
                     escCell(Text::elided(answerText(e.answer, e.question.type), maxAnswerChars)),
                     ttlText(e.answer, e.question.type),
                     serverColumn ? QStringLiteral("<td>%1</td>").arg(escCell(serverOf(e)))
                                  : QString(),
                     noWrap, askedAt(e).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    s << QStringLiteral("</table>");
    if (evidence.size() > maxEvidenceRows)
        s << omitted(int(evidence.size()) - maxEvidenceRows, QStringLiteral("DNS answers"));
}

void writeRfcSections(QTextStream &s, const QStringList &sections)
{
    s << QStringLiteral("<h2>RFC 7208 sections that apply</h2><ul>");
    for (const QString &sec : sections)
        s << QStringLiteral("<li>RFC 7208 %1</li>").arg(esc(sec));
    s << QStringLiteral("</ul>");
}

// The first maxRawAnswers answers as the DNS tools print them.
void writeRawAnswers(QTextStream &s, const QList<Dns::Exchange> &evidence)
{
    s << QStringLiteral("<h2>Appendix: raw DNS answers</h2><pre class=\"wrap\">");
    for (const Dns::Exchange &e : evidence.mid(0, maxRawAnswers)) {
        QString t;
        QTextStream ts(&t);
        ts << QStringLiteral(";; asked at ") << askedAt(e).toString(Qt::ISODateWithMs) << Qt::endl;
        Text::printResponse(ts, e.question, e.answer);
        ts.flush();
        s << escBlock(Text::elided(t, maxRawChars)) << QStringLiteral("\n");
    }
    s << QStringLiteral("</pre>");
    if (evidence.size() > maxRawAnswers)
        s << omitted(int(evidence.size()) - maxRawAnswers, QStringLiteral("raw answers"));
}

} // namespace

QString receiversHtml(const MailPolicy::Report &report); // reportreceivers.cpp
QString blocklistsHtml(const Investigation::Result &r); // reportblocklists.cpp

QString html(const Investigation::Result &r, const Options &options)
{
    QString h;
    QTextStream s(&h);
    const QString domain = r.target.domain.isEmpty() ? r.target.text : r.target.domain;
    writeHead(s, r, options, domain);
    if (r.bounce)
        writeBounce(s, *r.bounce);
    writeSummary(s, r);
    const Trace *trace = r.evaluation ? &r.evaluation->trace : r.audit ? &r.audit->trace : nullptr;
    if (trace) {
        writePublishedRecords(s, *trace, domain);
        writeCorrectedRecord(s, r, *trace);
    }
    if (!r.advice.isEmpty())
        writeAdvice(s, r.advice);
    if (r.evaluation)
        writeIpTest(s, *r.evaluation);
    if (r.audit)
        writeAudit(s, *r.audit);
    if (r.nameservers && r.nameservers->error.isEmpty() && !r.nameservers->consistent())
        writeNameservers(s, *r.nameservers);
    if (trace) {
        s << QStringLiteral("<h2>Lookup budget</h2><p><img src=\"chart://budget\" width=\"640\" "
                            "height=\"150\"></p>");
    }
    if (r.reverse)
        writeReverse(s, *r.reverse);
    if (r.receivers)
        s << receiversHtml(*r.receivers);
    s << blocklistsHtml(r);
    const QList<Dns::Exchange> evidence = distinctAnswers(r.evidence);
    writeEvidence(s, evidence);
    if (const QStringList sections = Summary::rfcSections(r); !sections.isEmpty())
        writeRfcSections(s, sections);
    if (!options.notes.trimmed().isEmpty())
        s << QStringLiteral("<h2>Notes</h2><p>%1</p>")
                 .arg(esc(options.notes).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    writeRawAnswers(s, evidence);
    s << QStringLiteral("</body></html>");
    s.flush();
    return h;
}

Sleuth::Expected<void, QString> writeHtml(
    const Investigation::Result &result, const QString &path, const Options &options)
{
    QString page = html(result, options);
    // A standalone file: the chart goes inline as a PNG.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    budgetChart(result, QSize(640, 150)).save(&buffer, "PNG");
    page.replace(QStringLiteral("chart://budget"),
        QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Sleuth::Unexpected(
            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    const QByteArray data = page.toUtf8();
    if (file.write(data) != data.size() || !file.commit())
        return Sleuth::Unexpected(
            QStringLiteral("cannot save %1: %2 (any earlier file is unchanged)")
                .arg(path, file.errorString()));
    return {};
}

Sleuth::Expected<void, QString> writePdf(
    const Investigation::Result &result, const QString &path, const Options &options)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Sleuth::Unexpected(
            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 16, 16, 14), QPageLayout::Millimeter);
        writer.setResolution(96); // QCustomPlot and tables come out the right size at 96 dpi
        writer.setTitle(
            QStringLiteral("SPF report: %1")
                .arg(result.target.domain.isEmpty() ? result.target.text : result.target.domain));
        writer.setCreator(QStringLiteral("SPF Sleuth %1").arg(QStringLiteral(SLEUTH_VERSION)));
        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&writer);
        QTextOption wrap;
        // Lines break between words only, so a column is as wide as its longest word; long
        // tokens carry their own break points (escCell, escLong).
        wrap.setWrapMode(QTextOption::WordWrap);
        doc.setDefaultTextOption(wrap);
        doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart://budget")),
            budgetChart(result, QSize(640, 150)));
        doc.setHtml(html(result, options));
        const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
        const int footer = 24;
        const QSizeF body(page.width(), page.height() - footer);
        // One long page, cut where a line or a table row ends (pageBreaks).
        doc.setTextWidth(body.width());
        const qreal end = doc.size().height();
        const QList<qreal> breaks = pageBreaks(doc);
        QList<qreal> tops {0};
        while (tops.last() + body.height() < end) {
            const qreal limit = tops.last() + body.height();
            auto it = std::upper_bound(breaks.cbegin(), breaks.cend(), limit);
            qreal cut = limit; // a row taller than a page is cut where the page ends
            if (it != breaks.cbegin() && *(it - 1) > tops.last() + body.height() / 4)
                cut = *(it - 1);
            tops << cut;
        }
        QPainter painter;
        if (!painter.begin(&writer)) {
            file.cancelWriting();
            return Sleuth::Unexpected(QStringLiteral("cannot write a PDF to %1").arg(path));
        }
        const int pages = int(tops.size());
        QFont small = painter.font();
        small.setPixelSize(9);
        for (int i = 0; i < pages; ++i) {
            if (i > 0)
                writer.newPage();
            const qreal top = tops[i];
            const qreal height = (i + 1 < pages ? tops[i + 1] : end) - top;
            painter.save();
            painter.setClipRect(QRectF(0, 0, body.width(), height));
            painter.translate(0, -top);
            doc.drawContents(&painter, QRectF(0, top, body.width(), height));
            painter.restore();
            painter.setFont(small);
            painter.setPen(QColor(90, 90, 90));
            painter.drawLine(
                QPointF(0, body.height() + 4), QPointF(body.width(), body.height() + 4));
            painter.drawText(QRectF(0, body.height() + 6, body.width(), footer - 6),
                Qt::AlignLeft | Qt::AlignVCenter,
                QStringLiteral("SPF Sleuth report — %1 — %2 — %3")
                    .arg(result.target.domain.isEmpty() ? result.target.text : result.target.domain,
                        options.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                        Text::safeText(result.resolverDescription)));
            painter.drawText(QRectF(0, body.height() + 6, body.width(), footer - 6),
                Qt::AlignRight | Qt::AlignVCenter,
                QStringLiteral("page %1 of %2").arg(i + 1).arg(pages));
        }
        painter.end();
    }
    if (!file.commit())
        return Sleuth::Unexpected(
            QStringLiteral("cannot save %1: %2 (any earlier file is unchanged)")
                .arg(path, file.errorString()));
    return {};
}

} // namespace Report
