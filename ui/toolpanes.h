#pragma once

#include <QWidget>

#include "dns/reverselookup.h"

class InvestigationController;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;

// The DNS console: one question, like dig, to the resolver the bar names.
class ConsolePane : public QWidget
{
    Q_OBJECT

public:
    explicit ConsolePane(InvestigationController *controller, QWidget *parent = nullptr);
    void runQuery();

private:
    InvestigationController *m_controller;
    QLineEdit *m_name;
    QComboBox *m_type;
    QPlainTextEdit *m_output;
};

// Reverse lookup with forward confirmation (FCrDNS) of one address.
class ReversePane : public QWidget
{
    Q_OBJECT

public:
    explicit ReversePane(InvestigationController *controller, QWidget *parent = nullptr);
    void runLookup();
    void showResult(const Dns::ReverseResult &result); // an investigation's reverse lookup

private:
    InvestigationController *m_controller;
    QLineEdit *m_address;
    QPlainTextEdit *m_output;
};

// What the window shows before the first investigation: a four-step guide and the bundled sample
// cases.
class WelcomePane : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePane(QWidget *parent = nullptr);
    // The folders the welcome view looks in for bundled sample cases, and what it found.
    static QStringList sampleCases();

Q_SIGNALS:
    void caseChosen(const QString &path);
};
