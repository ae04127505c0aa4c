#include "dkim/dkim.h"

#include <memory>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <QDateTime>
#include <QHash>

#include "common/netutil.h"
#include "common/taglist.h"

namespace Dkim {

namespace {

// The key's size from its DER SubjectPublicKeyInfo (or a bare PKCS#1 RSAPublicKey, which some
// publish); 0 when it is not a key OpenSSL can read.
int keyBits(const QByteArray &der, const QString &type, QString *error)
{
    if (type == QLatin1String("ed25519")) {
        if (der.size() != 32)
            *error = QStringLiteral("an Ed25519 key is 32 bytes; this one is %1").arg(der.size());
        return der.size() == 32 ? 256 : 0;
    }
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        d2i_PUBKEY(nullptr, &p, long(der.size())), &EVP_PKEY_free);
    if (key)
        return EVP_PKEY_get_bits(key.get());
    p = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> bare(
        d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, long(der.size())), &EVP_PKEY_free);
    if (bare)
        return EVP_PKEY_get_bits(bare.get());
    *error = QStringLiteral("p= is not an RSA public key (DER SubjectPublicKeyInfo)");
    return 0;
}

} // namespace

QString statusName(KeyCheck::Status status)
{
    switch (status) {
    case KeyCheck::Status::Found:
        return QStringLiteral("found");
    case KeyCheck::Status::Missing:
        return QStringLiteral("missing");
    case KeyCheck::Status::TempError:
        return QStringLiteral("temperror");
    case KeyCheck::Status::Revoked:
        return QStringLiteral("revoked");
    case KeyCheck::Status::Invalid:
        return QStringLiteral("invalid");
    }
    return {};
}

KeyCheck lintKey(const QString &record)
{
    KeyCheck k;
    k.record = record;
    QHash<QString, QString> tags;
    QStringList order;
    for (const TagList::Item &item : TagList::read(record)) {
        if (item.text.isEmpty())
            continue;
        if (item.name.isEmpty()) {
            k.problems << Problem {QStringLiteral("error"), QStringLiteral("bad-tag"),
                QStringLiteral("'%1' is not tag=value").arg(item.text.left(40))};
            continue;
        }
        const QString &name = item.name;
        const QString value = TagList::unfolded(item.value);
        if (tags.contains(name))
            k.problems << Problem {QStringLiteral("error"), QStringLiteral("duplicate-tag"),
                QStringLiteral("%1= appears twice: the record is invalid (RFC 6376 §3.2)")
                    .arg(name)};
        tags.insert(name, value);
        order << name;
    }
    if (tags.contains(QStringLiteral("v"))
        && (order.value(0) != QLatin1String("v")
            || tags.value(QStringLiteral("v")) != QLatin1String("DKIM1")))
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("bad-version"),
            QStringLiteral("v= must be first and exactly DKIM1")};
    k.keyType = tags.value(QStringLiteral("k"), QStringLiteral("rsa")).toLower();
    if (k.keyType != QLatin1String("rsa") && k.keyType != QLatin1String("ed25519"))
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("unknown-key-type"),
            QStringLiteral("k=%1 is not a key type verifiers know (rsa, ed25519)")
                .arg(k.keyType.left(20))};
    const QStringList flags = tags.value(QStringLiteral("t")).split(QLatin1Char(':'));
    k.testing = flags.contains(QStringLiteral("y"));
    if (k.testing)
        k.problems << Problem {QStringLiteral("warning"), QStringLiteral("testing"),
            QStringLiteral("t=y: the domain is testing DKIM; verifiers may treat its signatures "
                           "as unsigned (RFC 6376 §3.6.1)")};
    if (tags.contains(QStringLiteral("h"))
        && !tags.value(QStringLiteral("h"))
                .split(QLatin1Char(':'))
                .contains(QStringLiteral("sha256")))
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("sha1-only"),
            QStringLiteral("h= allows only %1: SHA-1 signatures are no longer accepted (RFC 8301)")
                .arg(tags.value(QStringLiteral("h")).left(30))};
    if (!tags.contains(QStringLiteral("p"))) {
        k.status = KeyCheck::Status::Invalid;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("missing-p"),
            QStringLiteral("no p= tag: there is no key to verify with")};
        return k;
    }
    const QString p = tags.value(QStringLiteral("p"));
    if (p.isEmpty()) {
        k.status = KeyCheck::Status::Revoked;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("revoked"),
            QStringLiteral("p= is empty: the key is revoked, every signature with this selector "
                           "fails")};
        return k;
    }
    const auto decoded
        = QByteArray::fromBase64Encoding(p.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        k.status = KeyCheck::Status::Invalid;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("bad-base64"),
            QStringLiteral("p= is not valid base64: the key cannot be read")};
        return k;
    }
    QString error;
    k.bits = keyBits(*decoded, k.keyType, &error);
    if (k.bits == 0) {
        k.status = KeyCheck::Status::Invalid;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("bad-key"), error};
        return k;
    }
    k.status = KeyCheck::Status::Found;
    if (k.keyType == QLatin1String("rsa") && k.bits < 1024)
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("weak-key"),
            QStringLiteral("a %1-bit RSA key: verifiers must not accept keys under 1024 bits "
                           "(RFC 8301)")
                .arg(k.bits)};
    else if (k.keyType == QLatin1String("rsa") && k.bits < 2048)
        k.problems << Problem {QStringLiteral("warning"), QStringLiteral("short-key"),
            QStringLiteral("a %1-bit RSA key: accepted, but 2048 bits is recommended (RFC 8301)")
                .arg(k.bits)};
    return k;
}

KeyCheck lookupKey(Dns::Resolver &resolver, const QString &domain, const QString &selector)
{
    const QString name = selector + QStringLiteral("._domainkey.") + Net::canonicalName(domain);
    const Dns::Question q {name, Dns::Type::TXT};
    const Dns::Answer a = resolver.resolve(q);
    KeyCheck k;
    const auto finish = [&](KeyCheck &&out) {
        out.domain = domain;
        out.selector = selector;
        out.name = name;
        out.evidence << Dns::Exchange {q, a, QDateTime::currentDateTimeUtc()};
        return out;
    };
    if (!a || !a->isSuccess()) {
        k.status = KeyCheck::Status::TempError;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("temperror"),
            QStringLiteral("could not read %1: %2")
                .arg(name, a ? Dns::rcodeName(a->rcode) : a.error().message)};
        return finish(std::move(k));
    }
    QStringList records;
    for (const Dns::Record &r : a->recordsOfType(Dns::Type::TXT))
        records << QString::fromLatin1(r.joinedText());
    if (records.isEmpty()) {
        k.status = KeyCheck::Status::Missing;
        k.problems << Problem {QStringLiteral("error"), QStringLiteral("missing-key"),
            QStringLiteral("%1 does not exist%2: signatures with selector %3 cannot verify")
                .arg(name,
                    a->rcode == Dns::Rcode::NxDomain ? QStringLiteral(" (NXDOMAIN)")
                                                     : QStringLiteral(" (no TXT record)"),
                    selector)};
        return finish(std::move(k));
    }
    k = lintKey(records.front());
    if (records.size() > 1)
        k.problems << Problem {QStringLiteral("warning"), QStringLiteral("several-records"),
            QStringLiteral("%1 has %2 TXT records: verifiers may pick either")
                .arg(name)
                .arg(records.size())};
    return finish(std::move(k));
}

} // namespace Dkim
