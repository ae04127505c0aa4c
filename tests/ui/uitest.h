#pragma once

#include <QLatin1String>
#include <QString>
#include <QWidget>

// What the workbench's GUI tests share: the bundled samples, and a widget found by its object
// name (a test that names a widget that is not there stops at once, saying which).

inline QString sample(const char *name)
{
    return QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(name);
}

template<typename T>
T *find(QWidget *w, const char *name)
{
    T *child = w->findChild<T *>(QLatin1String(name));
    if (!child)
        qFatal("no widget %s", name);
    return child;
}
