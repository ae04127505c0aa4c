#pragma once

#include <QImage>

#include "common/expected.h"
#include "investigation/investigation.h"

// The report for the sender's admin: plain-language summary first, then the record with its
// faults marked, the corrected record, the tree, the IP test, the lookup budget, the DNS evidence,
// the RFC sections and the raw answers. Qt Gui only (no widgets): the CLI writes it too.
// Every text from DNS is escaped: it never becomes markup.
namespace Report {

struct Options
{
    QString notes; // the investigator's notes
    QDateTime generated = QDateTime::currentDateTimeUtc();
};

QString html(const Investigation::Result &result, const Options &options = {});
// The lookup-budget chart as a picture (the same values as the workbench's chart).
QImage budgetChart(const Investigation::Result &result, const QSize &size);

// Atomic: the file appears complete or not at all; an existing file stays intact on error.
Sleuth::Expected<void, QString> writePdf(
    const Investigation::Result &result, const QString &path, const Options &options = {});
Sleuth::Expected<void, QString> writeHtml(
    const Investigation::Result &result, const QString &path, const Options &options = {});

} // namespace Report
