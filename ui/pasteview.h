#pragma once

#include <optional>

#include <QWidget>

#include "paste/pasteanalyzer.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

// Paste (or drop an .eml of) a bounce, an SMTP transcript or a header block; see what was found
// and where; investigate it in one click.
class PasteView : public QWidget
{
    Q_OBJECT

public:
    explicit PasteView(QWidget *parent = nullptr);

    void setText(const QString &text);
    // The last investigation could not ask DNS (Verdict::dnsFailure): the diagnosis says so once,
    // first, instead of in each of its lines. Empty: DNS answered.
    void setDnsFailure(const QString &failure) { m_dnsFailure = failure; }
    void analyze();
    const std::optional<Paste::Analysis> &analysis() const { return m_analysis; }
    // "The receiver said ... then; DNS says ... now."
    void setComparison(const QString &text);
    // What the investigation found with DNS (DMARC, DKIM keys, SPF now), above the rest.
    // A bounce other than the one in the editor (a reopened case) is put there first.
    void showDiagnosis(const Paste::Analysis &pasted, const QStringList &why);
    // Loads a file (an .eml or a saved bounce): an error message, empty on success. A binary
    // file (Paste::binaryReason, the CLI's rule) is refused, the message shown in the view.
    QString loadFile(const QString &path);
    // "Open bounce file…": asks for a file, then loadFile.
    void openFile();

Q_SIGNALS:
    void investigateRequested(const QString &target, const QString &ip, const QString &helo);
    // A paste was analysed (typed, dropped or opened): the verdict line follows it.
    void analyzed(const Paste::Analysis &analysis);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void render(); // what m_analysis found, into the output
    bool renderLast(); // a pasted `last` listing: which lines carry hosts, which kernels
    QPlainTextEdit *m_input;
    QPlainTextEdit *m_output;
    QPushButton *m_investigate;
    QLabel *m_comparison;
    std::optional<Paste::Analysis> m_analysis;
    QString m_dnsFailure;
    QString m_found; // what analyze() wrote, below a later diagnosis
};
