#pragma once

#include <functional>

class InvestigationBar;
class InvestigationController;
class QMainWindow;
class QTabWidget;
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
};

void build(QMainWindow *window, const Targets &targets);

} // namespace WindowMenus
