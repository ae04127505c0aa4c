#pragma once

#include <QList>
#include <QString>

#include "dns/resolver.h"

// DKIM public keys (RFC 6376 §3.6.1): the record at <selector>._domainkey.<domain>, fetched and
// linted (missing, revoked, key type and size, testing mode). The signature itself is not
// verified: that needs the message exactly as sent, which a bounce seldom carries.
namespace Dkim {

struct Problem
{
    QString severity; // error, warning, note
    QString code; // missing-key, revoked, weak-key, testing, ...
    QString message;
};

struct KeyCheck
{
    enum class Status {
        Found, // a usable key
        Missing, // NXDOMAIN or no DKIM record at the name
        TempError, // DNS failure: could not read, never taken as missing
        Revoked, // p= empty (RFC 6376 §3.6.1)
        Invalid, // a record that is not a usable key
    };
    Status status = Status::Missing;
    QString domain;
    QString selector;
    QString name; // selector._domainkey.domain
    QString record;
    QString keyType = QStringLiteral("rsa"); // k=
    int bits = 0; // RSA modulus size; 256 for ed25519
    bool testing = false; // t=y
    QList<Problem> problems;
    QList<Dns::Exchange> evidence;
};

// Reads one key record's text (the TXT strings joined).
KeyCheck lintKey(const QString &record);
// Fetches and lints selector._domainkey.domain (blocking).
KeyCheck lookupKey(Dns::Resolver &resolver, const QString &domain, const QString &selector);

QString statusName(KeyCheck::Status status);

} // namespace Dkim
