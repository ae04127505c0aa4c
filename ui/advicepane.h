#pragma once

#include <QWidget>

#include "investigation/investigation.h"

class QLabel;
class QPushButton;
class QTextBrowser;
class QUrl;

// What the record and its tree get wrong beyond syntax (Spf::treeAdvice): each finding with its
// severity, plain words and, where one exists, a proposal to review; the authorized networks can
// be copied or exported for an allow-list.
class AdvicePane : public QWidget
{
    Q_OBJECT

public:
    explicit AdvicePane(QWidget *parent = nullptr);

    // `causes`: why the walk ended in permerror or temperror (Spf::errorCauses), shown first.
    void showResult(const Investigation::Result &result, const QList<Spf::Advice> &causes = {});
    void clear();
    // The findings as shown, one a line (for tests and the clipboard).
    QString plainText() const;
    QStringList networks() const { return m_networks; }
    // Errors and warnings among the findings: the tab says so.
    int problemCount() const { return m_problems; }

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    // "Try as draft" on a proposal: `record` to stand in for `domain`'s published one.
    void draftRequested(const QString &domain, const QString &record);

private:
    void copyNetworks();
    void exportNetworks();
    void copyProposals();
    void tryProposal(const QUrl &link); // a "draft:N" link: m_advice[N]'s proposal

    QTextBrowser *m_view;
    QPushButton *m_copyNetworks;
    QPushButton *m_exportNetworks;
    QPushButton *m_copyProposals;
    QList<Spf::Advice> m_advice;
    QStringList m_networks;
    QString m_domain;
    int m_problems = 0;
};
