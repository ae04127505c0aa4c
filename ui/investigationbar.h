#pragma once

#include <QWidget>

#include "workflow/session.h"

class InvestigationController;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

// The bar above every tab: what to investigate (target, sending IP, HELO), which DNS to ask, Run
// and Cancel, the input error, the offer to restore unsaved work, and the verdict line.
class InvestigationBar : public QWidget
{
    Q_OBJECT

public:
    explicit InvestigationBar(QWidget *parent = nullptr);
    // Shows what `controller` does: the run, its stage and progress, its verdict.
    void follow(const InvestigationController *controller);

    QString target() const;
    QString ip() const;
    QString helo() const;
    void setInputs(const QString &target, const QString &ip, const QString &helo);
    void focusTarget(); // and select it

    // Which DNS to ask is announced by resolverChanged; these change it (and so announce it).
    void selectCustomServer(const QString &server);
    void setTimeoutMs(int ms);
    // Adds the zone and picks it; `readable` false marks it (investigations then refuse until
    // another resolver is picked).
    void offerZone(const QString &fileName, bool readable = true);
    void offerCase(const QDateTime &captured); // adds (or replaces) the case and picks it

    void showInputError(const QString &message);
    // The message, attached to the field it concerns (read with it by a screen reader).
    void showInputError(const Investigation::InputProblem &problem);
    // What reads the verdict: where focus goes after a run.
    QWidget *verdictView() const;
    void setBusy(bool busy);
    void setStage(const QString &stage);
    // `status` names the icon for a screen reader ("error", "passes", "warning").
    void setVerdict(const QString &text, const QIcon &icon = {}, const QString &status = {});
    // Unsaved work from the last run: `text` says what; Restore/Discard answer it.
    void offerRestore(const QString &text);
    void hideRestore();
    bool isRestoreOffered() const;

    void setRecent(const QStringList &targets);
    QStringList recent() const { return m_recent; }
    void addRecent(const QString &target);

    // The live resolver and the recent targets; announces the resolver (changed or not).
    void loadSettings();
    void saveSettings(bool saveTimeout) const;

Q_SIGNALS:
    void investigateRequested();
    void cancelRequested();
    // Which DNS to ask, whenever anything that says it changes (the resolver box, the custom
    // server, the timeout; a zone or case offered), by the user or the program: the zone or case
    // when one is picked, else live with `live`. Whoever holds the choice never reads the widgets.
    void resolverChanged(Investigation::DnsSource from, const Investigation::ResolverChoice &live);
    void restoreRequested();
    void discardRequested();
    // "Zone file…" in the DNS box: the file the user picked, to be loaded and offered (offerZone).
    void zoneFileChosen(const QString &path);

private:
    // Adds (or replaces) the entry of `kind` (ZoneResolver, CaseResolver) and picks it.
    void offerSource(int kind, const QString &label, const QString &toolTip);
    void buildInputFields(); // the target, the sending IP, the HELO
    void buildResolverControls(); // which DNS: the resolver box, the custom server, the timeout
    QHBoxLayout *buildInputRow(); // those, with Run and Cancel
    QLabel *buildInputError();
    QWidget *buildRestoreBar(); // the offer to restore unsaved work
    QHBoxLayout *buildStatusRow(); // the verdict, the stage, the progress
    void connectInputs();
    Investigation::DnsSource dnsSource() const;
    Investigation::ResolverChoice liveChoice() const;
    void announceResolver();
    void chooseZoneFile(); // the file dialog of "Zone file…"

    QLineEdit *m_targetEdit;
    QLineEdit *m_ipEdit;
    QLineEdit *m_heloEdit;
    QComboBox *m_resolverCombo;
    int m_shownResolver = 0; // the resolver box's entry before "Zone file…" was picked
    QLineEdit *m_serverEdit;
    QDoubleSpinBox *m_timeoutSpin;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QLabel *m_inputError;
    QWidget *m_restoreBar;
    QLabel *m_restoreText;
    QLabel *m_verdictIcon;
    QLabel *m_verdictLabel;
    QLabel *m_stageLabel;
    QProgressBar *m_progress;
    QStringList m_recent;
};
