#pragma once

#include <QJsonObject>

#include "dns/dnstypes.h"

// JSON forms of the DNS value types, shared by the CLI, snapshots and case files. Readers
// validate everything: the input may come from a colleague's file or anywhere else.
namespace Dns::Json {

QJsonObject fromQuestion(const Question &question);
Sleuth::Expected<Question, QString> toQuestion(const QJsonObject &object);

// TXT character-strings are written octet for octet as Latin-1 text, so that any byte survives.
QJsonObject fromRecord(const Record &record);
Sleuth::Expected<Record, QString> toRecord(const QJsonObject &object);

QJsonObject fromResponse(const Response &response);
Sleuth::Expected<Response, QString> toResponse(const QJsonObject &object);

// {"response": {...}} or {"error": {"kind": ..., "message": ...}}
QJsonObject fromAnswer(const Answer &answer);
Sleuth::Expected<Answer, QString> toAnswer(const QJsonObject &object);

QJsonObject fromExchange(const Exchange &exchange);
Sleuth::Expected<Exchange, QString> toExchange(const QJsonObject &object);

} // namespace Dns::Json
