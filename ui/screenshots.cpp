#include "screenshots.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>

namespace Screenshots {

QStringList save(QWidget *window, const QString &dir, bool withPaste, bool withBulk)
{
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    auto *stack = window->findChild<QStackedWidget *>(QStringLiteral("investigationStack"));
    auto *side = window->findChild<QTabWidget *>(QStringLiteral("sideTabs"));
    if (!tabs || !stack || !side)
        return {};
    QDir().mkpath(dir);
    QStringList files;
    auto shoot = [&](const QString &name) {
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
        if (window->grab().save(path))
            files << path;
    };
    const int tab = tabs->currentIndex();
    const int sideTab = side->currentIndex();
    tabs->setCurrentIndex(0);
    static const char *const sideNames[]
        = {"record", "advice", "evidence", "charts", "notes", "then-vs-now", "nameservers"};
    if (stack->currentIndex() == 0)
        shoot(QStringLiteral("welcome"));
    for (int i = 0; i < side->count() && i < 7 && stack->currentIndex() == 1; ++i) {
        side->setCurrentIndex(i);
        shoot(QStringLiteral("investigation-") + QLatin1String(sideNames[i]));
    }
    static const char *const tabNames[]
        = {nullptr, "dns-console", "reverse-lookup", "paste-bounce", "bulk-audit"};
    for (int i = 1; i < tabs->count() && i < 5; ++i) {
        if ((i == 3 && !withPaste) || (i == 4 && !withBulk))
            continue;
        tabs->setCurrentIndex(i);
        shoot(QLatin1String(tabNames[i]));
        // The reverse lookup tab with the investigation's IP checked on the block lists.
        auto *edit = tabs->widget(i)->findChild<QLineEdit *>(QStringLiteral("reverseEdit"));
        auto *check = tabs->widget(i)->findChild<QPushButton *>(QStringLiteral("blocklistRun"));
        if (check && edit && !edit->text().isEmpty()) {
            check->click();
            QElapsedTimer waited;
            waited.start();
            while (!check->isEnabled() && waited.elapsed() < 10000)
                QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            shoot(QStringLiteral("block-lists"));
        }
    }
    auto *receivers = window->findChild<QWidget *>(QStringLiteral("receiversView"));
    if (receivers && stack->currentIndex() == 1) {
        tabs->setCurrentWidget(receivers);
        shoot(QStringLiteral("receivers"));
    }
    tabs->setCurrentIndex(tab);
    side->setCurrentIndex(sideTab);
    return files;
}

} // namespace Screenshots
