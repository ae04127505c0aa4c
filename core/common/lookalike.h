#pragma once

#include <QList>
#include <QString>

#include <optional>

// Things that look like IP addresses and are not: a kernel version in `last` output, an enhanced
// mail status code, an SMTP reply, a version string, an OID. A technician who types one into a
// reverse lookup, or pastes the text it came from, is told what it is. Pure, thread-safe.
namespace Lookalike {

enum class Kind {
    KernelVersion, // 2.6.32.54-0.3-default, 5.15.0-91-generic
    KernelVersionCut, // 2.6.32.54-0.3-de: `last` cuts its host column at 16 characters
    EnhancedStatus, // 5.7.1 (RFC 3463)
    SmtpReply, // 550-5.7.26, 550 5.7.1 (RFC 5321 reply code with its enhanced status)
    VersionString, // 15.20.7677.26 (an Exchange build), v1.2.3, 10.0.19045
    Oid, // 1.3.6.1.4.1.311
};

struct Reading
{
    Kind kind = Kind::VersionString;
    QString token; // as found (not made safe: callers render with Text::safeText)
    QString name; // "a Linux kernel version"
    QString explanation; // one or two plain sentences: what it is, why it is no address
    friend bool operator==(const Reading &, const Reading &) = default;
};

// What `token` is when it only looks like an address; nullopt for a real IP address, for text
// that does not look like one at all, and for a plain dotted quad (use contextOf for that).
std::optional<Reading> classify(const QString &token);

// Where a bare dotted quad such as 2.6.32.54 came from, when the text around it shows it is part
// of something else: "the start of the kernel version 2.6.32.54-0.3-default". Empty when the
// line gives no such context. `line` is the line the address was taken from.
QString contextOf(const QString &address, const QString &line);

// A pasted `last` (or `lastb`) listing: which lines carry the host a user logged in from and
// which carry a kernel version (the "reboot ... system boot" lines).
struct LastLine
{
    int line = 0; // 1-based, in the pasted text
    QString user; // "root", "reboot"
    QString host; // the third column: the login host, or the kernel on a reboot line
    bool reboot = false; // host is a kernel version, not a host
    friend bool operator==(const LastLine &, const LastLine &) = default;
};
struct LastListing
{
    QList<LastLine> lines;
    int hostLines() const;
    int kernelLines() const;
    // "`last` output: 3 lines with login hosts (lines 1, 2, 4), 1 with a kernel version ..."
    QString summary() const;
    friend bool operator==(const LastListing &, const LastListing &) = default;
};

// Recognises `last` output (at least one "reboot   system boot" line, or most lines shaped like
// "user tty host Day Mon dd hh:mm"); nullopt otherwise.
std::optional<LastListing> readLast(const QString &text);

} // namespace Lookalike
