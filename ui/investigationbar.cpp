#include "investigationbar.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStringListModel>
#include <QStyle>
#include <QVBoxLayout>

#include "a11y.h"
#include "common/safetext.h"
#include "investigationcontroller.h"
#include "verdict.h"

using Investigation::DnsSource;
using Investigation::ResolverMode;

namespace {

enum ResolverItem {
    SystemResolver,
    CustomResolver,
    AuthoritativeResolver,
    ZoneResolver,
    CaseResolver,
    ChooseZoneFile, // "Zone file…": opens a file dialog, then the zone is offered as ZoneResolver
};

} // namespace

InvestigationBar::InvestigationBar(QWidget *parent)
    : QWidget(parent)
{
    // Created in the order the keyboard visits them (the inputs, the DNS, Run and Cancel).
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    buildInputFields();
    buildResolverControls();
    v->addLayout(buildInputRow());
    v->addWidget(buildInputError());
    v->addWidget(buildRestoreBar());
    v->addLayout(buildStatusRow());
    connectInputs();
}

void InvestigationBar::buildInputFields()
{
    m_targetEdit = new QLineEdit(this);
    m_targetEdit->setObjectName(QStringLiteral("targetEdit"));
    m_targetEdit->setAccessibleName(tr("Domain, e-mail address or IP address"));
    m_targetEdit->setPlaceholderText(tr("Domain, e-mail or IP"));
    m_targetEdit->setToolTip(tr("A domain, an e-mail address or an IP, e.g. user@pclnet.example"));
    m_targetEdit->setClearButtonEnabled(true);
    m_targetEdit->setMaxLength(320); // an address is at most 254; room for <...> and spaces
    A11y::nameClearButton(m_targetEdit, tr("Clear the investigation field"));
    auto *completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_targetEdit->setCompleter(completer);
    m_ipEdit = new QLineEdit(this);
    m_ipEdit->setObjectName(QStringLiteral("ipEdit"));
    m_ipEdit->setAccessibleName(tr("Sending IP address"));
    m_ipEdit->setMaxLength(64);
    m_ipEdit->setPlaceholderText(tr("IP (optional)"));
    m_heloEdit = new QLineEdit(this);
    m_heloEdit->setObjectName(QStringLiteral("heloEdit"));
    m_heloEdit->setAccessibleName(tr("HELO name"));
    m_heloEdit->setMaxLength(255);
    m_heloEdit->setPlaceholderText(tr("HELO (optional)"));
    // Each field at least as wide as its placeholder (and the clear button), even at 1024 px.
    for (QLineEdit *edit : {m_targetEdit, m_ipEdit, m_heloEdit})
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 30);
}

void InvestigationBar::buildResolverControls()
{
    m_resolverCombo = new QComboBox(this);
    m_resolverCombo->setObjectName(QStringLiteral("resolverCombo"));
    m_resolverCombo->setAccessibleName(tr("Resolver"));
    m_resolverCombo->addItem(tr("System resolver"), int(SystemResolver));
    m_resolverCombo->addItem(tr("Custom server"), int(CustomResolver));
    m_resolverCombo->addItem(tr("Authoritative servers"), int(AuthoritativeResolver));
    m_resolverCombo->addItem(tr("Zone file…"), int(ChooseZoneFile));
    m_resolverCombo->setItemData(m_resolverCombo->count() - 1,
        tr("Answers from a zone file you pick; nothing is asked on the network"), Qt::ToolTipRole);
    // As wide as its longest entry, which stays short: the details are in each entry's tooltip.
    m_resolverCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_serverEdit = new QLineEdit(this);
    m_serverEdit->setObjectName(QStringLiteral("serverEdit"));
    m_serverEdit->setAccessibleName(tr("Custom DNS server"));
    m_serverEdit->setMaxLength(300);
    m_serverEdit->setPlaceholderText(tr("host:port, e.g. 192.0.2.53:53"));
    m_serverEdit->setMinimumWidth(
        m_serverEdit->fontMetrics().horizontalAdvance(QStringLiteral("192.0.2.53:5353__")));
    m_serverEdit->setVisible(false);
    m_timeoutSpin = new QDoubleSpinBox(this);
    m_timeoutSpin->setObjectName(QStringLiteral("timeoutSpin"));
    m_timeoutSpin->setAccessibleName(tr("Seconds to wait for each DNS answer"));
    m_timeoutSpin->setToolTip(tr("Seconds to wait for each DNS answer (per try)"));
    m_timeoutSpin->setRange(0.1, 60);
    m_timeoutSpin->setDecimals(1);
    m_timeoutSpin->setSingleStep(0.5);
    m_timeoutSpin->setSuffix(tr(" s"));
    m_timeoutSpin->setValue(3);
    A11y::nameSpinBox(m_timeoutSpin);
}

QHBoxLayout *InvestigationBar::buildInputRow()
{
    m_runButton
        = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Investigate"), this);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setDefault(true);
    m_cancelButton
        = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setEnabled(false);
    auto *row = new QHBoxLayout;
    row->addWidget(m_targetEdit, 4);
    row->addWidget(m_ipEdit, 2);
    row->addWidget(m_heloEdit, 2);
    row->addWidget(A11y::labelFor(m_resolverCombo, tr("&DNS:")));
    row->addWidget(m_resolverCombo);
    row->addWidget(m_serverEdit, 2);
    row->addWidget(m_timeoutSpin);
    row->addWidget(m_runButton);
    row->addWidget(m_cancelButton);
    return row;
}

QLabel *InvestigationBar::buildInputError()
{
    m_inputError = new QLabel(this);
    m_inputError->setObjectName(QStringLiteral("inputError"));
    m_inputError->setTextFormat(Qt::PlainText);
    m_inputError->setWordWrap(true);
    QPalette errPal = m_inputError->palette();
    errPal.setColor(QPalette::WindowText,
        palette().color(QPalette::Base).lightness() < 128 ? QColor(255, 120, 110)
                                                          : QColor(176, 0, 32));
    m_inputError->setPalette(errPal);
    m_inputError->setVisible(false);
    return m_inputError;
}

QWidget *InvestigationBar::buildRestoreBar()
{
    m_restoreBar = new QWidget(this);
    m_restoreBar->setObjectName(QStringLiteral("restoreBar"));
    auto *restoreRow = new QHBoxLayout(m_restoreBar);
    restoreRow->setContentsMargins(0, 0, 0, 0);
    m_restoreText = new QLabel(m_restoreBar);
    m_restoreText->setObjectName(QStringLiteral("restoreText"));
    m_restoreText->setTextFormat(Qt::PlainText);
    m_restoreText->setWordWrap(true);
    auto *restore = new QPushButton(tr("Restore"), m_restoreBar);
    restore->setObjectName(QStringLiteral("restoreButton"));
    auto *discard = new QPushButton(tr("Discard"), m_restoreBar);
    discard->setObjectName(QStringLiteral("discardButton"));
    restoreRow->addWidget(m_restoreText, 1);
    restoreRow->addWidget(restore);
    restoreRow->addWidget(discard);
    m_restoreBar->setVisible(false);
    connect(restore, &QPushButton::clicked, this, &InvestigationBar::restoreRequested);
    connect(discard, &QPushButton::clicked, this, &InvestigationBar::discardRequested);
    return m_restoreBar;
}

QHBoxLayout *InvestigationBar::buildStatusRow()
{
    m_verdictIcon = new QLabel(this);
    m_verdictIcon->setObjectName(QStringLiteral("verdictIcon"));
    m_verdictIcon->setAccessibleName(tr("Verdict status: none yet"));
    m_verdictLabel = new QLabel(tr("Type a domain, an e-mail address or an IP address and press "
                                   "Enter. Add the sending IP to test whether it would pass."),
        this);
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_verdictLabel->setTextFormat(Qt::PlainText); // DNS text is hostile: never rich text
    m_verdictLabel->setWordWrap(true);
    // Focusable, so that after a run the keyboard lands on what a screen reader then reads.
    m_verdictLabel->setTextInteractionFlags(
        Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_verdictLabel->setFocusPolicy(Qt::StrongFocus);
    // A label draws no focus of its own: a frame in the highlight colour when it has it (and a
    // transparent one otherwise, so nothing moves).
    m_verdictLabel->setStyleSheet(
        QStringLiteral("QLabel#verdictLabel { border: 2px solid transparent; padding: 1px; }"
                       "QLabel#verdictLabel:focus { border-color: palette(highlight); }"));
    m_verdictLabel->setAccessibleName(tr("Verdict: ") + m_verdictLabel->text());
    QFont big = m_verdictLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_verdictLabel->setFont(big);
    Verdict::keepTwoLines(m_verdictLabel); // the tabs below never move with its text
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0);
    m_progress->setAccessibleName(tr("Investigation in progress"));
    m_progress->setMaximumWidth(160);
    m_progress->setVisible(false);
    m_stageLabel = new QLabel(this);
    m_stageLabel->setObjectName(QStringLiteral("stageLabel"));
    m_stageLabel->setTextFormat(Qt::PlainText);
    auto *status = new QHBoxLayout;
    status->addWidget(m_verdictIcon);
    status->addWidget(m_verdictLabel, 1);
    status->addWidget(m_stageLabel);
    status->addWidget(m_progress);
    return status;
}

void InvestigationBar::connectInputs()
{
    // Each change of which DNS to ask, by the user or by the program, is announced.
    connect(m_resolverCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_resolverCombo->currentData().toInt() == ChooseZoneFile) {
            // The box keeps showing what answers now until a zone is actually loaded.
            const QSignalBlocker quiet(m_resolverCombo);
            m_resolverCombo->setCurrentIndex(m_shownResolver);
            QMetaObject::invokeMethod(
                this, &InvestigationBar::chooseZoneFile, Qt::QueuedConnection);
            return;
        }
        m_shownResolver = index;
        m_serverEdit->setVisible(m_resolverCombo->currentData().toInt() == CustomResolver);
        m_resolverCombo->setToolTip(m_resolverCombo->currentData(Qt::ToolTipRole).toString());
        announceResolver();
    });
    connect(m_serverEdit, &QLineEdit::textChanged, this, &InvestigationBar::announceResolver);
    connect(
        m_timeoutSpin, &QDoubleSpinBox::valueChanged, this, &InvestigationBar::announceResolver);
    for (QLineEdit *edit : {m_targetEdit, m_ipEdit, m_heloEdit, m_serverEdit})
        connect(edit, &QLineEdit::returnPressed, this, &InvestigationBar::investigateRequested);
    connect(m_runButton, &QPushButton::clicked, this, &InvestigationBar::investigateRequested);
    connect(m_cancelButton, &QPushButton::clicked, this, &InvestigationBar::cancelRequested);
    connect(m_targetEdit, &QLineEdit::textEdited, m_inputError, &QLabel::hide);
}

void InvestigationBar::follow(const InvestigationController *c)
{
    connect(c, &InvestigationController::started, this, [this](const Investigation::Request &r) {
        showInputError(QString());
        addRecent(r.target);
        setVerdict(tr("Investigating %1…").arg(Text::shortSafe(r.target)));
    });
    connect(c, &InvestigationController::busyChanged, this, &InvestigationBar::setBusy);
    connect(c, &InvestigationController::cancelling, this, [this] { setStage(tr("Cancelling…")); });
    connect(c, &InvestigationController::progress, this, [this](const Investigation::Progress &p) {
        setStage(tr("%1 — %n DNS quer(y|ies)", nullptr, p.queries).arg(p.stage));
    });
    connect(c, &InvestigationController::finished, this, [this](const Investigation::Result &r) {
        if (!r.error.isEmpty()) {
            showInputError(r.error);
            setVerdict(r.error);
        } else {
            setVerdict(
                Verdict::line(r), style()->standardIcon(Verdict::icon(r)), Verdict::status(r));
        }
    });
}

QString InvestigationBar::target() const
{
    return m_targetEdit->text().trimmed();
}

QString InvestigationBar::ip() const
{
    return m_ipEdit->text().trimmed();
}

QString InvestigationBar::helo() const
{
    return m_heloEdit->text().trimmed();
}

void InvestigationBar::setInputs(const QString &target, const QString &ip, const QString &helo)
{
    m_targetEdit->setText(target);
    m_ipEdit->setText(ip);
    m_heloEdit->setText(helo);
}

void InvestigationBar::focusTarget()
{
    m_targetEdit->setFocus();
    m_targetEdit->selectAll();
}

DnsSource InvestigationBar::dnsSource() const
{
    switch (m_resolverCombo->currentData().toInt()) {
    case ZoneResolver:
        return DnsSource::Zone;
    case CaseResolver:
        return DnsSource::Case;
    default:
        return DnsSource::Live;
    }
}

Investigation::ResolverChoice InvestigationBar::liveChoice() const
{
    Investigation::ResolverChoice choice;
    const int mode = m_resolverCombo->currentData().toInt();
    choice.mode = mode == CustomResolver ? ResolverMode::Custom
        : mode == AuthoritativeResolver  ? ResolverMode::Authoritative
                                         : ResolverMode::System;
    if (const QString server = m_serverEdit->text().trimmed(); !server.isEmpty())
        choice.servers = QStringList {server};
    choice.timeoutMs = int(m_timeoutSpin->value() * 1000);
    return choice;
}

void InvestigationBar::announceResolver()
{
    Q_EMIT resolverChanged(dnsSource(), liveChoice());
}

void InvestigationBar::selectCustomServer(const QString &server)
{
    m_resolverCombo->setCurrentIndex(CustomResolver);
    m_serverEdit->setText(server);
}

void InvestigationBar::setTimeoutMs(int ms)
{
    m_timeoutSpin->setValue(ms / 1000.0);
}

void InvestigationBar::chooseZoneFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Answer from a zone file"), {},
        tr("Zone files (*.zone *.db *.txt);;All files (*)"));
    if (!path.isEmpty())
        Q_EMIT zoneFileChosen(path);
}

void InvestigationBar::offerZone(const QString &fileName, bool readable)
{
    offerSource(int(ZoneResolver),
        readable ? tr("Zone: %1").arg(Text::shortSafe(fileName, 18))
                 : tr("Zone: %1 (unreadable)").arg(Text::shortSafe(fileName, 12)),
        readable ? tr("Answers from the zone file %1; nothing is asked on the network.")
                       .arg(Text::shortSafe(fileName, 200))
                 : tr("The zone file %1 could not be read: pick another resolver.")
                       .arg(Text::shortSafe(fileName, 200)));
}

void InvestigationBar::offerCase(const QDateTime &captured)
{
    offerSource(int(CaseResolver),
        tr("Case, %1").arg(captured.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"))),
        tr("The DNS answers captured in the case file on %1; nothing is asked on the network.")
            .arg(captured.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
}

void InvestigationBar::offerSource(int kind, const QString &label, const QString &toolTip)
{
    // Quietly: removing the current entry would select a neighbour for a moment (the
    // "Zone file…" entry opens its file dialog); only the new entry is announced.
    QSignalBlocker quiet(m_resolverCombo);
    if (const int existing = m_resolverCombo->findData(kind); existing >= 0)
        m_resolverCombo->removeItem(existing);
    m_resolverCombo->addItem(label, kind);
    m_resolverCombo->setItemData(m_resolverCombo->count() - 1, toolTip, Qt::ToolTipRole);
    quiet.unblock();
    m_resolverCombo->setCurrentIndex(m_resolverCombo->count() - 1);
}

void InvestigationBar::showInputError(const QString &message)
{
    showInputError(Investigation::InputProblem {Investigation::InputField::None, message});
}

void InvestigationBar::showInputError(const Investigation::InputProblem &problem)
{
    m_inputError->setText(problem.message);
    m_inputError->setVisible(!problem.isEmpty());
    using Investigation::InputField;
    const QList<std::pair<InputField, QWidget *>> fields {{InputField::Target, m_targetEdit},
        {InputField::Ip, m_ipEdit}, {InputField::Helo, m_heloEdit},
        {InputField::Resolver,
            m_serverEdit->isVisible() ? static_cast<QWidget *>(m_serverEdit) : m_resolverCombo}};
    for (const auto &[field, widget] : fields) {
        A11y::describeError(widget, field == problem.field ? problem.message : QString());
        if (field == problem.field && widget->isVisible())
            widget->setFocus(Qt::OtherFocusReason); // where the fix goes
    }
    if (!problem.isEmpty())
        A11y::announce(m_inputError, tr("Input error: "));
}

QWidget *InvestigationBar::verdictView() const
{
    return m_verdictLabel;
}

void InvestigationBar::setBusy(bool busy)
{
    m_cancelButton->setEnabled(busy);
    m_progress->setVisible(busy);
    m_stageLabel->setVisible(busy);
    if (busy)
        m_stageLabel->clear();
}

void InvestigationBar::setStage(const QString &stage)
{
    m_stageLabel->setText(stage);
}

void InvestigationBar::setVerdict(const QString &text, const QIcon &icon, const QString &status)
{
    Verdict::showOnTwoLines(m_verdictLabel, text);
    A11y::announceText(m_verdictLabel, tr("Verdict: ") + text);
    m_verdictIcon->setAccessibleName(
        tr("Verdict status: %1").arg(status.isEmpty() ? tr("none") : status));
    if (icon.isNull())
        m_verdictIcon->clear();
    else
        m_verdictIcon->setPixmap(icon.pixmap(32, 32));
}

void InvestigationBar::offerRestore(const QString &text)
{
    m_restoreText->setText(text);
    m_restoreBar->setVisible(true);
}

void InvestigationBar::hideRestore()
{
    m_restoreBar->setVisible(false);
}

bool InvestigationBar::isRestoreOffered() const
{
    return m_restoreBar->isVisible();
}

void InvestigationBar::setRecent(const QStringList &targets)
{
    m_recent = targets;
    static_cast<QStringListModel *>(m_targetEdit->completer()->model())->setStringList(m_recent);
}

void InvestigationBar::addRecent(const QString &target)
{
    m_recent.removeAll(target);
    m_recent.prepend(target);
    while (m_recent.size() > 20)
        m_recent.removeLast();
    setRecent(m_recent);
}

void InvestigationBar::loadSettings()
{
    QSettings s;
    m_resolverCombo->setCurrentIndex(
        std::clamp(s.value(QStringLiteral("resolver/mode"), 0).toInt(), 0, 2));
    m_serverEdit->setText(s.value(QStringLiteral("resolver/server")).toString());
    m_timeoutSpin->setValue(s.value(QStringLiteral("resolver/timeoutMs"), 3000).toInt() / 1000.0);
    setRecent(s.value(QStringLiteral("recent/targets")).toStringList());
    announceResolver(); // also when the settings say what the bar already showed
}

void InvestigationBar::saveSettings(bool saveTimeout) const
{
    QSettings s;
    const int mode = m_resolverCombo->currentData().toInt();
    if (mode != ZoneResolver && mode != CaseResolver)
        s.setValue(QStringLiteral("resolver/mode"), mode);
    s.setValue(QStringLiteral("resolver/server"), m_serverEdit->text());
    if (saveTimeout) // a --timeout given for one run is not a preference
        s.setValue(QStringLiteral("resolver/timeoutMs"), int(m_timeoutSpin->value() * 1000));
    s.setValue(QStringLiteral("recent/targets"), m_recent);
}
