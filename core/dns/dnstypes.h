#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QHashFunctions>
#include <QList>
#include <QString>

#include "common/expected.h"

// Plain value types for DNS questions and answers. Safe to copy between threads.
namespace Dns {

namespace Type {
constexpr quint16 A = 1;
constexpr quint16 NS = 2;
constexpr quint16 CNAME = 5;
constexpr quint16 SOA = 6;
constexpr quint16 PTR = 12;
constexpr quint16 MX = 15;
constexpr quint16 TXT = 16;
constexpr quint16 AAAA = 28;
constexpr quint16 SPF = 99;
constexpr quint16 ANY = 255;
} // namespace Type

namespace Rcode {
constexpr int NoError = 0;
constexpr int FormErr = 1;
constexpr int ServFail = 2;
constexpr int NxDomain = 3;
constexpr int NotImp = 4;
constexpr int Refused = 5;
} // namespace Rcode

// "A", "TXT", ..., or "TYPE65280" for types without a mnemonic.
QString typeName(quint16 type);
// Accepts mnemonics (any case) and "TYPEnnn". nullopt for unknown names.
std::optional<quint16> typeFromName(const QString &name);
// "NOERROR", "NXDOMAIN", ..., or "RCODE11".
QString rcodeName(int rcode);
std::optional<int> rcodeFromName(const QString &name);

struct Question
{
    QString name; // as asked; compared case-insensitively by resolvers
    quint16 type = Type::A;
    friend bool operator==(const Question &, const Question &) = default;
};

// A question as a hash key: the canonical (lower-case, no trailing dot) name and the type, so
// that caches and answer tables find "Example.COM." and "example.com" alike.
struct QuestionKey
{
    QString name; // canonical: build it with keyOf(), or from a name already canonical
    quint16 type = 0;
    friend bool operator==(const QuestionKey &, const QuestionKey &) = default;
    friend size_t qHash(const QuestionKey &k, size_t seed = 0)
    {
        return qHashMulti(seed, k.name, k.type);
    }
};
QuestionKey keyOf(const Question &question);

struct Record
{
    QString name; // owner name, no trailing dot
    quint16 type = 0;
    quint32 ttl = 0;
    QString data; // presentation form of the RDATA, as dig prints it
    QList<QByteArray> strings; // TXT/SPF: the character-strings, raw octets, in order
    quint16 preference = 0; // MX
    QString target; // A/AAAA: address text; MX exchange, PTR/CNAME/NS target (no trailing dot)

    // RFC 7208 §3.3: the character-strings of one TXT RR concatenated without separators.
    QByteArray joinedText() const;
    friend bool operator==(const Record &, const Record &) = default;

    static Record makeA(const QString &name, const QString &address, quint32 ttl = 3600);
    static Record makeTxt(const QString &name, const QList<QByteArray> &strings, quint32 ttl = 3600,
        quint16 type = Type::TXT);
    static Record makeMx(
        const QString &name, quint16 preference, const QString &exchange, quint32 ttl = 3600);
    static Record makeName(const QString &name, quint16 type, const QString &target,
        quint32 ttl = 3600); // PTR, CNAME, NS
    static Record makeGeneric(
        const QString &name, quint16 type, const QString &data, quint32 ttl = 3600);
};

// One try on the wire, for explaining what happened (why a temperror): which server, over which
// transport, what came back, how big it was, with or without EDNS.
struct WireStep
{
    enum class Outcome { Answer, Timeout, Refused, Closed, Unusable, Error, Cancelled };
    QString server; // "192.0.2.53:53"
    int attempt = 1; // 1-based try
    bool tcp = false;
    Outcome outcome = Outcome::Answer;
    int rcode = -1; // of the reply, -1 when none arrived
    int size = 0; // octets of the reply, 0 when none arrived
    bool truncated = false; // TC set on the reply
    int ednsOffered = 0; // the UDP size we offered (0: the query had no EDNS)
    bool ednsAnswered = false; // the reply carried an OPT record
    qint64 elapsedUs = 0;
    QString detail;
    friend bool operator==(const WireStep &, const WireStep &) = default;
};
QString outcomeName(WireStep::Outcome outcome); // "answer", "timeout", "refused", ...
// "UDP 192.0.2.53:53 try 1: answer NOERROR, 1,523 octets, TC, EDNS 1232 offered and answered"
QString describe(const WireStep &step);

// An answer that arrived: any RCODE, SERVFAIL and REFUSED included.
struct Response
{
    Question question;
    int rcode = Rcode::NoError;
    QList<Record> answers; // the answer section, CNAMEs included
    QList<Record> authority;
    QString server; // "127.0.0.1:53", "zone file", "snapshot"...
    qint64 elapsedUs = 0;
    bool tcp = false;
    bool zoneFile = false; // answered by a zone file read here, not over the network
    bool truncated = false; // TC was set on the (last) UDP reply
    bool authoritative = false;
    QDateTime when; // UTC time the question was sent
    QList<WireStep> wire; // every try that led here (network resolvers only)

    // Records of the asked type (the resolver already followed CNAMEs).
    QList<Record> recordsOfType(quint16 type) const;
    // RFC 7208 §4.6.4: NXDOMAIN, or NOERROR with no record of the asked type.
    bool isVoid() const;
    bool isSuccess() const { return rcode == Rcode::NoError || rcode == Rcode::NxDomain; }
    // NOERROR whose CNAME chain from the name asked comes back to a name it passed, with no record
    // of the asked type: what an authoritative server serves for a CNAME loop (a recursive
    // resolver turns it into SERVFAIL).
    bool isCnameLoop() const;
    // How it came: "zone file", "TCP" or "UDP".
    QString transportName() const;
    friend bool operator==(const Response &, const Response &) = default;
};

enum class ErrorKind {
    Timeout, // no answer within the time allowed
    Network, // could not send or connect
    Malformed, // an answer came but could not be used (garbage, wrong id, wrong question)
    NotCaptured, // offline: the question was never captured in the snapshot
    Cancelled,
    Invalid, // the question itself is unusable (bad name)
};
QString errorKindName(ErrorKind kind);

// "Could not get an answer". NXDOMAIN/NODATA/SERVFAIL are Responses, not Errors.
struct Error
{
    ErrorKind kind = ErrorKind::Timeout;
    QString message;
    QString server;
    qint64 elapsedUs = 0;
    QList<WireStep> wire; // every try that failed (network resolvers only)
    friend bool operator==(const Error &, const Error &) = default;
};

using Answer = Sleuth::Expected<Response, Error>;

// One question with what came back: the unit of DNS evidence.
struct Exchange
{
    Question question;
    Answer answer;
    QDateTime when;
    // Answered from a shared cache (kept, prefetched, or fetched by an identical question in
    // flight): this question did not go to the network itself.
    bool shared = false;
    friend bool operator==(const Exchange &, const Exchange &) = default;
};

// One line a dig-like printer would show for a record: "name. TTL IN TYPE data".
QString recordLine(const Record &record);

} // namespace Dns
