#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include "dns/reverselookup.h"
#include "spf/addressspace.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

// JSON forms of the SPF results: the CLI's --json output and the body of reports and case files.
// Field names are a contract (see README "JSON output").
namespace Spf::Json {

QJsonObject fromDiagnostic(const Diagnostic &diagnostic);
QJsonObject fromTerm(const Term &term);
// {"record", "valid", "errors", "warnings", "diagnostics": [...], "terms": [...]}
// With each suggestion's effect ("impact", see Spf::fixImpact).
QJsonObject fromRecord(const Record &record);
QJsonObject fromImpact(const FixImpact &impact);
// Fields: kind, severity, message, terms [{domain, term, offset, length}], proposal (or null),
// then the kind's own figures.
QJsonObject fromAdvice(const Advice &advice);
QJsonArray fromAdvice(const QList<Advice> &advice);
// The trace as a nested tree from `root` (node 0 when -1).
QJsonObject fromTrace(const Trace &trace, int root = -1);
// `withTrace` false leaves out "trace" (bulk work): it is most of the cost.
QJsonObject fromEvaluation(const Evaluation &evaluation, bool withTrace = true);
QJsonObject fromAudit(const Audit &audit);
QJsonObject fromReverse(const Dns::ReverseResult &result);
QJsonArray fromExchanges(const QList<Dns::Exchange> &exchanges);

} // namespace Spf::Json
