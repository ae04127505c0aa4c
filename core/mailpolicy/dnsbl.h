#pragma once

#include <functional>
#include <optional>

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "common/work.h"
#include "dns/resolver.h"

// DNS block lists (RFC 5782): is an IP address listed, and what does each answer mean. The lists
// and their return codes are data (resources/dnsbl.json, compiled in). A naive check reads any
// answer as "listed"; this one reads Spamhaus's "query refused" codes (127.255.255.0/24: a public
// resolver, too many queries, a mistyped zone) and any answer outside 127.0.0.0/8 as "cannot tell
// from this resolver", and a timeout or SERVFAIL as unknown, never as "not listed".
namespace Dnsbl {

enum class Status { Listed, NotListed, Refused, Unknown };
// "listed", "not-listed", "refused", "unknown" (the CLI's JSON contract).
QString statusName(Status status);
// In words for people: "listed", "not listed", "refused: cannot tell", "unknown" (the
// meaning says why: no answer, not asked).
QString statusWords(Status status);

struct CodeMeaning
{
    Status kind = Status::Listed; // Listed or Refused
    QString meaning;
};

// One block list as the catalogue describes it.
struct List
{
    QString zone; // "zen.spamhaus.org", canonical
    QString keyedZones; // "zen.dq.spamhaus.net": KEY.zen.dq.spamhaus.net reads like this list
    QString name; // "Spamhaus ZEN"; the zone for a list the catalogue does not know
    QString website;
    QStringList families; // "ipv4", "ipv6"; both for a list the catalogue does not know
    QHash<QString, CodeMeaning> codes; // "127.0.0.2" -> its meaning
    QList<QPair<QString, QString>> refusedRanges; // CIDR, meaning
    Status other = Status::Listed; // how an undocumented 127.0.0.0/8 answer reads
    QString unverified; // what the catalogue could not confirm, "" when all was
    bool known = false; // in the catalogue
    bool lists(const QHostAddress &ip) const; // the list holds addresses of this family
};

// The catalogue's default lists, in its order.
QList<List> defaultLists();
// The catalogue's entry for `zone` (or for the keyed zone it is under), or a plain entry: any
// 127.0.0.0/8 answer is a listing but those in the catalogue's "allLists" refused ranges.
List listFor(const QString &zone);
// Why `zone` is no usable block list zone ("" when it is): a DNS name with at least two labels.
QString zoneProblem(const QString &zone);
// Empty when the compiled-in catalogue loaded; else why not.
QString catalogueError();

// RFC 5782 §2.1 / §2.4: the reversed octets (IPv4) or nibbles (IPv6) of `ip`, then `zone`.
QString queryName(const QHostAddress &ip, const QString &zone);

struct CodeReading
{
    QString code; // the A answer, "127.0.0.2"
    Status kind = Status::Listed; // Listed or Refused
    QString meaning;
};

struct ListResult
{
    List list;
    QString query; // the name asked
    Status status = Status::Unknown;
    QList<CodeReading> codes; // every A answer, read
    QString meaning; // in plain words: the codes' meanings, or why nothing is known
    QStringList txt; // the list's own reason text (TXT at the same name), raw: escape to show
};

struct Check
{
    QString ip; // normalized text
    QList<ListResult> lists; // in the order asked
    QStringList skipped; // "zone: why" for lists not asked (another address family)
    QList<Dns::Exchange> exchanges; // every query, in list order
    bool anyListed() const;
    bool anyUndecided() const; // a list refused or unknown
};

// The whole check in plain sentences: how many lists list the address, and what the lists
// that could not tell mean ("refused" and "unknown" are not "not listed").
QString verdict(const Check &check);

// Called as lists finish (from worker threads; serialized): done of total.
using Progress = std::function<void(int done, int total)>;

// Blocking; asks the lists in parallel (Work::forEachIndex) through `resolver`, which must be
// safe to call from several threads (every resolver here is). Lists not asked before `cancel`
// is requested come back Unknown ("cancelled"). Lists of another address family are skipped.
Check check(Dns::Resolver &resolver, const QHostAddress &ip, const QList<List> &lists,
    const Work::Cancel &cancel = {}, const Progress &progress = {});

// The lists a refusal names: zones after "blocked using", "listed in/at/on/by", "found in/on",
// and catalogue zones named anywhere. Canonical, in order of appearance, without repeats.
QStringList zonesNamedIn(const QString &text);

// A bounce refused for a block list: which lists its replies name, and what they say now.
struct BounceFinding
{
    QStringList zones; // named by the refusal; empty: no list named (the rest is unset)
    int line = 0; // the paste line naming the first of them
    std::optional<Check> check; // when DNS was asked and the paste names the IP
    QString skipped; // why no check was made
    QString conclusion; // one sentence
};

// A reply that refused the message for a block list, and the paste line it came from.
struct Refusal
{
    QString text;
    int line = 0;
};

// Blocking. `resolver` null: no DNS. `ip`: the connecting IP the paste names ("" when none).
BounceFinding checkRefusals(
    const QList<Refusal> &refusals, const QString &ip, Dns::Resolver *resolver);

// "zen.spamhaus.org: listed now (127.0.0.2), bl.spamcop.net: not listed now", or the lists named
// and why they were not checked.
QString summary(const BounceFinding &finding);

// One list's result in the CLI contract: {zone, name, status, codes[], meaning, query, txt}.
QJsonObject toJson(const ListResult &result);
// {ip, lists[], skipped[], listed, undecided}.
QJsonObject toJson(const Check &check);
QJsonObject toJson(const BounceFinding &finding);

} // namespace Dnsbl
