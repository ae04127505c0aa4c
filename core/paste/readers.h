#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include "paste/dsn.h"
#include "paste/mime.h"
#include "paste/pasteanalyzer.h"

// The stages of Paste::analyze, each a small reader that can be run and tested alone. In order:
// MIME sections -> DSN groups (readStructure), the servers the bounce names (readServers), the
// message's own fields: hops, verdicts, signatures (readMessageFields), replies (readReplies,
// completeFromGroups), candidates: the connecting IP (readIpCandidates), the envelope sender
// (readSenders), the HELO (readHelo), and the verdict (decide, readForwarding, readLookalikes,
// noteDisagreements). Each fills its part of the Analysis.
namespace Paste::Readers {

// One header or DSN field, unfolded, with the paste line it starts on.
struct Field
{
    QString name; // as written
    QString value; // unfolded
    int line = 0;
    Section::Origin origin = Section::Origin::Paste;
    Source source() const;
};

// The paste as read: its lines, its MIME sections, its DSN and every field.
struct Structure
{
    QStringList lines;
    MimeView view;
    DsnReport dsn;
    QList<Field> all;
};

// What the bounce says about the servers: the receiver's (never the sending IP) and the one that
// reported the failure.
struct Servers
{
    QSet<QString> remoteIps;
    QString reportingMta;
    Source reportingSource;
    QString remoteOrg; // the organization of Analysis::remoteMta
};

// Line ends made LF, capped; MIME sections; the DSN groups; every field; the parts, whether it is
// a bounce and its format.
Structure readStructure(Analysis &a, const QString &input);
QList<Field> fields(const Section &section);
QString formatOf(const QString &text, const MimeView &view, bool anyField);
// Remote-MTA, Reporting-MTA and the servers the bounce's text names; fills Analysis::remoteMta.
Servers readServers(Analysis &a, const QList<Field> &all, const QStringList &lines);
// The message's fields (not the bounce's own): hops, SPF verdicts, Authentication-Results, ARC,
// DKIM signatures. Returns them (pointers into `all`).
QList<const Field *> readMessageFields(Analysis &a, const QList<Field> &all);
// SMTP replies in the text and the delivery status; then the DSN groups complete them.
void readReplies(Analysis &a, const MimeView &view);
void completeFromGroups(Analysis &a);
// The refusal's own "(Spf= Fail, Dkim= None, DMARC= Fail)" (Microsoft 5.7.515).
void readReceiverVerdicts(Analysis &a, const QStringList &lines);
// Every reading of the connecting IP, best first; the hop the receiver wrote for the connection
// (a pointer into a.hops, or null).
const Hop *readIpCandidates(Analysis &a, const Structure &s, const Servers &servers,
    const QList<const Field *> &messageFields);
void readSenders(Analysis &a, const QList<const Field *> &messageFields, const QList<Field> &all,
    const MimeView &view);
void readHelo(Analysis &a, const Hop *connecting, const Servers &servers);
// The reason, the failure, the refusal's codes.
void decide(Analysis &a, const MimeView &view, const DsnReport &dsn);
void readForwarding(Analysis &a, const QList<const Field *> &messageFields, const Servers &servers);
void readLookalikes(Analysis &a, const QStringList &lines);
void noteDisagreements(Analysis &a);

} // namespace Paste::Readers
