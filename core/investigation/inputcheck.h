#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include "common/expected.h"

// The one validation of what a user types: the CLI, the window and the bulk list accept and
// refuse exactly the same inputs, with the same words. Messages echo the input elided, so a
// 5,000-character paste cannot blow up a layout. Pure and thread-safe.
namespace InputCheck {

// An SPF question as check_host() is asked it (RFC 7208 §4.1), ready for Spf::Evaluator.
struct Question
{
    QHostAddress ip;
    QString sender; // trimmed; "<user@example.com>" loses its angle brackets, "<>" stays null
    QString helo; // trimmed
    // What the reader should know about how the input was read: a Unicode domain evaluated as
    // its A-label form, angle brackets removed. Never a refusal.
    QStringList notes;
};

// The check every door asks through (check, check --batch, the workbench). It refuses only what
// cannot be asked at all: no IP, text that is not an IP, or neither a sender nor a HELO name.
// Everything RFC 7208 gives a result for is accepted as typed: a 64-character label, an empty
// label, a domain literal ("foo@[1.2.3.5]"), a HELO with spaces or quotes ("JUMPIN' JUPITER").
// check_host() answers for those (mostly "none", §4.3) and its reason says why. The evaluator
// itself turns a Unicode domain into its A-label (Spf::identityOf); `notes` says so.
Sleuth::Expected<Question, QString> checkQuestion(
    const QString &ip, const QString &sender, const QString &helo);

// An IPv4 or IPv6 address, strictly: things that only look like one ("1.2.3", "01.2.3.4") are not,
// and for those the message says what an IPv4 address is.
QString ipProblem(const QString &ip);

// Text a reader may take for an address: it starts with dotted decimals ("1.2.3",
// "2.6.32.54-0.3-default"), or is digits, dots and colons ("01.2.3.4", "2001:db8::g").
bool looksLikeIp(const QString &text);

// An address as MAIL FROM:<...> or a mail client shows it: "<user@example.com>" without its angle
// brackets, trimmed. "<>" (the null sender) stays as it is.
QString withoutAngles(const QString &text);

// A domain typed where a domain is asked for (tree, dmarc, dig, a bulk list, the workbench): the
// domain of an e-mail address, or the name itself, trimmed and in DNS's form (a Unicode name
// becomes its A-label, Net::toAce).
QString typedDomain(const QString &text);

// A line of a domain list: a domain, or an e-mail address whose domain is audited. Empty when
// its domain (typedDomain) can be audited.
QString listEntryProblem(const QString &entry);

// A problem above as a sentence of its own, for a field's inline error: "Xyz … ." Empty stays
// empty.
QString sentence(const QString &problem);

} // namespace InputCheck
