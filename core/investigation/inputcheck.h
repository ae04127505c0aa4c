#pragma once

#include <QString>

// The one validation of what a user types: the CLI, the window and the bulk list accept and
// refuse exactly the same inputs, with the same words. Each returns why the input cannot be used,
// or an empty string. Messages echo the input elided, so a 5,000-character paste cannot blow up a
// layout. Pure and thread-safe.
namespace InputCheck {

// An envelope sender (MAIL FROM): "local@domain" or a bare domain. The local part may be quoted
// ("a@b"@example.com); unquoted it holds no '@'. SPF reads only the domain and, for %{l}, the
// local part as given, so a space there is accepted. No control characters anywhere. The domain
// must be a well-formed name; a single label is accepted (check_host() answers "none" for it,
// RFC 7208 §4.3).
QString senderProblem(const QString &sender);

// A HELO/EHLO name: printable ASCII without spaces, at most 255 characters (a domain or an
// address literal such as [192.0.2.1]). Empty is fine (it is optional).
QString heloProblem(const QString &helo);

// An IPv4 or IPv6 address, strictly: things that only look like one ("1.2.3", "01.2.3.4") are not,
// and for those the message says what an IPv4 address is.
QString ipProblem(const QString &ip);

// Text a reader may take for an address: it starts with dotted decimals ("1.2.3",
// "2.6.32.54-0.3-default"), or is digits, dots and colons ("01.2.3.4", "2001:db8::g").
bool looksLikeIp(const QString &text);

// A line of a domain list: a domain, or an e-mail address whose domain is audited.
QString listEntryProblem(const QString &entry);

// A problem above as a sentence of its own, for a field's inline error: "Xyz … ." Empty stays
// empty.
QString sentence(const QString &problem);

} // namespace InputCheck
