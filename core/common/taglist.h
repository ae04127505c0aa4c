#pragma once

#include <QList>
#include <QString>

// The one reader of "tag=value; tag=value" lists: DKIM key records and signatures (RFC 6376
// §3.2), DMARC records (RFC 9989 §4.7, RFC 7489 §6.4), ARC headers. It only splits and keeps
// positions; what a tag means is each caller's.
namespace TagList {

struct Item
{
    QString text; // the item between semicolons, trimmed ("" for ";;")
    int segmentOffset = 0; // where the item's segment starts in the list (before any space)
    int offset = 0; // where `text` starts
    bool hasEquals = false;
    QString name; // before '=', trimmed, lower case; empty without '='
    QString value; // after '=', trimmed
    int valueOffset = -1; // where `value` starts; -1 without '='
};

// Every item in order, empty ones and ones without '=' included.
QList<Item> read(const QString &list);

// A value with its folding whitespace removed (DKIM's p=, b=, h=).
QString unfolded(const QString &value);

} // namespace TagList
