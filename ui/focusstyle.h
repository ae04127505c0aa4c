#pragma once

#include <QProxyStyle>

// Makes keyboard focus visible whatever the platform style: a 2-pixel frame in the palette's
// highlight colour around the focused push button, tab, text view and item view; a default
// button drawn as any other until it has the focus, and a muted selection in item views that do
// not have focus, so neither alone looks like focus.
class FocusStyle : public QProxyStyle
{
    Q_OBJECT

public:
    using QProxyStyle::QProxyStyle;
    // Wraps the application's style once (idempotent).
    static void install();

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
        const QWidget *widget = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
        const QWidget *widget = nullptr) const override;
};
