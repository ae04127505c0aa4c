#pragma once

#include <QString>
#include <QStringList>

// Why a receiver refused a message, read from its SMTP reply: the reason catalogue
// (resources/bounce-reasons.json, compiled in) maps RFC 3463/7372 enhanced status codes and the
// providers' wording to a small set of reasons, each with plain words. Data, not code: a new
// provider phrase is a line in the catalogue.
namespace Paste {

struct Reason
{
    QString id; // one of reasonIds(): spf-fail, dmarc-reject, mailbox-unknown, delayed, ...
    QString title;
    QString plain;
    QString fix; // what the sender's admin can do
};

struct Classification
{
    QString reason = QStringLiteral("other");
    QString meaning; // what the reply means, in plain words ("" when nothing is known)
    QString provider; // whose wording matched, when the rule names one
};

// The catalogue's reading of one reply: its enhanced status code ("5.7.23", may be empty) and text.
Classification classifyReply(const QString &enhanced, const QString &text);
// Every reason id of the vocabulary, alphabetical, "other" last.
QStringList reasonIds();
// The catalogue's entry for a reason id ("other" for an unknown id).
Reason reasonInfo(const QString &id);
// The meaning of an enhanced status code alone; the class/subject reading (RFC 3463 §3) when the
// catalogue has no entry.
QString enhancedMeaning(const QString &enhanced);
// SPF's own reasons (spf-fail, spf-permerror, spf-temperror).
bool isSpfReason(const QString &id);
// Reasons about authentication: SPF's, DKIM, DMARC, unauthenticated.
bool isAuthenticationReason(const QString &id);
// One name for the domains a provider runs its mail under (outlook.com and office365.com are
// one receiver): the catalogue's "organizations"; the domain itself otherwise.
QString organizationFamily(const QString &registrableDomain);
// Empty when the compiled-in catalogue loaded; else why not (a build problem, tested).
QString catalogueError();

} // namespace Paste
