#include "toolpanes.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTextStream>
#include <QVBoxLayout>

#include "a11y.h"
#include "caseio/casefile.h"
#include "common/lookalike.h"
#include "common/netutil.h"
#include "common/safetext.h"
#include "investigation/inputcheck.h"
#include "investigationcontroller.h"
#include "text/textoutput.h"

namespace {

QPlainTextEdit *monospaceOutput(
    QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *out = new QPlainTextEdit(parent);
    out->setObjectName(objectName);
    out->setAccessibleName(accessibleName);
    out->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    out->setFont(mono);
    return out;
}

QString plain(const std::function<void(QTextStream &)> &print)
{
    QString text;
    QTextStream s(&text);
    print(s);
    s.flush();
    return text;
}

// A row of one labelled input, an optional second labelled control and a button, over `output`.
void queryLayout(QWidget *page, QLineEdit *input, const QString &inputLabel, QWidget *extra,
    const QString &extraLabel, QPushButton *button, QPlainTextEdit *output)
{
    auto *v = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    row->addWidget(A11y::labelFor(input, inputLabel));
    row->addWidget(input, 3);
    if (extra) {
        row->addWidget(A11y::labelFor(extra, extraLabel));
        row->addWidget(extra, 1);
    }
    row->addWidget(button);
    v->addLayout(row);
    v->addWidget(output, 1);
}

} // namespace

ConsolePane::ConsolePane(InvestigationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("consoleName"));
    m_name->setAccessibleName(tr("Name to query"));
    m_name->setMaxLength(300);
    m_name->setPlaceholderText(tr("Name (an IP with type PTR asks its reverse name)"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("consoleType"));
    m_type->setAccessibleName(tr("Record type"));
    m_type->setEditable(true);
    m_type->lineEdit()->setAccessibleName(tr("Record type"));
    m_type->addItems({QStringLiteral("TXT"), QStringLiteral("A"), QStringLiteral("AAAA"),
        QStringLiteral("MX"), QStringLiteral("PTR"), QStringLiteral("CNAME"), QStringLiteral("NS"),
        QStringLiteral("SOA"), QStringLiteral("SPF")});
    auto *run = new QPushButton(tr("Query"), this);
    run->setObjectName(QStringLiteral("consoleRun"));
    m_output = monospaceOutput(this, QStringLiteral("consoleOutput"), tr("DNS answer"));
    queryLayout(this, m_name, tr("&Name:"), m_type, tr("T&ype:"), run, m_output);
    setFocusProxy(m_name);
    connect(run, &QPushButton::clicked, this, &ConsolePane::runQuery);
    connect(m_name, &QLineEdit::returnPressed, this, &ConsolePane::runQuery);
}

void ConsolePane::runQuery()
{
    // A Unicode name is asked for as its A-label (IDNA), as in spfsleuth-cli dig.
    QString name = Net::toAce(m_name->text().trimmed());
    const auto type = Dns::typeFromName(m_type->currentText());
    if (!type) {
        m_output->setPlainText(
            tr("'%1' is not a record type.").arg(Text::shortSafe(m_type->currentText())));
        return;
    }
    if (const auto ip = Net::parseIp(name); ip && *type == Dns::Type::PTR)
        name = Net::reverseName(*ip);
    if (const QString problem = Net::dnsNameProblem(name); !problem.isEmpty()) {
        m_output->setPlainText(tr("'%1' cannot be asked: %2").arg(Text::shortSafe(name), problem));
        return;
    }
    const Dns::Question question {name, *type};
    m_output->setPlainText(tr("Asking…"));
    m_controller->runTool(
        [question](Dns::Resolver &resolver) {
            const Dns::Answer answer = resolver.resolve(question);
            return plain([&](QTextStream &s) { Text::printResponse(s, question, answer); });
        },
        [this](const QString &text) { m_output->setPlainText(text); });
}

namespace {

// The reverse lookup in one plain sentence, before the details.
QString plainLanguage(const Dns::ReverseResult &r)
{
    if (!r.ptrAnswer)
        return QCoreApplication::translate("ReversePane",
            "No answer to the reverse lookup: DNS failed, so nothing is known about the name yet "
            "(not the same as having none).");
    if (r.names.isEmpty())
        return QCoreApplication::translate("ReversePane",
            "No reverse name: Gmail (5.7.25) and many receivers refuse mail from an IP without "
            "one. The owner of the address block (the ISP or host) sets it.");
    if (!r.hasConfirmedName())
        return QCoreApplication::translate("ReversePane",
            "A reverse name, but it does not lead back to this IP (no FCrDNS): receivers that "
            "check it (Gmail: 5.7.25) treat it as having none. Make the name's A/AAAA record "
            "include this address.");
    return QCoreApplication::translate("ReversePane",
        "Reverse name confirmed (FCrDNS passes): receivers that require a reverse name accept "
        "this IP.");
}

} // namespace

ReversePane::ReversePane(InvestigationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("reverseEdit"));
    m_address->setAccessibleName(tr("IP address for reverse lookup"));
    m_address->setMaxLength(64);
    m_address->setPlaceholderText(tr("IPv4 or IPv6 address"));
    auto *run = new QPushButton(tr("Look up"), this);
    run->setObjectName(QStringLiteral("reverseRun"));
    m_output = monospaceOutput(this, QStringLiteral("reverseOutput"), tr("Reverse lookup result"));
    queryLayout(this, m_address, tr("&Address:"), nullptr, {}, run, m_output);
    setFocusProxy(m_address);
    connect(run, &QPushButton::clicked, this, &ReversePane::runLookup);
    connect(m_address, &QLineEdit::returnPressed, this, &ReversePane::runLookup);
}

void ReversePane::runLookup()
{
    const QString text = m_address->text().trimmed();
    const auto ip = Net::parseIp(text);
    if (!ip) {
        // What it is when it only looks like an address: a kernel version, a status code...
        const auto lookalike = Lookalike::classify(text);
        const QString problem = InputCheck::sentence(InputCheck::ipProblem(text));
        m_output->setPlainText(lookalike
                ? tr("%1 This is %2.\n\n%3")
                      .arg(problem, lookalike->name, Text::safeText(lookalike->explanation))
                : problem);
        return;
    }
    const QHostAddress address = *ip;
    m_output->setPlainText(tr("Looking up…"));
    m_controller->runTool(
        [address](Dns::Resolver &resolver) {
            const Dns::ReverseResult r = Dns::reverseLookup(resolver, address);
            return plainLanguage(r) + QStringLiteral("\n\n")
                + plain([&](QTextStream &s) { Text::printReverse(s, r); });
        },
        [this](const QString &out) { m_output->setPlainText(out); });
}

void ReversePane::showResult(const Dns::ReverseResult &result)
{
    m_address->setText(result.ip);
    m_output->setPlainText(plainLanguage(result) + QStringLiteral("\n\n")
        + plain([&](QTextStream &s) { Text::printReverse(s, result); }));
}

QStringList WelcomePane::sampleCases()
{
    QStringList dirs {
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/spfsleuth/cases")};
    for (const QString &d : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation))
        dirs << d + QStringLiteral("/spfsleuth/cases");
    dirs << QStringLiteral(SLEUTH_SOURCE_CASES);
    for (const QString &d : std::as_const(dirs)) {
        const QStringList files
            = QDir(d).entryList({QStringLiteral("*.spfcase")}, QDir::Files, QDir::Name);
        if (!files.isEmpty()) {
            QStringList out;
            for (const QString &f : files)
                out << QDir(d).absoluteFilePath(f);
            return out;
        }
    }
    return {};
}

WelcomePane::WelcomePane(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("welcome"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // the keyboard goes to the first sample, not the page
    outer->addWidget(scroll);
    auto *page = new QWidget(scroll);
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("Find out why mail bounces"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    v->addWidget(title);
    auto *guide = new QLabel(page);
    guide->setObjectName(QStringLiteral("welcomeGuide"));
    guide->setWordWrap(true);
    guide->setTextFormat(Qt::RichText);
    guide->setText(
        tr("<ol>"
           "<li><b>Start from the bounce.</b> Type the sender's address (or domain) in the field "
           "above and, from the bounce, the IP "
           "that sent the mail. Press Enter. Or paste the whole bounce into the <i>Paste "
           "bounce</i> tab: it finds the IP, the sender and "
           "the HELO for you, and never mistakes a version number for an IP.</li>"
           "<li><b>Read the verdict.</b> The line above says what a receiver concludes and why. "
           "The tree shows the path that decided, "
           "every DNS lookup (the limit is 10) and every void lookup (the limit is 2).</li>"
           "<li><b>Find the fix.</b> The <i>Record</i> tab underlines each error; <i>Apply quick "
           "fix</i> (Ctrl+.) corrects it and "
           "<i>Evaluate draft</i> (Ctrl+Return) shows what the corrected record would give.</li>"
           "<li><b>Tell the sender.</b> <i>File → Export report as PDF</i> (Ctrl+P) writes a "
           "report the sender's admin can act on. "
           "<i>Save case</i> (Ctrl+S) keeps the DNS evidence; reopen it later and <i>Recheck "
           "live</i> (Ctrl+R) to see whether they fixed it.</li>"
           "</ol>"));
    v->addWidget(guide);
    const QStringList cases = sampleCases();
    if (!cases.isEmpty()) {
        auto *samplesTitle
            = new QLabel(tr("Sample cases (they open offline, from captured DNS answers):"), page);
        QFont bold = samplesTitle->font();
        bold.setBold(true);
        samplesTitle->setFont(bold);
        v->addWidget(samplesTitle);
        for (const QString &path : cases) {
            const auto c = CaseFile::load(path);
            if (!c)
                continue;
            auto *button = new QPushButton(page);
            button->setObjectName(QStringLiteral("sample-") + QFileInfo(path).completeBaseName());
            QString first = c->notes.section(QStringLiteral(". "), 0, 0); // the first sentence
            if (first.endsWith(QLatin1Char('.')))
                first.chop(1);
            button->setText(tr("%1 — %2").arg(QFileInfo(path).completeBaseName(), first));
            button->setToolTip(c->notes);
            button->setStyleSheet(QStringLiteral("text-align: left; padding: 4px 8px;"));
            connect(button, &QPushButton::clicked, this, [this, path] { Q_EMIT caseChosen(path); });
            v->addWidget(button);
            if (!focusProxy())
                setFocusProxy(button); // the first sample: Enter opens it
        }
    }
    v->addStretch();
    scroll->setWidget(page);
}
