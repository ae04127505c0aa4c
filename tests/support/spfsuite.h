#pragma once

#include <optional>

#include <QJsonObject>
#include <QStringList>

#include "common/expected.h"
#include "spf/evaluator.h"

namespace Dns {
class MemoryResolver;
}

// The OpenSPF RFC 7208 conformance suite (tests/data/rfc7208-tests.yml), read with yaml-cpp.
namespace SuiteData {

struct Test
{
    QString scenario; // scenario description
    QString name;
    QString spec;
    QString host;
    QString mailfrom;
    QString helo;
    QStringList results; // any of these is acceptable
    std::optional<QString> explanation;
};

struct Scenario
{
    QString description;
    QJsonObject snapshot; // zone data in the MemoryResolver snapshot format, faults included
    QList<Test> tests;
};

// Zone data follows the suite's own driver conventions: SPF records are copied to TXT unless
// the name lists TXT itself; "TIMEOUT" makes every other type at the name time out.
Sleuth::Expected<QList<Scenario>, QString> loadSuite(const QString &path);

// What a test asks check_host(): its IP, MAIL FROM and HELO.
Spf::CheckRequest checkRequest(const Test &test);

} // namespace SuiteData
