#pragma once

#include <QTextStream>

#include "dmarc/dmarc.h"

namespace Cli {

// `spfsleuth-cli dmarc` as text: the record RFC 7489 receivers find with its diagnostics, the
// RFC 9989 tree walk query by query, and the policy; where the two readings differ in
// organizational domain or policy, both, with which receivers read which.
void printDmarc(QTextStream &out, const Dmarc::Lookup &lookup);

// The exit code for a lookup: DnsFailure when a query either reading needed failed, Ok when a
// record was found without errors, else Findings.
int dmarcExitCode(const Dmarc::Lookup &lookup);

} // namespace Cli
