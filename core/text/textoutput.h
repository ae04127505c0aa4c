#pragma once

#include <QTextStream>

#include "common/safetext.h"
#include "dns/dnstypes.h"
#include "dns/reverselookup.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

// Plain-text rendering of core values, shared by the CLI, the workbench's text views, the report
// and the bulk audit. Text from DNS is hostile: everything printed from it goes through
// safeText(), so no escape sequence or bidi override reaches a terminal, a table or a page.
namespace Text {

// "Advice:" and each finding, with its proposal; nothing when the list is empty.
void printAdvice(QTextStream &out, const QList<Spf::Advice> &advice);

void printRecordDiagnostics(QTextStream &out, const Spf::Record &record, int indent = 0);
void printEvaluation(QTextStream &out, const Spf::Evaluation &evaluation);
void printAudit(QTextStream &out, const Spf::Audit &audit);
void printResponse(QTextStream &out, const Dns::Question &question, const Dns::Answer &answer);
void printReverse(QTextStream &out, const Dns::ReverseResult &result);

} // namespace Text
