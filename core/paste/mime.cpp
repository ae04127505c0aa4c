// GMime's headers first: GLib names struct members "signals", which Qt defines as a keyword.
#include <gmime/gmime.h>

#include "paste/mime.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include <QRegularExpression>

namespace Paste {

namespace {

struct GObjectDeleter
{
    void operator()(gpointer p) const
    {
        if (p)
            g_object_unref(p);
    }
};
template<typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

// "type/subtype", lower case (GMime hands over a string the caller frees).
QString mimeTypeOf(GMimeContentType *type)
{
    if (!type)
        return QStringLiteral("text/plain");
    std::unique_ptr<char, decltype(&g_free)> name(g_mime_content_type_get_mime_type(type), &g_free);
    return QString::fromUtf8(name.get()).toLower();
}

// UTF-8 and its subsets: the text needs no conversion.
bool isUtf8(const QByteArray &charset)
{
    const QByteArray c = charset.toLower();
    return c == "utf-8" || c == "utf8" || c == "us-ascii" || c == "ascii";
}

void initGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// Quoted-printable (RFC 2045 §6.7): the paste line each decoded line starts on. A line ending in
// "=" continues on the next; an encoded line break (=0A, =0D) starts a decoded line on the same.
QList<int> qpLineMap(const QStringList &raw, int first)
{
    QList<int> map {first};
    for (int j = 0; j < raw.size(); ++j) {
        const QString line = raw[j];
        for (qsizetype k = line.indexOf(QLatin1Char('=')); k >= 0 && k + 2 < line.size();
             k = line.indexOf(QLatin1Char('='), k + 1)) {
            const QString code = line.mid(k + 1, 2).toUpper();
            const bool lf = code == QLatin1String("0A");
            const bool cr = code == QLatin1String("0D")
                && line.mid(k + 3, 3).compare(QLatin1String("=0A"), Qt::CaseInsensitive) != 0;
            if (lf || cr)
                map << first + j;
        }
        const QString trimmed = line.trimmed();
        if (!trimmed.endsWith(QLatin1Char('=')) && j + 1 < raw.size())
            map << first + j + 1;
    }
    return map;
}

// Base64: the paste line holding the start of each decoded line (3 bytes are 4 characters).
QList<int> base64LineMap(const QStringList &raw, int first, const QByteArray &bytes)
{
    QList<qsizetype> ends; // the count of base64 characters up to the end of each raw line
    qsizetype total = 0;
    for (const QString &line : raw) {
        for (const QChar c : line)
            total += c.isLetterOrNumber() || c == QLatin1Char('+') || c == QLatin1Char('/');
        ends << total;
    }
    const auto lineOfByte = [&](qsizetype offset) {
        const qsizetype chars = offset / 3 * 4;
        const auto it = std::upper_bound(ends.cbegin(), ends.cend(), chars);
        return first + int(std::min<qsizetype>(it - ends.cbegin(), raw.size() - 1));
    };
    QList<int> map {first};
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n')
            ++i;
        if (bytes[i] == '\n' || bytes[i] == '\r')
            map << lineOfByte(i + 1);
    }
    return map;
}

class Walker
{
public:
    Walker(const QString &text, const QByteArray &bytes)
        : m_lines(text.split(QLatin1Char('\n')))
    {
        m_lineStarts.push_back(0);
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            if (bytes[i] == '\n')
                m_lineStarts.push_back(i + 1);
        }
    }

    // The 1-based line holding byte `offset`.
    int lineAt(gint64 offset) const
    {
        const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
        return int(it - m_lineStarts.cbegin());
    }

    // A header block starting at line `first`: its lines up to the blank line that ends it.
    Section headerBlock(int first, Section::Origin origin, const QString &label) const
    {
        Section s;
        s.kind = Section::Kind::Headers;
        s.origin = origin;
        s.label = label;
        s.firstLine = first;
        for (int i = first - 1; i < m_lines.size() && !m_lines[i].trimmed().isEmpty(); ++i)
            s.lines << m_lines[i];
        return s;
    }

    void message(GMimeMessage *message, Section::Origin origin, const QString &label)
    {
        GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
        int bodyLine = 0;
        if (headers && g_mime_header_list_get_count(headers) > 0) {
            const gint64 offset
                = g_mime_header_get_offset(g_mime_header_list_get_header_at(headers, 0));
            if (offset >= 0) {
                m_view.sections << headerBlock(lineAt(offset), origin, label);
                bodyLine = m_view.sections.last().firstLine
                    + int(m_view.sections.last().lines.size()) + 1;
            }
        }
        if (GMimeObject *body = g_mime_message_get_mime_part(message))
            object(body, origin == Section::Origin::Own ? 0 : 1, bodyLine);
    }

    // `depth` 0: a part of the bounce itself; deeper: inside the message under study.
    void object(GMimeObject *o, int depth, int bodyLine = 0)
    {
        if (++m_visited > 500)
            return; // a paste, not a mail archive: bounded work on hostile nesting
        if (GMIME_IS_MULTIPART(o)) {
            GMimeMultipart *multipart = GMIME_MULTIPART(o);
            // Text before the first boundary: where Postfix writes its human-readable report
            // when the paste lost the part's own header.
            const char *prologue = g_mime_multipart_get_prologue(multipart);
            if (depth == 0 && bodyLine > 0 && prologue && *prologue) {
                const QStringList text = QString::fromUtf8(prologue).split(QLatin1Char('\n'));
                Section s;
                s.kind = Section::Kind::Text;
                s.origin = Section::Origin::Own;
                s.label = QStringLiteral("the bounce's text (before the first MIME part)");
                s.firstLine = bodyLine;
                for (int i = bodyLine - 1; i < m_lines.size() && s.lines.size() < text.size(); ++i)
                    s.lines << m_lines[i];
                m_view.sections << s;
            }
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i)
                object(g_mime_multipart_get_part(multipart, i), depth);
            return;
        }
        if (GMIME_IS_MESSAGE_PART(o)) {
            if (GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o)))
                message(inner, Section::Origin::Message,
                    depth == 0 ? QStringLiteral("the returned or reported message (message/rfc822)")
                               : QStringLiteral("an attached message (message/rfc822)"));
            return;
        }
        if (!GMIME_IS_PART(o) || depth > 0)
            return; // the body of the message under study is its author's text, not evidence
        GMimeContentType *type = g_mime_object_get_content_type(o);
        const QString mimeType = mimeTypeOf(type);
        Section s;
        if (mimeType == QLatin1String("text/rfc822-headers")) {
            s.kind = Section::Kind::Headers;
            s.origin = Section::Origin::Message;
            s.label = QStringLiteral("the returned message's header (text/rfc822-headers)");
        } else if (mimeType == QLatin1String("message/delivery-status")
            || mimeType == QLatin1String("message/global-delivery-status")) {
            s.kind = Section::Kind::DeliveryStatus;
            s.origin = Section::Origin::Report;
            s.label = QStringLiteral("the delivery status (message/delivery-status)");
        } else if (mimeType == QLatin1String("message/feedback-report")) {
            s.kind = Section::Kind::FeedbackReport;
            s.origin = Section::Origin::Report;
            s.label = QStringLiteral("the feedback report (message/feedback-report)");
        } else if (mimeType.startsWith(QLatin1String("text/"))) {
            s.kind = Section::Kind::Text;
            s.origin = Section::Origin::Own;
            s.label = QStringLiteral("the bounce's text (%1)").arg(mimeType.left(60));
        } else {
            return; // images, attachments
        }
        GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(o));
        if (!content)
            return;
        GMimeStream *stream = g_mime_data_wrapper_get_stream(content);
        const GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(content);
        const bool identity = encoding == GMIME_CONTENT_ENCODING_DEFAULT
            || encoding == GMIME_CONTENT_ENCODING_7BIT || encoding == GMIME_CONTENT_ENCODING_8BIT
            || encoding == GMIME_CONTENT_ENCODING_BINARY;
        if (!stream)
            return;
        const int first = lineAt(stream->bound_start);
        s.firstLine = first;
        const int last = stream->bound_end < 0
            ? int(m_lines.size())
            : lineAt(std::max<gint64>(stream->bound_start, stream->bound_end - 1));
        const QStringList raw = m_lines.mid(first - 1, std::max(0, last - first + 1));
        const QByteArray charset = g_mime_content_type_get_parameter(type, "charset");
        if (identity) {
            for (const QString &line : raw) {
                // A 7-bit ISO-2022-JP or an 8-bit Shift_JIS line, read in its charset (the
                // paste's text keeps its bytes: ASCII and escapes, or Latin-1 when not UTF-8).
                const bool bytes = !charset.isEmpty() && !isUtf8(charset)
                    && std::any_of(line.cbegin(), line.cend(),
                        [](QChar c) { return c.unicode() == 0x1b || c.unicode() >= 0x80; })
                    && std::all_of(
                        line.cbegin(), line.cend(), [](QChar c) { return c.unicode() < 0x100; });
                s.lines << (bytes ? decodeCharset(line.toLatin1(), charset) : line);
            }
        } else {
            GPtr<GMimeStream> decoded(g_mime_stream_mem_new());
            g_mime_data_wrapper_write_to_stream(content, decoded.get());
            GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded.get()));
            QByteArray bytes(reinterpret_cast<const char *>(array->data),
                qsizetype(std::min<guint>(array->len, 4u * 1024 * 1024)));
            QString text = decodeCharset(bytes, charset);
            text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
            text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
            s.lines = text.split(QLatin1Char('\n'));
            s.decoded = true;
            s.lineMap = encoding == GMIME_CONTENT_ENCODING_BASE64 ? base64LineMap(raw, first, bytes)
                                                                  : qpLineMap(raw, first);
            s.label += encoding == GMIME_CONTENT_ENCODING_BASE64
                ? QStringLiteral(", decoded from base64")
                : QStringLiteral(", decoded from quoted-printable");
        }
        if (mimeType == QLatin1String("text/html")) {
            // The words of an HTML part, a line per block: its tags are not evidence.
            QString html = s.lines.join(QLatin1Char('\n'));
            static const QRegularExpression blocks(
                QStringLiteral("<(?:br|/p|/div|/tr|/li|/h[1-6])[^>]*>"),
                QRegularExpression::CaseInsensitiveOption);
            static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
            static const QRegularExpression hidden(
                QStringLiteral("<(style|script|head)\\b.*?</\\1\\s*>"),
                QRegularExpression::CaseInsensitiveOption
                    | QRegularExpression::DotMatchesEverythingOption);
            html.remove(hidden);
            html.replace(blocks, QStringLiteral("\n")).remove(tags);
            html.replace(QStringLiteral("&lt;"), QStringLiteral("<"))
                .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
                .replace(QStringLiteral("&quot;"), QStringLiteral("\""))
                .replace(QStringLiteral("&#39;"), QStringLiteral("'"))
                .replace(QStringLiteral("&nbsp;"), QStringLiteral(" "))
                .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
            s.lines = html.split(QLatin1Char('\n'));
            s.decoded = true;
            s.lineMap.clear(); // the words of blocks, no longer the part's lines
            s.label += QStringLiteral(", tags removed");
        }
        m_view.sections << s;
    }

    MimeView m_view;

private:
    QStringList m_lines;
    std::vector<gint64> m_lineStarts;
    int m_visited = 0;
};

bool looksLikeBounce(GMimeMessage *message, const QString &topType)
{
    if (topType == QLatin1String("multipart/report"))
        return true;
    const auto value = [&](const char *name) {
        const char *v = g_mime_object_get_header(GMIME_OBJECT(message), name);
        return v ? QString::fromUtf8(v) : QString();
    };
    static const QRegularExpression daemon(
        QStringLiteral("mailer-daemon|post_?master@|mail delivery (subsystem|system)|"
                       "microsoftexchange[0-9a-f]*@|no-reply@sns\\.amazonaws\\."),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression subject(
        QStringLiteral("undeliver|delivery status notification|failure notice|returned mail|"
                       "mail delivery failed|delivery failure|non-?delivery|could not be "
                       "delivered|returned to sender|abuse report|\\breport domain\\b|"
                       "AWS Notification Message|delivery notification|delivery status|"
                       "mail system error|delayed mail|warning: message"),
        QRegularExpression::CaseInsensitiveOption);
    const QString returnPath = value("Return-Path").trimmed();
    return daemon.match(value("From")).hasMatch() || subject.match(value("Subject")).hasMatch()
        || returnPath == QLatin1String("<>")
        || !value("X-Failed-Recipients").isEmpty()
        // A DSN pasted on its own: its fields stand where a header would (RFC 3464 §2.2, §2.3).
        || !value("Reporting-MTA").isEmpty() || !value("Final-Recipient").isEmpty()
        || !value("Diagnostic-Code").isEmpty();
}

} // namespace

MimeView mimeSections(const QString &text)
{
    MimeView fallback;
    Section whole;
    whole.label = QStringLiteral("the pasted text");
    whole.lines = text.split(QLatin1Char('\n'));
    fallback.sections << whole;

    // A paste that does not begin with a header field is not a message: read it as text.
    int skip = 0;
    while (skip < whole.lines.size() && whole.lines[skip].trimmed().isEmpty())
        ++skip;
    static const QRegularExpression header(QStringLiteral("^[A-Za-z][A-Za-z0-9-]{0,60}:"));
    // A message saved from a mailbox starts with its mbox separator ("From MAILER-DAEMON  Fri
    // Feb 13 02:48:13 2015"), not with a header field.
    const bool mbox = skip < whole.lines.size()
        && whole.lines[skip].startsWith(QLatin1String("From ")) && skip + 1 < whole.lines.size()
        && header.match(whole.lines[skip + 1]).hasMatch();
    if (skip >= whole.lines.size() || (!mbox && !header.match(whole.lines[skip]).hasMatch()))
        return fallback;

    initGMime();
    const QByteArray bytes = text.toUtf8();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.constData(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message)
        return fallback;
    Walker walker(text, bytes);
    GMimeObject *body = g_mime_message_get_mime_part(message.get());
    walker.m_view.mime = true;
    walker.m_view.topType
        = body ? mimeTypeOf(g_mime_object_get_content_type(body)) : QStringLiteral("text/plain");
    walker.m_view.bounce = looksLikeBounce(message.get(), walker.m_view.topType);
    walker.message(message.get(),
        walker.m_view.bounce ? Section::Origin::Own : Section::Origin::Message,
        walker.m_view.bounce ? QStringLiteral("the bounce's own header")
                             : QStringLiteral("the message's header"));
    // A bounce written as plain text (Exim, Sendmail, qmail, Exchange) carries the returned
    // message's header inside its text: those fields are the message's, read from the text.
    if (walker.m_view.sections.isEmpty())
        return fallback;
    return walker.m_view;
}

QString decodeCharset(const QByteArray &bytes, const QByteArray &charset)
{
    if (!charset.isEmpty() && !isUtf8(charset)) {
        initGMime();
        iconv_t cd = g_mime_iconv_open("UTF-8", charset.constData());
        if (cd != reinterpret_cast<iconv_t>(-1)) {
            char *out = g_mime_iconv_strndup(cd, bytes.constData(), size_t(bytes.size()));
            g_mime_iconv_close(cd);
            if (out) {
                const QString text = QString::fromUtf8(out);
                g_free(out);
                return text;
            }
        }
    }
    const QString utf8 = QString::fromUtf8(bytes);
    return utf8.contains(QChar::ReplacementCharacter) ? QString::fromLatin1(bytes) : utf8;
}

QString decodeHeaderWords(const QString &value)
{
    if (!value.contains(QLatin1String("=?")))
        return value;
    initGMime();
    char *decoded = g_mime_utils_header_decode_text(nullptr, value.toUtf8().constData());
    if (!decoded)
        return value;
    const QString text = QString::fromUtf8(decoded);
    g_free(decoded);
    return text;
}

} // namespace Paste
