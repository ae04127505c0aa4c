#pragma once

#include <QStringList>

class QWidget;

// PNGs of each main view of the window, for the screenshot script and the user guide. Finds the
// views by objectName (mainTabs, investigationStack, sideTabs) and leaves them as they were.
namespace Screenshots {

QStringList save(QWidget *window, const QString &dir, bool withPaste, bool withBulk);

} // namespace Screenshots
