#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include "dns/resolver.h"

namespace Dns {

// Parses RFC 1035 master-file text with ldns's zone parser. `origin` is used for relative names
// when the text has no $ORIGIN (empty: the root). Errors name the line.
Sleuth::Expected<QList<Record>, QString> parseZoneText(
    const QByteArray &text, const QString &origin = {});

// Answers from data held in memory: zone records (answers are synthesized like an authoritative
// server that also follows CNAMEs), captured answers replayed exactly, and injected faults.
// Serves offline sample cases, tests and what-if drafts.
//
// Fill it first, then share it: resolve() is const-safe and may be called from many threads at
// once as long as nobody modifies the resolver meanwhile.
class MemoryResolver final : public Resolver
{
public:
    enum class Fault { Timeout, ServFail, Refused, Malformed };
    // What to do with a question neither the records nor the captured answers cover.
    enum class Uncovered { Synthesize, Error };

    MemoryResolver() = default;

    void addRecord(const Record &record);
    void addRecords(const QList<Record> &records);
    void removeRecords(const QString &name, quint16 type);
    // type 0: every type at `name` that has no record of its own.
    void addFault(const QString &name, quint16 type, Fault fault);
    // Replays `answer` for exactly this question (captured evidence).
    void addCaptured(const Question &question, const Answer &answer);
    void addCaptured(const QList<Exchange> &exchanges);
    void setUncovered(Uncovered policy) { m_uncovered = policy; }
    void setDescription(const QString &description) { m_description = description; }

    Sleuth::Expected<void, QString> loadZoneText(
        const QByteArray &text, const QString &origin = {});
    // The snapshot format written by toSnapshot(): records, captured answers and faults.
    Sleuth::Expected<void, QString> loadSnapshot(const QJsonObject &snapshot);
    // Reads a zone file, or a JSON snapshot when the file starts with '{'.
    Sleuth::Expected<void, QString> loadFile(const QString &path);
    QJsonObject toSnapshot() const;

    Answer resolve(const Question &question) override;
    QString description() const override { return m_description; }

    QList<Record> records() const;
    // True when this question was captured (replayed exactly), or records exist at its name.
    bool covers(const Question &question) const;
    // Records, captured answers or faults at or under `zone`, or an SOA at or above it (the data
    // then holds the zone that would contain it).
    bool holdsDataFor(const QString &zone) const override;
    bool isEmpty() const { return m_records.isEmpty() && m_captured.isEmpty(); }

private:
    using Key = QuestionKey;
    void noteName(const QString &canonical);
    Answer faultAnswer(const Question &question, Fault fault) const;

    QHash<QString, QList<Record>> m_records; // canonical owner name -> records
    QHash<Key, Fault> m_faults;
    QHash<Key, Answer> m_captured;
    QSet<QString> m_existing; // owner names and their ancestors (empty non-terminals)
    QString m_description = QStringLiteral("in-memory zone");
    Uncovered m_uncovered = Uncovered::Synthesize;
};

} // namespace Dns
