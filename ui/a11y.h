#pragma once

#include <QString>

class QAbstractScrollArea;
class QAbstractSpinBox;
class QLabel;
class QMenuBar;
class QLineEdit;
class QWidget;

// What keyboard and screen-reader users need beyond Qt's defaults, in one place.
namespace A11y {

// A visible label for `field`, its buddy: Alt+mnemonic focuses the field, and on Linux the label
// is how a screen reader names a combo box (Qt 6.4 passes no accessibleName of one to AT-SPI).
QLabel *labelFor(QWidget *field, const QString &text);
// Gives a spin box's text field the spin box's name (or its label's text).
void nameSpinBox(QAbstractSpinBox *spin);
// Names the clear (×) button of a line edit that has one.
void nameClearButton(QLineEdit *edit, const QString &name);
// Tells assistive technology that `label`'s text changed and matters now (a verdict, an error, a
// summary): its accessible name follows the text, and an alert is sent.
void announce(QLabel *label, const QString &prefix = {});
// The same for any widget that shows `text` (a status bar message).
void announceText(QWidget *widget, const QString &text);
// Attaches `message` to `field` as its accessible description (empty clears it), so a screen
// reader reads the error with the field.
void describeError(QWidget *field, const QString &message);

// A dialog listing every menu action that has a shortcut, by menu.
void showShortcuts(QWidget *parent, QMenuBar *menus);
QString shortcutList(QMenuBar *menus); // the same as plain text, one "Menu: Action — Keys" a line

} // namespace A11y
