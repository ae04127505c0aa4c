#include "focusstyle.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QStyleOption>

namespace {

void drawFocusFrame(QPainter *painter, const QRect &rect, const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(palette.color(QPalette::Highlight), 2));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(rect.adjusted(1, 1, -1, -1));
    painter->restore();
}

// The item view an item is drawn for (the view itself, or its viewport).
const QAbstractItemView *viewOf(const QWidget *widget)
{
    if (auto *view = qobject_cast<const QAbstractItemView *>(widget))
        return view;
    return widget ? qobject_cast<const QAbstractItemView *>(widget->parentWidget()) : nullptr;
}

// A selected item in a view without focus: a muted highlight and ordinary text.
bool muted(const QStyleOption *option, const QWidget *widget)
{
    const QAbstractItemView *view = viewOf(widget);
    return view && !view->hasFocus() && (option->state & QStyle::State_Selected);
}

template<typename Option>
Option mutedCopy(const Option &option)
{
    Option copy = option;
    const QColor highlight = option.palette.color(QPalette::Highlight);
    const QColor base = option.palette.color(QPalette::Base);
    const QColor mix((highlight.red() + 2 * base.red()) / 3,
        (highlight.green() + 2 * base.green()) / 3, (highlight.blue() + 2 * base.blue()) / 3);
    for (QPalette::ColorGroup g : {QPalette::Active, QPalette::Inactive}) {
        copy.palette.setColor(g, QPalette::Highlight, mix);
        copy.palette.setColor(g, QPalette::HighlightedText, option.palette.color(QPalette::Text));
    }
    return copy;
}

} // namespace

void FocusStyle::install()
{
    if (qobject_cast<FocusStyle *>(QApplication::style()))
        return;
    QApplication::setStyle(new FocusStyle(QApplication::style()->name()));
}

void FocusStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option,
    QPainter *painter, const QWidget *widget) const
{
    if ((element == PE_PanelItemViewItem || element == PE_PanelItemViewRow)
        && muted(option, widget)) {
        if (auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option)) {
            const QStyleOptionViewItem copy = mutedCopy(*item);
            QProxyStyle::drawPrimitive(element, &copy, painter, widget);
            return;
        }
    }
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    // The frame of a focused text or item view (read-only ones show no cursor to tell).
    if ((element == PE_Frame || element == PE_FrameLineEdit) && widget && widget->hasFocus()
        && qobject_cast<const QAbstractScrollArea *>(widget))
        drawFocusFrame(painter, option->rect, option->palette);
}

void FocusStyle::drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
    const QWidget *widget) const
{
    if (element == CE_ItemViewItem && muted(option, widget)) {
        if (auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option)) {
            const QStyleOptionViewItem copy = mutedCopy(*item);
            QProxyStyle::drawControl(element, &copy, painter, widget);
            return;
        }
    }
    if (element == CE_PushButton) {
        // The default button is drawn as any other until it has the focus: only the real focus
        // looks focused (Return still presses it).
        auto *button = qstyleoption_cast<const QStyleOptionButton *>(option);
        if (button && (button->features & QStyleOptionButton::DefaultButton)
            && !(button->state & State_HasFocus)) {
            QStyleOptionButton copy = *button;
            copy.features &= ~QStyleOptionButton::DefaultButton;
            QProxyStyle::drawControl(element, &copy, painter, widget);
            return;
        }
    }
    QProxyStyle::drawControl(element, option, painter, widget);
    if ((element == CE_PushButton || element == CE_TabBarTab) && (option->state & State_HasFocus))
        drawFocusFrame(painter, option->rect, option->palette);
}
