#pragma once

#include <QString>

namespace Net {

// The registrable (organizational) domain of a name under the Public Suffix List, through
// libpsl and the system's list (the publicsuffix package): "mail.example.co.uk" gives
// "example.co.uk". Empty when the name is itself a public suffix or not a domain. Thread-safe.
QString registrableDomain(const QString &domain);

} // namespace Net
