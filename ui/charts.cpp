#include "charts.h"

#include "common/safetext.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>

// qcustomplot.h uses the Qt keywords our QT_NO_KEYWORDS turns off: map them for this header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

using namespace Spf;

namespace {

QColor segmentColor(int i)
{
    static const int hues[] = {210, 30, 130, 280, 0, 180, 60, 320, 100, 240};
    return QColor::fromHsl(hues[i % 10], 150, 130 + (i / 10 % 2) * 30);
}

void styleAxes(QCustomPlot *plot)
{
    const QPalette pal = plot->palette();
    plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
        axis->setBasePen(QPen(pal.color(QPalette::Text)));
        axis->setTickPen(QPen(pal.color(QPalette::Text)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Text)));
        axis->setTickLabelColor(pal.color(QPalette::Text));
        axis->setLabelColor(pal.color(QPalette::Text));
        axis->grid()->setPen(QPen(pal.color(QPalette::Mid), 0, Qt::DotLine));
    }
    plot->legend->setBrush(pal.color(QPalette::Base));
    plot->legend->setTextColor(pal.color(QPalette::Text));
    plot->legend->setBorderPen(QPen(pal.color(QPalette::Mid)));
}

// Whole numbers on a count axis, in steps that keep the labels apart.
QSharedPointer<QCPAxisTicker> countTicker(double max)
{
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(max <= 14 ? 1 : max <= 30 ? 2 : max <= 75 ? 5 : 10);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return ticker;
}

QString elide(const QString &text, int chars)
{
    return text.size() > chars ? text.left(chars - 1) + QStringLiteral("…") : text;
}

constexpr int rowPixels = 17; // one timeline bar, one legend entry
constexpr int maxRows = 400; // timeline bars drawn; the rest are in the evidence and the JSON

} // namespace

Chart::Chart(const QString &objectName, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    setObjectName(objectName);
    setAccessibleName(name);
    setFocusPolicy(Qt::StrongFocus);
    m_plot->setFocusPolicy(Qt::NoFocus);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(3, 3, 3, 3); // room for the focus frame
    layout->addWidget(m_plot);
    m_plot->setMinimumHeight(180);
    m_plot->installEventFilter(this); // tooltips on bars
}

bool Chart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int item = itemAt(help->pos());
        if (item >= 0)
            QToolTip::showText(help->globalPos(), Text::richParagraph(itemText(item)), m_plot);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void Chart::reveal(int y)
{
    for (QWidget *w = parentWidget(); w; w = w->parentWidget()) {
        if (auto *area = qobject_cast<QScrollArea *>(w)) {
            if (area->widget()) {
                const QPoint p = m_plot->mapTo(area->widget(), QPoint(0, y));
                area->ensureVisible(0, p.y(), 0, 3 * rowPixels);
            }
            return;
        }
    }
}

void Chart::reset(const QString &description)
{
    m_description = description;
    m_current = -1;
    highlight(-1);
    setAccessibleDescription(description);
}

void Chart::pick(int item)
{
    if (itemCount() == 0)
        return;
    m_current = std::clamp(item, 0, itemCount() - 1);
    highlight(m_current);
    setAccessibleDescription(
        tr("%1 Picked: %2. Enter shows it in the tree.").arg(m_description, itemText(m_current)));
}

void Chart::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up:
        pick(m_current < 0 ? 0 : m_current - 1);
        break;
    case Qt::Key_Right:
    case Qt::Key_Down:
        pick(m_current + 1);
        break;
    case Qt::Key_Home:
        pick(0);
        break;
    case Qt::Key_End:
        pick(itemCount() - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_current >= 0 && itemNode(m_current) >= 0)
            Q_EMIT nodeClicked(itemNode(m_current));
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void Chart::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    if (!hasFocus())
        return;
    QPainter p(this);
    p.setPen(QPen(palette().color(QPalette::Highlight), 2));
    p.drawRect(rect().adjusted(1, 1, -1, -1));
}

void Chart::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    if (m_current < 0)
        pick(0);
    update();
}

void Chart::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

BudgetChart::BudgetChart(QWidget *parent)
    : Chart(QStringLiteral("budgetChart"), tr("DNS lookup budget chart"), parent)
{
    m_plot->setInteractions(QCP::iSelectPlottables);
    // The legend goes below the plot, in two columns, so it never hides a bar.
    m_legendRow = new QCPLayoutGrid;
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(1); // one entry a line: a narrow pane never cuts one
    connect(m_plot, &QCustomPlot::plottableClick, this,
        [this](QCPAbstractPlottable *p, int, QMouseEvent *) {
            const QVariant node = p->property("node");
            if (node.isValid())
                Q_EMIT nodeClicked(node.toInt());
        });
    setTrace({});
}

BudgetChart::~BudgetChart()
{
    if (!m_plot->plotLayout()->hasElement(1, 0))
        m_plot->plotLayout()->addElement(1, 0, m_legendRow);
}

void BudgetChart::setTrace(const Trace &trace)
{
    m_budget = lookupBudget(trace);
    m_segments = m_budget.segments;
    m_plot->clearPlottables();
    m_plot->clearItems();
    styleAxes(m_plot);
    // The totals sit in the row labels, where no bar can cover them.
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTick(
        1, tr("DNS lookups: %1\n(limit %2)").arg(m_budget.lookups).arg(m_budget.maxLookups));
    ticker->addTick(2,
        tr("Void lookups: %1\n(limit %2)").arg(m_budget.voidLookups).arg(m_budget.maxVoidLookups));
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.4, 2.6);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->setLabel(tr("DNS lookups"));
    QCPBars *below = nullptr;
    for (int i = 0; i < m_segments.size(); ++i) {
        const Segment &s = m_segments[i];
        auto *bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
        bars->setName(
            tr("%1: %n lookup(s)", nullptr, s.lookups).arg(elide(Text::safeText(s.label), 34)));
        bars->setProperty("node", s.node);
        bars->setWidth(0.6);
        bars->setPen(QPen(segmentColor(i).darker(140)));
        bars->setBrush(segmentColor(i));
        bars->addData(1, s.lookups);
        bars->addData(2, s.voids);
        if (below)
            bars->moveAbove(below);
        below = bars;
    }
    const double max = std::max({m_budget.maxLookups + 1.0, double(m_budget.lookups) + 1.0});
    m_plot->xAxis->setRange(0, max);
    m_plot->xAxis->setTicker(countTicker(max));
    // Each limit a dashed red line across its own row.
    auto limit = [this](double x, double y0, double y1) {
        auto *line = new QCPItemLine(m_plot);
        line->start->setCoords(x, y0);
        line->end->setCoords(x, y1);
        line->setPen(QPen(QColor(200, 0, 0), 2, Qt::DashLine));
    };
    limit(m_budget.maxLookups, 0.6, 1.4);
    limit(m_budget.maxVoidLookups, 1.6, 2.4);
    m_plot->legend->setVisible(!m_segments.isEmpty());
    QCPLayoutGrid *layout = m_plot->plotLayout();
    if (m_segments.isEmpty() && layout->hasElement(1, 0)) {
        layout->take(m_legendRow);
        layout->simplify();
    } else if (!m_segments.isEmpty() && !layout->hasElement(1, 0)) {
        layout->addElement(1, 0, m_legendRow);
        layout->setRowStretchFactor(1, 0.001);
    }
    // Tall enough for the bars and a legend line per term: the page scrolls, nothing is cut.
    m_plot->setMinimumHeight(190 + (rowPixels + 4) * int(m_segments.size()));
    setMinimumHeight(m_plot->minimumHeight() + 6);
    QStringList terms;
    for (const Segment &s : std::as_const(m_segments))
        terms << tr("%1: %n lookup(s)", nullptr, s.lookups).arg(s.label);
    reset(tr("DNS lookups: %1 of %2%3. Void lookups: %4 of %5.%6")
              .arg(m_budget.lookups)
              .arg(m_budget.maxLookups)
              .arg(m_budget.overLookups() ? tr(", over the limit") : QString())
              .arg(m_budget.voidLookups)
              .arg(m_budget.maxVoidLookups)
              .arg(terms.isEmpty()
                      ? QString()
                      : tr(" By top-level term: %1.").arg(terms.join(QStringLiteral("; ")))));
    m_plot->replot();
}

QString BudgetChart::itemText(int item) const
{
    const Segment &s = m_segments[item];
    return tr("%1, %n DNS lookup(s)", nullptr, s.lookups).arg(s.label)
        + (s.voids ? tr(", %n void", nullptr, s.voids) : QString());
}

int BudgetChart::itemAt(const QPoint &pos) const
{
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPBars *>(m_plot->plottable(i));
        if (!bars)
            continue;
        const double distance = bars->selectTest(pos, false);
        if (distance < 0 || distance >= m_plot->selectionTolerance())
            continue;
        const int node = bars->property("node").toInt();
        for (int s = 0; s < m_segments.size(); ++s) {
            if (m_segments[s].node == node)
                return s;
        }
    }
    return -1;
}

void BudgetChart::highlight(int item)
{
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPBars *>(m_plot->plottable(i));
        if (!bars)
            continue;
        const bool picked = item >= 0 && bars->property("node").toInt() == itemNode(item);
        QPen pen = bars->pen();
        pen.setWidth(picked ? 3 : 1);
        pen.setColor(
            picked ? palette().color(QPalette::Highlight) : bars->brush().color().darker(140));
        bars->setPen(pen);
    }
    m_plot->replot();
}

TimelineChart::TimelineChart(QWidget *parent)
    : Chart(QStringLiteral("timelineChart"), tr("DNS query timeline"), parent)
{
    // One row per query at a fixed height; the page around it scrolls, so every query shows.
    m_plot->setInteractions(QCP::iSelectItems);
    m_plot->xAxis2->setVisible(true); // the time scale stays in sight above the bars, too
    m_plot->xAxis2->setTickLabels(true);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), m_plot->xAxis2,
        qOverload<const QCPRange &>(&QCPAxis::setRange));
    connect(m_plot, &QCustomPlot::itemClick, this, [this](QCPAbstractItem *item, QMouseEvent *) {
        const QVariant node = item->property("node");
        if (node.isValid())
            Q_EMIT nodeClicked(node.toInt());
    });
    setTrace({});
}

void TimelineChart::setTrace(const Trace &trace)
{
    m_bars.clear();
    QHash<int, int> nodeOfExchange;
    for (int i = 0; i < trace.nodes.size(); ++i) {
        if (trace.nodes[i].kind == NodeKind::Query)
            nodeOfExchange.insert(trace.nodes[i].exchange, i);
    }
    for (int i = 0; i < trace.exchanges.size(); ++i) {
        const Dns::Exchange &e = trace.exchanges[i];
        Bar b;
        b.label = Dns::typeName(e.question.type) + QLatin1Char(' ') + e.question.name;
        b.node = nodeOfExchange.value(i, -1);
        b.startMs
            = i < trace.exchangeOffsetsUs.size() ? double(trace.exchangeOffsetsUs[i]) / 1000.0 : 0;
        const qint64 us = e.answer ? e.answer->elapsedUs : e.answer.error().elapsedUs;
        // An answer from the cache took no network time for this question: a thin grey mark.
        b.endMs = e.shared ? b.startMs : b.startMs + double(us) / 1000.0;
        b.failed = !e.answer || !e.answer->isSuccess();
        b.cached = e.shared;
        if (e.shared)
            b.label += tr(" (cached)");
        m_bars << b;
    }
    m_plot->clearItems();
    m_plot->clearPlottables();
    styleAxes(m_plot);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double end = 1;
    for (const Bar &b : std::as_const(m_bars))
        end = std::max(end, b.endMs);
    m_shown = int(std::min<qsizetype>(m_bars.size(), maxRows));
    for (int i = 0; i < m_shown; ++i) {
        const Bar &b = m_bars[i];
        auto *rect = new QCPItemRect(m_plot);
        rect->topLeft->setCoords(b.startMs, i + 0.6);
        rect->bottomRight->setCoords(std::max(b.endMs, b.startMs + end * 0.004 + 0.05), i + 1.4);
        const QColor fill = b.failed ? QColor(220, 60, 50)
            : b.cached               ? QColor(150, 150, 150)
                                     : QColor(70, 130, 200);
        // Not by colour alone: errors are hatched and marked with a cross, cached answers dotted.
        rect->setBrush(QBrush(fill,
            b.failed       ? Qt::BDiagPattern
                : b.cached ? Qt::Dense4Pattern
                           : Qt::SolidPattern));
        rect->setPen(QPen(fill.darker(140), b.failed ? 2 : 1));
        if (b.failed) {
            auto *mark = new QCPItemText(m_plot);
            mark->position->setCoords(std::max(b.endMs, b.startMs + end * 0.004 + 0.05), i + 1);
            mark->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            mark->setText(QStringLiteral(" ✕"));
            mark->setColor(fill.darker(140));
        }
        rect->setSelectedBrush(fill.lighter(140));
        rect->setProperty("node", b.node);
        rect->setProperty("bar", i);
        ticker->addTick(i + 1, elide(Text::safeText(b.label), 30));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.4, std::max<double>(m_shown, 1) + 0.6);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->setLabel(m_shown < m_bars.size()
            ? tr("ms since start; the first %1 of %2 queries").arg(m_shown).arg(m_bars.size())
            : tr("ms since start"));
    m_plot->xAxis->setRange(0, end * 1.05);
    m_plot->xAxis->ticker()->setTickCount(4); // a narrow pane keeps its figures apart
    m_plot->xAxis2->setTicker(m_plot->xAxis->ticker()); // the top scale ticks where the bottom does
    m_plot->setMinimumHeight(std::max(160, 90 + rowPixels * m_shown));
    setMinimumHeight(m_plot->minimumHeight() + 6);
    int failed = 0;
    int cached = 0;
    int slowest = -1;
    for (int i = 0; i < m_bars.size(); ++i) {
        failed += m_bars[i].failed ? 1 : 0;
        cached += m_bars[i].cached ? 1 : 0;
        if (slowest < 0
            || m_bars[i].endMs - m_bars[i].startMs
                > m_bars[slowest].endMs - m_bars[slowest].startMs)
            slowest = i;
    }
    reset(tr("%n DNS quer(y|ies) in %1 ms", nullptr, int(m_bars.size())).arg(end, 0, 'f', 1)
        + tr("; %n failed", nullptr, failed) + tr("; %n answered from the cache", nullptr, cached)
        + (slowest >= 0 ? tr(". Slowest: %1.").arg(itemText(slowest)) : QStringLiteral(".")));
    m_plot->replot();
}

QString TimelineChart::itemText(int item) const
{
    const Bar &b = m_bars[item];
    return tr("%1, %2 ms%3")
        .arg(b.label)
        .arg(b.endMs - b.startMs, 0, 'f', 1)
        .arg(b.failed ? tr(", failed") : QString());
}

void TimelineChart::highlight(int item)
{
    for (int i = 0; i < m_plot->itemCount(); ++i) {
        auto *rect = qobject_cast<QCPItemRect *>(m_plot->item(i));
        if (rect)
            rect->setSelected(item >= 0 && rect->property("bar").toInt() == item);
    }
    m_plot->replot();
    if (item >= 0 && item < m_shown) // keep the picked bar in view
        reveal(int(m_plot->yAxis->coordToPixel(item + 1)));
}

int TimelineChart::itemAt(const QPoint &pos) const
{
    if (!m_plot->axisRect()->rect().contains(pos))
        return -1;
    const int row = int(std::lround(m_plot->yAxis->pixelToCoord(pos.y()))) - 1;
    return row >= 0 && row < m_shown ? row : -1;
}
