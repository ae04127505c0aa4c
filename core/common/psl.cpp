#include "common/psl.h"

#include <libpsl.h>

namespace Net {

namespace {

// The newest list on the system (publicsuffix), else the one built into libpsl. Read-only once
// loaded, so one context serves every thread.
const psl_ctx_t *context()
{
    static const psl_ctx_t *const ctx = [] {
        const psl_ctx_t *latest = psl_latest(nullptr);
        return latest ? latest : psl_builtin();
    }();
    return ctx;
}

} // namespace

QString registrableDomain(const QString &domain)
{
    QString name = domain.trimmed().toLower();
    while (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name.isEmpty() || !context())
        return {};
    const QByteArray utf8 = name.toUtf8();
    const char *registrable = psl_registrable_domain(context(), utf8.constData());
    return registrable ? QString::fromUtf8(registrable) : QString();
}

} // namespace Net
