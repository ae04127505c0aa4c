#pragma once

#include <QList>
#include <QString>

#include "paste/mime.h"

// The delivery status notification as RFC 3464 defines it: the per-message fields and one group
// of fields per recipient, read wherever they stand (inside message/delivery-status, in a paste
// with no MIME wrapper, in a paste whose first lines are DSN fields, inside a decoded text part),
// and Amazon SES's JSON notifications, which carry the same facts. Pure text work, no DNS: safe
// on any thread, and on hostile input.
namespace Paste {

struct DsnGroup
{
    QString recipient; // Final-Recipient's address
    QString originalRecipient; // Original-Recipient's address
    QString action; // failed, delayed, delivered, relayed, expanded (lower case)
    QString status; // "5.1.1", without its comment
    QString remoteMta; // Remote-MTA's name or address
    QString diagnosticType; // "smtp", "x-unix", "x-postfix", "" when untyped
    QString diagnosticText; // the reply or the system's words, unfolded
    QString lastAttempt; // Last-Attempt-Date
    int line = 0; // the group's first line in the paste (1-based)
    int statusLine = 0;
    int diagnosticLine = 0;
    int actionLine = 0;
    int originalLine = 0;
    int recipientLine = 0;
    friend bool operator==(const DsnGroup &, const DsnGroup &) = default;
};

struct DsnReport
{
    QString reportingMta;
    QString sender; // X-Postfix-Sender, X-SendGrid-Sender, ... (the envelope sender)
    int senderLine = 0;
    QString notification; // Amazon SES: "Bounce", "Delivery", "Complaint"; "" for a DSN
    int notificationLine = 0;
    QList<DsnGroup> groups;
};

// RFC 3463 §2: class.subject.detail, the class 2, 4 or 5. Empty when `text` does not start with
// one ("5.0.0 (permanent failure)" gives "5.0.0").
QString statusCode(const QString &text);

// Every recipient group the sections hold, in paste order, without repeats.
DsnReport readDsn(const QList<Section> &sections);

// The group actions that are not failures (RFC 3464 §2.3.3): delivered, relayed, expanded.
bool isSuccessAction(const QString &action);

} // namespace Paste
