#include "spfsuite.h"

#include <yaml-cpp/yaml.h>

#include <QJsonArray>

#include "common/netutil.h"
#include "dns/dnstypes.h"

namespace SuiteData {

namespace {

QString str(const YAML::Node &n)
{
    return QString::fromStdString(n.as<std::string>());
}

// YAML "\xEF" is the code point U+00EF; the suite means the octet 0xEF.
QString octets(const YAML::Node &n)
{
    return QString::fromUtf8(QByteArray::fromStdString(n.as<std::string>()));
}

QJsonObject record(const QString &name, const QString &type, const QJsonObject &fields)
{
    QJsonObject o = fields;
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("type"), type);
    o.insert(QStringLiteral("ttl"), 3600);
    return o;
}

} // namespace

Sleuth::Expected<QList<Scenario>, QString> loadSuite(const QString &path)
{
    QList<Scenario> out;
    try {
        const std::vector<YAML::Node> docs = YAML::LoadAllFromFile(path.toStdString());
        for (const YAML::Node &doc : docs) {
            if (!doc.IsMap())
                continue;
            Scenario sc;
            sc.description = str(doc["description"]);
            QJsonArray records;
            QJsonArray faults;
            for (const auto &entry : doc["zonedata"]) {
                const QString name = str(entry.first);
                bool generateTxt = true;
                QList<QJsonArray> spfStrings;
                for (const YAML::Node &item : entry.second) {
                    if (item.IsMap() && item["TXT"])
                        generateTxt = false;
                }
                for (const YAML::Node &item : entry.second) {
                    if (item.IsScalar()) { // TIMEOUT
                        faults << QJsonObject {{QStringLiteral("name"), name},
                            {QStringLiteral("type"), QStringLiteral("ANY")},
                            {QStringLiteral("fault"), QStringLiteral("timeout")}};
                        continue;
                    }
                    for (const auto &kv : item) {
                        const QString type = str(kv.first);
                        const YAML::Node &v = kv.second;
                        if (v.IsScalar() && v.as<std::string>() == "TIMEOUT") {
                            faults << QJsonObject {{QStringLiteral("name"), name},
                                {QStringLiteral("type"), type},
                                {QStringLiteral("fault"), QStringLiteral("timeout")}};
                            continue;
                        }
                        if (type == QLatin1String("TXT") || type == QLatin1String("SPF")) {
                            if (v.IsScalar() && v.as<std::string>() == "NONE")
                                continue;
                            QJsonArray strings;
                            if (v.IsSequence()) {
                                for (const YAML::Node &s : v)
                                    strings << octets(s);
                            } else {
                                strings << octets(v);
                            }
                            records << record(name, type, {{QStringLiteral("strings"), strings}});
                            if (type == QLatin1String("SPF"))
                                spfStrings << strings;
                        } else if (type == QLatin1String("MX")) {
                            records << record(name, type,
                                {{QStringLiteral("preference"), v[0].as<int>()},
                                    {QStringLiteral("target"), str(v[1])}});
                        } else {
                            records << record(name, type, {{QStringLiteral("target"), str(v)}});
                        }
                    }
                }
                if (generateTxt) {
                    for (const QJsonArray &s : std::as_const(spfStrings))
                        records << record(
                            name, QStringLiteral("TXT"), {{QStringLiteral("strings"), s}});
                }
            }
            sc.snapshot = {{QStringLiteral("format"), QStringLiteral("spfsleuth-dns")},
                {QStringLiteral("version"), 1}, {QStringLiteral("records"), records},
                {QStringLiteral("faults"), faults}};
            for (const auto &t : doc["tests"]) {
                Test test;
                test.scenario = sc.description;
                test.name = str(t.first);
                const YAML::Node &d = t.second;
                test.spec = d["spec"]
                    ? (d["spec"].IsSequence() ? str(d["spec"][0]) : str(d["spec"]))
                    : QString();
                test.host = str(d["host"]);
                test.mailfrom = d["mailfrom"] ? str(d["mailfrom"]) : QString();
                test.helo = d["helo"] ? str(d["helo"]) : QString();
                if (d["result"].IsSequence()) {
                    for (const YAML::Node &r : d["result"])
                        test.results << str(r);
                } else {
                    test.results << str(d["result"]);
                }
                if (d["explanation"])
                    test.explanation = str(d["explanation"]);
                sc.tests << test;
            }
            out << sc;
        }
    } catch (const YAML::Exception &e) {
        return Sleuth::Unexpected(
            QStringLiteral("%1: %2").arg(path, QString::fromStdString(e.what())));
    }
    return out;
}

Spf::CheckRequest checkRequest(const Test &test)
{
    Spf::CheckRequest request;
    request.ip = Net::parseIp(test.host).value_or(QHostAddress());
    request.sender = test.mailfrom;
    request.helo = test.helo;
    return request;
}

} // namespace SuiteData
