#pragma once

#include <QByteArray>

#include "spf/spftypes.h"

namespace Spf {

// Parses SPF record text into terms with exact character ranges and every diagnostic it can find.
// Never stops at the first problem. Pure and fast: fine on the GUI thread.
//
// `stringLengths`: the octet lengths of the TXT character-strings the record was published as,
// when known (for the 255-octet check); empty when the text was typed.
Record parseRecord(const QString &text, const QList<int> &stringLengths = {});

// RFC 7208 §4.5: a TXT record is an SPF record when it begins with "v=spf1" (any case) followed
// by a space or the end of the text.
bool isSpfRecord(const QByteArray &txt);

// The record with every error's suggestion applied (right to left, skipping overlaps). Equal
// to the input when no error has a suggestion.
QString correctedRecord(const Record &record);

// The record text with one diagnostic's suggestion applied (the text itself when it has none).
QString withSuggestion(const Record &record, const Diagnostic &diagnostic);

// Record text from DNS octets: Latin-1, so that offsets are octets and any byte is visible.
QString recordTextFromOctets(const QByteArray &octets);

} // namespace Spf
