#include "common/resources.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Resources {

Sleuth::Expected<QJsonObject, QString> readCatalogue(const QString &path, const QString &what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Sleuth::Unexpected(QStringLiteral("%1 is not compiled in").arg(what));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Sleuth::Unexpected(QStringLiteral("%1 is not valid JSON: %2 at %3")
                                      .arg(what, parseError.errorString())
                                      .arg(parseError.offset));
    if (!doc.isObject())
        return Sleuth::Unexpected(QStringLiteral("%1 is not a JSON object").arg(what));
    return doc.object();
}

} // namespace Resources
