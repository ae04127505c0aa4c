#pragma once

#include <QStringList>

#include <functional>

class InvestigationBar;
class InvestigationController;
class QMainWindow;
class QTabWidget;
class QDate;
class QString;
class TracePane;

// The workbench's menus. Every action with a shortcut is in one, so people can find it (and Help
// → Keyboard shortcuts lists them all); F10 opens the menu bar.
namespace WindowMenus {

struct Targets
{
    InvestigationController *controller;
    InvestigationBar *bar;
    TracePane *trace;
    QTabWidget *tabs;
    // Each returns an error message, empty on success.
    std::function<QString(const QString &)> openCase;
    std::function<QString(const QString &)> saveCase;
    std::function<QString(const QString &)> exportReport;
    std::function<void()> investigate;
    std::function<void()> recheck;
    std::function<void()> openBounce; // "Open bounce file…": the Paste tab reads it
};

void build(QMainWindow *window, const Targets &targets);

// What a save dialog proposes: "pclnet.example-2026-11-30.pdf" in the last folder used.
QString suggestedFileName(const QString &subject, const QDate &date, const QString &suffix);
// Cases opened or saved, newest first, those still on disk; the menu's "Open recent".
QStringList recentCases();
void rememberCase(const QString &path);
// The user guide (the README, bundled), as shown by Help → User guide.
QString userGuideMarkdown();

} // namespace WindowMenus
