#include "common/taglist.h"

namespace TagList {

QList<Item> read(const QString &list)
{
    QList<Item> out;
    int at = 0;
    for (const QString &segment : list.split(QLatin1Char(';'))) {
        Item item;
        item.segmentOffset = at;
        at += int(segment.size()) + 1;
        item.text = segment.trimmed();
        item.offset
            = item.segmentOffset + int(item.text.isEmpty() ? 0 : segment.indexOf(item.text));
        const qsizetype eq = item.text.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            item.hasEquals = true;
            item.name = item.text.left(eq).trimmed().toLower();
            const QString rest = item.text.mid(eq + 1);
            item.value = rest.trimmed();
            item.valueOffset = item.offset + int(eq) + 1
                + int(item.value.isEmpty() ? 0 : rest.indexOf(item.value));
        }
        out << item;
    }
    return out;
}

QString unfolded(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        if (!c.isSpace())
            out += c;
    }
    return out;
}

} // namespace TagList
