#include "a11y.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace A11y {

QLabel *labelFor(QWidget *field, const QString &text)
{
    auto *label = new QLabel(text, field->parentWidget());
    label->setBuddy(field);
    return label;
}

void nameSpinBox(QAbstractSpinBox *spin)
{
    QString name = spin->accessibleName();
    for (QLabel *label : spin->window()->findChildren<QLabel *>()) {
        if (name.isEmpty() && label->buddy() == spin)
            name = label->text().remove(QLatin1Char('&')).remove(QLatin1Char(':'));
    }
    if (auto *edit = spin->findChild<QLineEdit *>())
        edit->setAccessibleName(name);
}

void nameClearButton(QLineEdit *edit, const QString &name)
{
    for (QAction *action : edit->actions()) {
        if (action->objectName() == QLatin1String("_q_qlineeditclearaction"))
            action->setText(name);
    }
    for (QToolButton *button : edit->findChildren<QToolButton *>()) {
        button->setAccessibleName(name);
        button->setToolTip(name);
    }
}

void announce(QLabel *label, const QString &prefix)
{
    announceText(label, prefix + label->text());
}

void announceText(QWidget *widget, const QString &text)
{
    widget->setAccessibleName(text);
    if (!QAccessible::isActive())
        return;
    QAccessibleEvent changed(widget, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&changed);
    QAccessibleEvent alert(widget, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void describeError(QWidget *field, const QString &message)
{
    field->setAccessibleDescription(message);
}

QString shortcutList(QMenuBar *menus)
{
    QStringList lines;
    for (QAction *menuAction : menus->actions()) {
        const QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        for (QAction *a : menu->actions()) {
            if (a->shortcut().isEmpty())
                continue;
            lines << QStringLiteral("%1: %2 — %3")
                         .arg(menuAction->text().remove(QLatin1Char('&')),
                             a->text().remove(QLatin1Char('&')),
                             a->shortcut().toString(QKeySequence::NativeText));
        }
    }
    lines << QObject::tr("Menu bar — F10; a menu or a tab — Alt and its underlined letter");
    return lines.join(QLatin1Char('\n'));
}

void showShortcuts(QWidget *parent, QMenuBar *menus)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("shortcutDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QObject::tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(dialog);
    auto *list = new QPlainTextEdit(shortcutList(menus), dialog);
    list->setObjectName(QStringLiteral("shortcutList"));
    list->setAccessibleName(QObject::tr("Keyboard shortcuts"));
    list->setReadOnly(true);
    list->setTabChangesFocus(true);
    list->setMinimumSize(520, 320);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(list);
    layout->addWidget(buttons);
    list->setFocus();
    dialog->open(); // no nested event loop
}

} // namespace A11y
