#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include "paste/dsn.h"

// Reads what a help desk gets pasted: a bounce, an SMTP transcript or a header block. Pure text
// work, no DNS: safe on any thread, and on hostile input.
namespace Paste {

// Where a value came from: the header (or DSN field) and the line it starts on (1-based).
struct Source
{
    QString field;
    int line = 0;
    QString excerpt; // the text it was read from, shortened
};

struct Value
{
    QString value;
    Source source;
    QString note; // e.g. "From: header, not the envelope sender"
};

struct Hop
{
    int index = 0; // 0: the top Received: (the last hop, nearest the recipient)
    QString fromName; // the name the sender gave (HELO/EHLO)
    QString reverseName; // the receiver's reverse lookup of the IP, when shown
    QString ip;
    QString by;
    bool internal = false; // private, loopback or link-local IP: a hop inside the receiver
    bool authenticated = false; // "with ESMTPSA", "(authenticated ...)": a client submitting
    Source source;
};

struct Verdict
{
    QString result; // pass, fail, softfail, neutral, none, permerror, temperror
    QString ip;
    QString envelopeFrom;
    QString helo;
    QString receiver; // who evaluated it
    QString comment;
    bool arc = false; // from ARC-Authentication-Results: what an intermediary saw
    Source source;
};

struct Reply
{
    int code = 0; // 550
    QString enhanced; // 5.7.1
    QString enhancedSource; // "reply" (its own text), "status" (its DSN group's Status:), ""
    QString text;
    QString meaning; // plain English
    QString reason = QStringLiteral("other"); // the reason catalogue's id (paste/reasons.h)
    QString provider; // whose wording the catalogue recognised
    bool spfRelated = false; // about authentication: SPF, DKIM, DMARC
    Source source;
};

// One reading of the IP, the envelope sender or the HELO, with why it was read so. The analysis
// keeps every reading it found, best first; only "high" and "medium" ones become the answer.
struct Candidate
{
    QString value;
    Source source;
    QString reason;
    QString confidence; // high, medium, low
};

// A DKIM-Signature header field's identity: who signed (d=) with which key (s=).
struct Signature
{
    QString domain;
    QString selector;
    QString algorithm;
    QString identity; // i=
    Source source;
};

// One method's result in Authentication-Results or ARC-Authentication-Results (RFC 8601).
struct AuthResult
{
    QString method; // spf, dkim, dmarc, arc
    QString result; // pass, fail, ...
    QString receiver; // the authserv-id
    QHash<QString, QString> properties; // "header.d" -> "example.com", lower-case keys
    bool arc = false; // from ARC-Authentication-Results
    Source source;
};

// One piece of evidence that the message was forwarded.
struct ForwardingEvidence
{
    QString kind; // srs, arc, recipient-changed, resent
    int line = 0;
    QString text; // one sentence
};

// The refusing receiver's own authentication verdicts, as its refusal states them (Microsoft's
// 5.7.515 "(Spf= Fail, Dkim= None, DMARC= Fail)"): about the failed message at that receiver,
// never a hop before it.
struct ReceiverVerdicts
{
    QString spf; // lower case as written ("fail", "none", "pass"); "" when not stated
    QString dkim;
    QString dmarc;
    Source source; // the line that states them
};

struct Lookalike
{
    QString token;
    QString why;
    Source source;
};

struct Analysis
{
    QString format; // "gmail", "microsoft365", "postfix", "exim", "postini", "headers", "unknown"
    QList<Hop> hops;
    std::optional<Value> connectingIp;
    std::optional<Value> envelopeSender;
    std::optional<Value> helo;
    QList<Verdict> verdicts;
    QList<Reply> replies;
    QList<Lookalike> lookalikes;
    std::optional<ReceiverVerdicts> receiverVerdicts; // stated in the refusal itself
    QStringList notes; // disagreements between sources, and the like
    // Every reading found, best first (connectingIp, envelopeSender and helo are the first of
    // each that is not a guess).
    QList<Candidate> ipCandidates;
    QList<Candidate> senderCandidates;
    QList<Candidate> heloCandidates;
    std::optional<Value> headerFrom; // the message's From: address
    QList<Signature> signatures;
    QList<AuthResult> authResults;
    int arcSets = 0; // ARC-Seal instances on the message
    QString arcChain; // the last ARC-Seal's cv= (none, pass, fail)
    QStringList forwarding; // evidence that the message was forwarded, one line each
    QList<ForwardingEvidence> forwardingEvidence; // the same, with its kind and line
    QString reason; // the catalogue's reason for the rejection ("" when nothing says)
    QString reasonBasis; // what decided it: "the 550 5.7.26 reply on line 12"
    int reasonLine = 0; // the paste line the reason rests on (0: none)
    // true: the message was refused; false: not a failure (delivered, relayed, a feedback
    // report); nullopt: delayed, the sender's server still tries.
    std::optional<bool> failure = true;
    QList<DsnGroup> groups; // the DSN's recipient groups (RFC 3464), wherever they stood
    int replyCode = 0; // the refusal's SMTP reply code (0: the bounce quotes none)
    QString enhanced; // its enhanced status code (RFC 3463), from the reply or the group's Status
    QString enhancedSource; // "reply", "status" or ""
    bool bounce = false; // the paste is a bounce or report about the message
    QStringList parts; // the MIME parts read, with their lines ("the delivery status, line 30")
    QString remoteMta; // the receiver's server the sender talked to, when the bounce says
    QString text; // what was analyzed (line ends made LF, capped): kept so a case can replay it
    bool isEmpty() const
    {
        return !connectingIp && !envelopeSender && !helo && verdicts.isEmpty() && replies.isEmpty();
    }
};

Analysis analyze(const QString &text);

// Whether bytes handed over as a bounce are binary (an executable, an image, an archive) rather
// than text: "" for text, else why not. A stray NUL or a few control bytes do not make a text
// binary. The CLI and the workbench decide by this one rule.
QString binaryReason(const QByteArray &bytes);
// The text of a file or paste: UTF-8 (Latin-1 when it is not valid UTF-8), NUL bytes dropped.
QString textOf(const QByteArray &bytes);

// "SRS0=…" or "SRS1=…": an envelope sender a forwarder rewrote (Sender Rewriting Scheme); the
// scheme number when it is one, -1 otherwise.
int srsScheme(const QString &address);

// Plain-English meaning of an SMTP reply (RFC 5321 code, RFC 3463/7372 enhanced code, and known
// phrases such as Postini's "IP Authorization check failed").
QString replyMeaning(
    int code, const QString &enhanced, const QString &text, bool *spfRelated = nullptr);

} // namespace Paste
