#include "mailpolicy/selectors.h"

#include <vector>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include "common/resources.h"

namespace MailPolicy {

namespace {

struct Catalogue
{
    QList<CommonSelector> selectors;
    QStringList unguessable;
    QString error;
};

Catalogue load()
{
    Catalogue c;
    const auto read = Resources::readCatalogue(QStringLiteral(":/sleuth/dkim-selectors.json"),
        QStringLiteral("the DKIM selector catalogue"));
    if (!read) {
        c.error = read.error();
        return c;
    }
    const QJsonObject &root = *read;
    for (const QJsonValue &v : root.value(QLatin1String("selectors")).toArray()) {
        const QJsonObject o = v.toObject();
        const CommonSelector s {o.value(QLatin1String("selector")).toString().toLower(),
            o.value(QLatin1String("provider")).toString(),
            o.value(QLatin1String("source")).toString()};
        if (s.selector.isEmpty() || s.provider.isEmpty() || s.source.isEmpty())
            c.error
                = QStringLiteral("a DKIM selector entry lacks its selector, provider or source");
        c.selectors << s;
    }
    for (const QJsonValue &v : root.value(QLatin1String("unguessable")).toArray()) {
        const QJsonObject o = v.toObject();
        c.unguessable << QStringLiteral("%1: %2").arg(o.value(QLatin1String("provider")).toString(),
            o.value(QLatin1String("note")).toString());
    }
    if (c.selectors.isEmpty() && c.error.isEmpty())
        c.error = QStringLiteral("the DKIM selector catalogue lists no selector");
    return c;
}

const Catalogue &catalogue()
{
    static const Catalogue c = load();
    return c;
}

} // namespace

QList<CommonSelector> commonSelectors()
{
    return catalogue().selectors;
}

QStringList unguessableProviders()
{
    return catalogue().unguessable;
}

QString selectorCatalogueError()
{
    return catalogue().error;
}

QString originName(SelectorOrigin origin)
{
    switch (origin) {
    case SelectorOrigin::Given:
        return QStringLiteral("given");
    case SelectorOrigin::Signature:
        return QStringLiteral("signature");
    case SelectorOrigin::Guess:
        break;
    }
    return QStringLiteral("guess");
}

QStringList KeyDiscovery::tried() const
{
    QStringList out;
    for (const KeyProbe &p : probes)
        out << p.selector;
    return out;
}

QList<KeyProbe> KeyDiscovery::found() const
{
    QList<KeyProbe> out;
    for (const KeyProbe &p : probes) {
        if (p.key.status == Dkim::KeyCheck::Status::Found)
            out << p;
    }
    return out;
}

KeyDiscovery discoverKeys(Dns::Resolver &resolver, const QString &domain, const QStringList &given,
    const QStringList &fromSignatures, const Work::Cancel &cancel, int width)
{
    KeyDiscovery out;
    out.domain = domain;
    QSet<QString> seen;
    const auto add = [&](const QString &typed, SelectorOrigin origin, const QString &provider) {
        const QString selector = typed.trimmed().toLower();
        if (selector.isEmpty() || seen.contains(selector))
            return;
        seen.insert(selector);
        out.probes << KeyProbe {selector, origin, provider, {}};
    };
    for (const QString &s : given)
        add(s, SelectorOrigin::Given, {});
    for (const QString &s : fromSignatures)
        add(s, SelectorOrigin::Signature, {});
    for (const CommonSelector &s : commonSelectors())
        add(s.selector, SelectorOrigin::Guess, s.provider);
    // Each probe writes only its own slot (the list detached once, before): no lock needed. Once
    // any probe meets a DNS failure, guesses not started yet are not asked: each would wait out
    // the same failure, and a guess is not the user's evidence. Given and signature selectors
    // are always asked.
    enum : char { NotStarted, Asked, Skipped };
    std::vector<char> state(size_t(out.probes.size()), NotStarted);
    const Work::Cancel dnsFailed; // Work's shared atomic flag, requested at the first failure
    KeyProbe *slots = out.probes.data();
    Work::forEachIndex(int(out.probes.size()), width, cancel, [&](int i) {
        if (slots[i].origin == SelectorOrigin::Guess && dnsFailed.requested()) {
            state[size_t(i)] = Skipped;
            return;
        }
        slots[i].key = Dkim::lookupKey(resolver, domain, slots[i].selector);
        state[size_t(i)] = Asked;
        if (slots[i].key.status == Dkim::KeyCheck::Status::TempError)
            dnsFailed.request();
    });
    out.cancelled = cancel.requested();
    QList<KeyProbe> kept;
    for (qsizetype i = 0; i < out.probes.size(); ++i) {
        if (state[size_t(i)] == Asked)
            kept << out.probes[i];
        else if (state[size_t(i)] == Skipped)
            out.notTried << out.probes[i].selector;
    }
    out.probes = kept;
    return out;
}

} // namespace MailPolicy
