#include "lab.h"

#include <QFile>
#include <QtGlobal>

namespace Lab {

std::shared_ptr<Dns::Resolver> resolverFor(
    const QString &address, int timeoutMs, int tries, bool recursionDesired)
{
    Dns::NetworkConfig config;
    config.servers = QStringList {address};
    config.timeoutMs = timeoutMs;
    config.tries = tries;
    config.recursionDesired = recursionDesired;
    auto made = Dns::LdnsResolver::create(config);
    if (!made)
        return nullptr;
    return std::shared_ptr<Dns::Resolver>(std::move(*made));
}

Served serve(std::shared_ptr<Dns::Resolver> zone, int delayMs, int timeoutMs, int tries)
{
    Served out;
    out.server = std::make_unique<LoopbackServer>(std::move(zone));
    if (!out.server->start())
        return {};
    out.server->setDelayMs(delayMs);
    out.resolver = resolverFor(out.server->address(), timeoutMs, tries);
    return out;
}

std::shared_ptr<Dns::MemoryResolver> zoneFromText(const QByteArray &text)
{
    auto zone = std::make_shared<Dns::MemoryResolver>();
    if (const auto loaded = zone->loadZoneText(text); !loaded)
        qFatal("fixture zone: %s", qPrintable(loaded.error()));
    return zone;
}

QByteArray voidMxHostsZone()
{
    return "$ORIGIN example.com.\n$TTL 300\n@ TXT \"v=spf1 mx mx:b.example.com ip4:192.0.2.99 "
           "-all\"\n@ MX 10 gone1\n@ MX 20 gone2\nb MX 10 gone3\n";
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

std::shared_ptr<Dns::MemoryResolver> includeChain(const QByteArray &origin, int length)
{
    QByteArray text = "$ORIGIN " + origin + ".\n";
    for (int i = 0; i < length; ++i)
        text += "n" + QByteArray::number(i) + " TXT \"v=spf1 include:n" + QByteArray::number(i + 1)
            + "." + origin + " -all\"\n";
    return zoneFromText(text);
}

} // namespace Lab
