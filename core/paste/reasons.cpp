#include "paste/reasons.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

#include "common/resources.h"

namespace Paste {

namespace {

struct Rule
{
    QStringList codes;
    QRegularExpression pattern;
    QString reason;
    QString meaning;
    QString provider;
};

struct Enhanced
{
    QString meaning;
    QString reason;
};

struct Catalogue
{
    QHash<QString, Reason> reasons;
    QStringList ids; // in the catalogue's order
    QList<Rule> rules;
    QHash<QString, Enhanced> enhanced;
    QHash<QString, QString> families; // domain -> the first domain of its family
    QString error;
};

Catalogue load()
{
    Catalogue c;
    const auto read = Resources::readCatalogue(
        QStringLiteral(":/sleuth/bounce-reasons.json"), QStringLiteral("the reason catalogue"));
    if (!read) {
        c.error = read.error();
        return c;
    }
    const QJsonObject &root = *read;
    const QJsonObject reasons = root.value(QLatin1String("reasons")).toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        c.reasons.insert(it.key(),
            Reason {it.key(), o.value(QLatin1String("title")).toString(),
                o.value(QLatin1String("plain")).toString(),
                o.value(QLatin1String("fix")).toString()});
        if (o.value(QLatin1String("plain")).toString().isEmpty()
            || o.value(QLatin1String("fix")).toString().isEmpty())
            c.error = QStringLiteral("the reason catalogue's %1 lacks plain words or a fix")
                          .arg(it.key());
        if (it.key() != QLatin1String("other"))
            c.ids << it.key();
    }
    c.ids << QStringLiteral("other");
    for (const QJsonValue &v : root.value(QLatin1String("rules")).toArray()) {
        const QJsonObject o = v.toObject();
        Rule r;
        for (const QJsonValue &code : o.value(QLatin1String("codes")).toArray())
            r.codes << code.toString();
        r.pattern = QRegularExpression(o.value(QLatin1String("pattern")).toString(),
            QRegularExpression::CaseInsensitiveOption);
        r.reason = o.value(QLatin1String("reason")).toString();
        r.meaning = o.value(QLatin1String("meaning")).toString();
        r.provider = o.value(QLatin1String("provider")).toString();
        if (!r.pattern.isValid() || !c.reasons.contains(r.reason)) {
            c.error = QStringLiteral("the reason catalogue has a bad rule: %1")
                          .arg(o.value(QLatin1String("pattern")).toString().left(80));
            continue;
        }
        r.pattern.optimize();
        c.rules << r;
    }
    const QJsonObject enhanced = root.value(QLatin1String("enhanced")).toObject();
    for (auto it = enhanced.begin(); it != enhanced.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QString reason = o.value(QLatin1String("reason")).toString();
        if (!reason.isEmpty() && !c.reasons.contains(reason))
            c.error
                = QStringLiteral("the reason catalogue names an unknown reason: %1").arg(reason);
        c.enhanced.insert(
            it.key(), Enhanced {o.value(QLatin1String("meaning")).toString(), reason});
    }
    for (const QJsonValue &family : root.value(QLatin1String("organizations")).toArray()) {
        const QJsonArray names = family.toArray();
        for (const QJsonValue &name : names)
            c.families.insert(name.toString(), names.first().toString());
    }
    if (!c.reasons.contains(QStringLiteral("other")))
        c.error = QStringLiteral("the reason catalogue has no 'other' reason");
    return c;
}

const Catalogue &catalogue()
{
    static const Catalogue c = load();
    return c;
}

} // namespace

QString enhancedMeaning(const QString &e)
{
    const Catalogue &c = catalogue();
    if (const auto it = c.enhanced.constFind(e); it != c.enhanced.cend())
        return it->meaning;
    static const QHash<QChar, QString> subjects {{QLatin1Char('1'), QStringLiteral("address")},
        {QLatin1Char('2'), QStringLiteral("mailbox")},
        {QLatin1Char('3'), QStringLiteral("mail system")},
        {QLatin1Char('4'), QStringLiteral("network or routing")},
        {QLatin1Char('5'), QStringLiteral("mail delivery protocol")},
        {QLatin1Char('6'), QStringLiteral("message content")},
        {QLatin1Char('7'), QStringLiteral("security or policy")}};
    const QString subject = e.section(QLatin1Char('.'), 1, 1);
    if (subject.isEmpty())
        return {};
    const QString name = subjects.value(subject.front());
    return name.isEmpty() ? QString() : QStringLiteral("%1 problem").arg(name);
}

Classification classifyReply(const QString &enhanced, const QString &text)
{
    const Catalogue &c = catalogue();
    Classification out;
    for (const Rule &r : c.rules) {
        if (!r.codes.isEmpty() && !r.codes.contains(enhanced))
            continue;
        if (!r.pattern.match(text).hasMatch())
            continue;
        out.reason = r.reason;
        out.meaning = r.meaning;
        out.provider = r.provider;
        return out;
    }
    if (const auto it = c.enhanced.constFind(enhanced);
        it != c.enhanced.cend() && !it->reason.isEmpty())
        out.reason = it->reason;
    return out;
}

QStringList reasonIds()
{
    return catalogue().ids;
}

Reason reasonInfo(const QString &id)
{
    const Catalogue &c = catalogue();
    return c.reasons.value(id,
        c.reasons.value(QStringLiteral("other"), Reason {QStringLiteral("other"), id, QString()}));
}

bool isSpfReason(const QString &id)
{
    return id.startsWith(QLatin1String("spf-"));
}

bool isAuthenticationReason(const QString &id)
{
    return isSpfReason(id) || id == QLatin1String("dmarc-reject")
        || id == QLatin1String("dkim-fail") || id == QLatin1String("unauthenticated");
}

QString organizationFamily(const QString &registrableDomain)
{
    return catalogue().families.value(registrableDomain, registrableDomain);
}

QString catalogueError()
{
    return catalogue().error;
}

} // namespace Paste
