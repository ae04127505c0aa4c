#include "casestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

CaseStore::CaseStore(Snapshot snapshot, QObject *parent)
    : QObject(parent)
    , m_snapshot(std::move(snapshot))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &CaseStore::write);
}

QString CaseStore::autosavePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
        + QStringLiteral("/autosave.spfcase");
}

std::optional<CaseFile::Case> CaseStore::previous()
{
    if (!QFileInfo::exists(autosavePath()))
        return std::nullopt;
    auto c = CaseFile::load(autosavePath());
    return c ? std::optional<CaseFile::Case>(std::move(*c)) : std::nullopt;
}

void CaseStore::schedule()
{
    m_timer->start();
}

void CaseStore::markDirty()
{
    m_dirty = true;
    schedule();
}

void CaseStore::write()
{
    if (m_holding)
        return; // do not overwrite the older work still on offer
    const auto c = m_snapshot();
    if (!c)
        return;
    QDir().mkpath(QFileInfo(autosavePath()).absolutePath());
    (void)CaseFile::save(*c, autosavePath()); // best effort: a failed autosave must not stop work
}

void CaseStore::close()
{
    if (m_dirty)
        write(); // kept: the next start offers it back
    else if (!m_holding)
        QFile::remove(autosavePath()); // nothing unsaved (and no older work still on offer)
}

void CaseStore::discard()
{
    m_holding = false;
    QFile::remove(autosavePath());
}
