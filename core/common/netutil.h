#pragma once

#include <optional>

#include <QHostAddress>
#include <QString>
#include <QStringList>

// Strict parsing of the things people type or paste: IP addresses and domain names. QHostAddress
// alone accepts "127.1" and other inet_aton() shorthands; an SPF workbench must not.
namespace Net {

// Parses a literal IPv4 (exactly four decimal octets, no leading zeros) or IPv6 address
// (RFC 4291 text, optionally with an embedded IPv4 tail). No scope ids, no brackets, no ports.
// Returns nullopt for anything else, including "1.2.3", "01.2.3.4" or "2.6.32.54-0.3".
std::optional<QHostAddress> parseIp(const QString &text);

// True when `address` is an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
bool isV4Mapped(const QHostAddress &address);

// Unwraps IPv4-mapped IPv6 to plain IPv4 (RFC 7208 §5: it MUST be treated as IPv4).
QHostAddress normalized(const QHostAddress &address);

// Text form: dotted quad for IPv4, RFC 5952 compressed lower-case for IPv6.
QString ipToString(const QHostAddress &address);

// Why a domain name is unusable as an SPF <domain> (RFC 7208 §4.3): empty string when it is fine.
// Checks total length (253 without the root dot), label length (1..63), at least two labels, and
// that it contains no characters outside printable ASCII, spaces or brackets.
// `allowSingleLabel`: "localhost" is fine (a sender's domain: check_host() answers "none" for it).
QString domainProblem(const QString &name, bool allowSingleLabel = false);
inline bool isValidDomain(const QString &name)
{
    return domainProblem(name).isEmpty();
}

// Why `name` cannot be sent as a DNS name at all: empty string when it can. Only structure
// counts here (labels 1..63 octets, 253 in all); any octet may appear in a label.
QString dnsNameProblem(const QString &name);

// A typed name as DNS knows it (RFC 7208 §4.3: names are A-labels). A name with any non-ASCII
// character is mapped and encoded by UTS #46 (IDNA 2008, nontransitional), through Qt:
// "Bücher.example" becomes "xn--bcher-kva.example", "例え。テスト" (an ideographic full stop)
// "xn--r8jz45g.xn--zckzah". An ASCII name comes back exactly as typed (case and all: a macro
// may expand it). A name that cannot be encoded comes back unchanged, so that check_host()
// answers "none" for it as a malformed domain and says why.
// `transitional`: IDNA 2003's mapping ("faß" -> "fass"), only to show how older checkers read it.
QString toAce(const QString &name, bool transitional = false);
// The Unicode form of a name holding A-labels ("xn--bcher-kva.example" -> "bücher.example"), for
// display; the name itself when it holds none or does not decode.
QString toUnicode(const QString &name);
// Both forms for a reader: "xn--bcher-kva.example (bücher.example)"; the name alone when the
// forms do not differ. `unicodeFirst`: "bücher.example (xn--bcher-kva.example)", for a place
// that may elide on the right (a tree column), where the name as typed must stay readable.
QString bothForms(const QString &name, bool unicodeFirst = false);
// A note saying that a typed name was evaluated as its A-label form; empty when nothing was
// converted ("bücher.example is evaluated as its A-label form xn--bcher-kva.example").
QString aceNote(const QString &typed);

// Lower-case, no trailing dot: the form names are compared and stored in.
QString canonicalName(const QString &name);
// The domain a domain or e-mail address stands for: what follows its last '@', trimmed.
QString domainOfAddress(const QString &input);

// Reverse-lookup name of an address: "4.3.2.1.in-addr.arpa" or the 32 nibbles + "ip6.arpa".
QString reverseName(const QHostAddress &address);

// Notes for special-use ranges (RFC 6890 and friends): private, loopback, CGNAT, documentation...
// Empty for ordinary global unicast addresses.
QStringList specialRangeNotes(const QHostAddress &address);

// Splits "host[:port]", "[v6]:port" or a bare IPv6 address. Port 0 means "not given".
struct HostPort
{
    QString host;
    quint16 port = 0;
};
std::optional<HostPort> parseHostPort(const QString &text);

} // namespace Net
