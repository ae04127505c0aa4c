#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A pasted message split into what its MIME structure says each part is (GMime 3 does the MIME
// work: multipart/report, message/rfc822, text/rfc822-headers, message/delivery-status,
// message/feedback-report, base64 and quoted-printable). Each section keeps the lines of the
// paste it stands on, so every value read from it can name its line.
namespace Paste {

struct Section
{
    enum class Kind {
        Text, // human-readable text (a bounce's explanation, a pasted transcript)
        Headers, // a header block
        DeliveryStatus, // message/delivery-status (RFC 3464)
        FeedbackReport, // message/feedback-report (ARF, RFC 5965)
    };
    enum class Origin {
        Paste, // not MIME: the paste as it is
        Own, // the bounce's (or report's) own header: about its delivery to the user
        Message, // the message under study: returned, reported, or pasted as headers
        Report, // a machine-readable report part about the message
    };
    Kind kind = Kind::Text;
    Origin origin = Origin::Paste;
    QString label; // "the returned message's header (message/rfc822)", ...
    QStringList lines;
    int firstLine = 1; // the paste's line (1-based) that lines[0] stands on
    bool decoded = false; // base64/quoted-printable/HTML: lines are not the paste's own
    // A decoded part: the paste line each decoded line starts on (empty: every line maps to
    // firstLine, as an HTML part's words do).
    QList<int> lineMap;
    int lineOf(qsizetype index) const
    {
        if (!decoded)
            return firstLine + int(index);
        return index < lineMap.size() ? lineMap[index] : firstLine;
    }
};

struct MimeView
{
    bool mime = false; // the paste parsed as a message with a header
    QString topType; // the outer Content-Type ("multipart/report", "text/plain")
    bool bounce = false; // the outer message is a bounce or report, not the message itself
    QList<Section> sections;
};

// `text` has LF line ends. Never fails: a paste that is not a message is one Text section.
MimeView mimeSections(const QString &text);

// Bytes in `charset` (ISO-2022-JP, Shift_JIS, windows-125x, ...) as text, converted by GMime;
// UTF-8, else Latin-1, when the charset is unknown or empty.
QString decodeCharset(const QByteArray &bytes, const QByteArray &charset);
// A header field's value with its RFC 2047 encoded words ("=?ISO-2022-JP?B?...?=") decoded.
QString decodeHeaderWords(const QString &value);

} // namespace Paste
