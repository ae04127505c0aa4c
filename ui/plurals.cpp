#include "plurals.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTranslator>

namespace {

class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }

    QString translate(const char *context, const char *sourceText, const char *disambiguation,
        int n) const override
    {
        Q_UNUSED(context)
        Q_UNUSED(disambiguation)
        if (n < 0 || !sourceText)
            return {};
        QString text = QString::fromUtf8(sourceText);
        if (!text.contains(QLatin1Char('(')))
            return {};
        // "(singular|plural)" first, then the common "(s)" and "(es)".
        static const QRegularExpression choice(QStringLiteral("\\(([^()|]*)\\|([^()|]*)\\)"));
        QString out;
        qsizetype last = 0;
        for (auto it = choice.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out += QStringView(text).mid(last, m.capturedStart() - last);
            out += m.captured(n == 1 ? 1 : 2);
            last = m.capturedEnd();
        }
        out += QStringView(text).mid(last);
        const QString plural = n == 1 ? QString() : QStringLiteral("s");
        out.replace(QStringLiteral("(es)"), n == 1 ? QString() : QStringLiteral("es"));
        out.replace(QStringLiteral("(s)"), plural);
        return out == text ? QString() : out;
    }
};

} // namespace

namespace Plurals {

void install() // the window calls it; so do tests of models shown without one
{
    static bool done = false;
    if (done || !QCoreApplication::instance())
        return;
    done = true;
    QCoreApplication::installTranslator(new EnglishPlurals(QCoreApplication::instance()));
}

} // namespace Plurals
