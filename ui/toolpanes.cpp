#include "toolpanes.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTableView>
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

// A row of one labelled input, an optional second labelled control and buttons, over `output`.
QVBoxLayout *queryLayout(QWidget *page, QLineEdit *input, const QString &inputLabel, QWidget *extra,
    const QString &extraLabel, const QList<QPushButton *> &buttons, QPlainTextEdit *output)
{
    auto *v = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    row->addWidget(A11y::labelFor(input, inputLabel));
    row->addWidget(input, 3);
    if (extra) {
        row->addWidget(A11y::labelFor(extra, extraLabel));
        row->addWidget(extra, 1);
    }
    for (QPushButton *button : buttons)
        row->addWidget(button);
    v->addLayout(row);
    v->addWidget(output, 1);
    return v;
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
    queryLayout(this, m_name, tr("&Name:"), m_type, tr("T&ype:"), {run}, m_output);
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
    m_blocklistRun = new QPushButton(tr("Check &block lists"), this);
    m_blocklistRun->setObjectName(QStringLiteral("blocklistRun"));
    m_blocklistRun->setToolTip(tr("Ask the well-known DNS block lists (Spamhaus ZEN, SpamCop, "
                                  "Barracuda, ...) whether they list this address"));
    m_output = monospaceOutput(this, QStringLiteral("reverseOutput"), tr("Reverse lookup result"));
    QVBoxLayout *v = queryLayout(
        this, m_address, tr("&Address:"), nullptr, {}, {run, m_blocklistRun}, m_output);
    m_blocklistSummary = new QLabel(this);
    m_blocklistSummary->setObjectName(QStringLiteral("blocklistSummary"));
    m_blocklistSummary->setWordWrap(true);
    m_blocklistSummary->setTextFormat(Qt::PlainText);
    m_blocklistProgress = new QProgressBar(this);
    m_blocklistProgress->setObjectName(QStringLiteral("blocklistProgress"));
    m_blocklistProgress->setAccessibleName(tr("Block lists answered"));
    m_blocklistProgress->setFormat(tr("%v of %m lists answered"));
    m_blocklistCancel = new QPushButton(tr("Cancel"), this);
    m_blocklistCancel->setObjectName(QStringLiteral("blocklistCancel"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_blocklistSummary, 1);
    progressRow->addWidget(m_blocklistProgress);
    progressRow->addWidget(m_blocklistCancel);
    v->addLayout(progressRow);
    m_blocklists = new BlocklistModel(this);
    m_blocklistTable = new QTableView(this);
    m_blocklistTable->setObjectName(QStringLiteral("blocklistTable"));
    m_blocklistTable->setAccessibleName(tr("Block list results"));
    m_blocklistTable->setModel(m_blocklists);
    m_blocklistTable->setWordWrap(true);
    m_blocklistTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_blocklistTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_blocklistTable->verticalHeader()->hide();
    m_blocklistTable->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_blocklistTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_blocklistTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_blocklistTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    v->addWidget(m_blocklistTable, 1);
    m_blocklistProgress->hide();
    m_blocklistCancel->hide();
    m_blocklistTable->hide();
    setFocusProxy(m_address);
    connect(run, &QPushButton::clicked, this, &ReversePane::runLookup);
    connect(m_address, &QLineEdit::returnPressed, this, &ReversePane::runLookup);
    connect(m_blocklistRun, &QPushButton::clicked, this, &ReversePane::checkBlocklists);
    connect(m_blocklistCancel, &QPushButton::clicked, m_controller,
        &InvestigationController::cancelBlocklists);
    connect(
        m_controller, &InvestigationController::finished, this, &ReversePane::showCaseBlocklists);
}

void ReversePane::showCaseBlocklists(const Investigation::Result &result)
{
    if (isCheckingBlocklists())
        return; // the check in flight reports itself
    if (result.blocklists.isEmpty()) {
        blocklistsDone({}, false, {});
        m_blocklistSummary->clear();
        return;
    }
    const Dnsbl::Check &last = result.blocklists.last();
    m_address->setText(last.ip);
    blocklistsDone(last, false,
        tr("From the case (%n check(s) kept with it).", nullptr, int(result.blocklists.size())));
}

std::optional<QHostAddress> ReversePane::typedAddress()
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
    }
    return ip;
}

void ReversePane::runLookup()
{
    const auto ip = typedAddress();
    if (!ip)
        return;
    const QHostAddress address = *ip;
    m_output->setPlainText(tr("Looking up…"));
    m_controller->runTool(
        // QString, not the QStringBuilder the sum would deduce: that refers to temporaries gone
        // when the lambda returns (a crash, seen when a lookup ran beside a block-list check).
        [address](Dns::Resolver &resolver) -> QString {
            const Dns::ReverseResult r = Dns::reverseLookup(resolver, address);
            return plainLanguage(r) + QStringLiteral("\n\n")
                + plain([&](QTextStream &s) { Text::printReverse(s, r); });
        },
        [this](const QString &out) { m_output->setPlainText(out); });
}

void ReversePane::checkBlocklists()
{
    const auto ip = typedAddress();
    if (!ip)
        return;
    const QList<Dnsbl::List> lists = Dnsbl::defaultLists();
    m_blocklistRun->setEnabled(false);
    m_blocklistCancel->show();
    m_blocklistProgress->setRange(0, 0); // busy until the first list answers
    m_blocklistProgress->show();
    m_blocklistSummary->setText(tr("Asking the block lists about %1…").arg(Net::ipToString(*ip)));
    m_controller->checkBlocklists(*ip, lists,
        {[this](int done, int total) {
             m_blocklistProgress->setRange(0, total);
             m_blocklistProgress->setValue(done);
         },
            [this](const Dnsbl::Check &check, bool cancelled, const QString &kept) {
                blocklistsDone(check, cancelled, kept);
            },
            [this](const QString &error) {
                blocklistsDone({}, false, {});
                m_blocklistSummary->setText(tr("No block list asked: %1").arg(error));
            }});
}

bool ReversePane::isCheckingBlocklists() const
{
    return !m_blocklistRun->isEnabled();
}

void ReversePane::blocklistsDone(const Dnsbl::Check &check, bool cancelled, const QString &kept)
{
    m_blocklistRun->setEnabled(true);
    m_blocklistCancel->hide();
    m_blocklistProgress->hide();
    m_blocklists->setCheck(check);
    m_blocklistTable->setVisible(!check.lists.isEmpty());
    QString summary = cancelled ? tr("Cancelled. ") : QString();
    if (!check.lists.isEmpty() || !check.skipped.isEmpty())
        summary += Dnsbl::verdict(check);
    if (!kept.isEmpty())
        summary = QString(summary + QLatin1Char(' ') + kept).trimmed();
    m_blocklistSummary->setText(summary);
}

void ReversePane::showResult(const Dns::ReverseResult &result)
{
    m_address->setText(result.ip);
    m_output->setPlainText(plainLanguage(result) + QStringLiteral("\n\n")
        + plain([&](QTextStream &s) { Text::printReverse(s, result); }));
}

void BlocklistModel::setCheck(const Dnsbl::Check &check)
{
    beginResetModel();
    m_check = check;
    endResetModel();
}

QStringList BlocklistModel::titles() const
{
    return {tr("List"), tr("Status"), tr("Meaning")};
}

QVariant BlocklistModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_check.lists.size())
        return {};
    const Dnsbl::ListResult &r = m_check.lists.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return r.list.zone;
        if (index.column() == 1)
            return Dnsbl::statusWords(r.status);
        return r.txt.isEmpty()
            ? r.meaning
            : tr("%1\nThe list says: %2").arg(r.meaning, Text::shortSafe(r.txt.front(), 160));
    case Qt::ForegroundRole:
        if (index.column() != 1)
            return {};
        // Only a listing is red; a refusal (amber) and no answer (grey) are no listing.
        if (r.status == Dnsbl::Status::Listed)
            return QColor(0xa3, 0x00, 0x1b);
        if (r.status == Dnsbl::Status::Refused)
            return QColor(0x80, 0x55, 0x00);
        if (r.status == Dnsbl::Status::Unknown)
            return QColor(0x5f, 0x5f, 0x5f);
        return {};
    case Qt::FontRole: {
        if (index.column() != 1 || r.status == Dnsbl::Status::NotListed)
            return {};
        QFont f;
        f.setBold(r.status == Dnsbl::Status::Listed);
        f.setItalic(r.status != Dnsbl::Status::Listed);
        return f;
    }
    case Qt::ToolTipRole: {
        QStringList lines {r.list.name, tr("Asked: %1").arg(r.query), r.meaning};
        for (const QString &t : r.txt)
            lines << tr("The list says: %1").arg(Text::shortSafe(t, 300));
        if (!r.list.unverified.isEmpty())
            lines << tr("Not verified: %1").arg(r.list.unverified);
        return QStringLiteral("<p>%1</p>")
            .arg(lines.join(QStringLiteral("\n"))
                     .toHtmlEscaped()
                     .replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    }
    default:
        return {};
    }
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
