#pragma once

#include <optional>

#include <QList>
#include <QString>

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
    Source source;
};

struct Reply
{
    int code = 0; // 550
    QString enhanced; // 5.7.1
    QString text;
    QString meaning; // plain English
    bool spfRelated = false;
    Source source;
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
    QStringList notes; // disagreements between sources, and the like
    bool isEmpty() const
    {
        return !connectingIp && !envelopeSender && !helo && verdicts.isEmpty() && replies.isEmpty();
    }
};

Analysis analyze(const QString &text);

// Plain-English meaning of an SMTP reply (RFC 5321 code, RFC 3463/7372 enhanced code, and known
// phrases such as Postini's "IP Authorization check failed").
QString replyMeaning(
    int code, const QString &enhanced, const QString &text, bool *spfRelated = nullptr);

} // namespace Paste
