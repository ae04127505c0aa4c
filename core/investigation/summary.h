#pragma once

#include <QStringList>

#include "investigation/investigation.h"

// The findings in plain language, for someone who did not see our screen: the sender's admin.
namespace Summary {

struct Finding
{
    QString text; // a paragraph; names and record text appear between `backticks`
    QStringList rfcSections; // "§4.6.4 DNS lookup limits", ...
};

// What went wrong (or right) and what to do, most important first.
QList<Finding> findings(const Investigation::Result &result);
// The record of the domain at the heart of the result, with every error fixed that has a fix;
// empty when there is nothing to correct.
QString correctedRecord(
    const Investigation::Result &result, QString *domain = nullptr, QString *published = nullptr);
// Every RFC 7208 section that applies, in order.
QStringList rfcSections(const Investigation::Result &result);

} // namespace Summary
