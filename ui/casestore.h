#pragma once

#include <functional>
#include <optional>

#include <QObject>

#include "caseio/casefile.h"

class QTimer;

// Autosave: the current work kept in one file until it is saved, so that a crash loses nothing
// (the next start offers it back). A second after each change it writes what `snapshot` gives.
class CaseStore : public QObject
{
    Q_OBJECT

public:
    using Snapshot = std::function<std::optional<CaseFile::Case>()>;
    CaseStore(Snapshot snapshot, QObject *parent = nullptr);

    static QString autosavePath();
    // The unsaved work of an earlier run, if any (to offer back).
    static std::optional<CaseFile::Case> previous();

    void schedule(); // something changed that can be recomputed (a result)
    void markDirty(); // something changed that cannot (notes, drafts)
    void markClean() { m_dirty = false; }
    bool isDirty() const { return m_dirty; }
    // While older work is on offer, nothing is written over it.
    void setHolding(bool holding) { m_holding = holding; }
    void write();
    // At close: keep the file when there is unsaved work, else remove it (unless older work is
    // still on offer).
    void close();
    void discard();

private:
    Snapshot m_snapshot;
    QTimer *m_timer;
    bool m_dirty = false;
    bool m_holding = false;
};
