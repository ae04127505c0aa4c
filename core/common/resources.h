#pragma once

#include <QJsonObject>
#include <QString>

#include "common/expected.h"

// The data catalogues compiled in from resources/ (bounce reasons, block lists, receivers' rules,
// DKIM selectors): one way to read them, one wording when one is missing or broken.
namespace Resources {

// `path`: the resource (":/sleuth/NAME.json"); `what`: how messages name it ("the block list
// catalogue"). The top-level object, or why it cannot be had.
Sleuth::Expected<QJsonObject, QString> readCatalogue(const QString &path, const QString &what);

} // namespace Resources
