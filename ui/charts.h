#pragma once

#include <QWidget>

#include "spf/budget.h"
#include "spf/trace.h"

class QCPLayoutGrid;
class QCustomPlot;

// What both charts share: a plot, keyboard use (arrows pick an item, Enter shows its node in the
// tree, as a click does), a focus frame, and a text alternative with the figures the chart shows
// (its accessible description), so nothing is mouse-only or sight-only.
class Chart : public QWidget
{
    Q_OBJECT

public:
    QCustomPlot *plot() const { return m_plot; }
    int currentItem() const { return m_current; }
    // The figures in words (also the accessible description).
    QString textAlternative() const { return accessibleDescription(); }

Q_SIGNALS:
    void nodeClicked(int node);

protected:
    Chart(const QString &objectName, const QString &name, QWidget *parent);
    virtual int itemCount() const = 0;
    virtual int itemNode(int item) const = 0;
    virtual QString itemText(int item) const = 0;
    virtual void highlight(int item) = 0; // -1: none
    // The item under a point of the plot (for its tooltip), or -1.
    virtual int itemAt(const QPoint &pos) const = 0;
    // Scrolls an enclosing scroll area so that this vertical position of the plot shows.
    void reveal(int y);
    // After new data: the description, and no item picked.
    void reset(const QString &description);

    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

    QCustomPlot *m_plot;

private:
    void pick(int item);
    QString m_description;
    int m_current = -1;
};

// Lookup budget: DNS lookups per top-level term, stacked against the lookup limit; void lookups
// against theirs (Spf::LookupBudget). Clicking a segment selects its node.
class BudgetChart : public Chart
{
    Q_OBJECT

public:
    using Segment = Spf::LookupBudget::Segment;

    explicit BudgetChart(QWidget *parent = nullptr);
    ~BudgetChart() override; // the legend's row back in the plot, which deletes it
    void setTrace(const Spf::Trace &trace);
    const QList<Segment> &segments() const { return m_segments; }

protected:
    int itemCount() const override { return int(m_segments.size()); }
    int itemNode(int item) const override { return m_segments.value(item).node; }
    QString itemText(int item) const override;
    void highlight(int item) override;
    int itemAt(const QPoint &pos) const override;

private:
    QList<Segment> m_segments;
    Spf::LookupBudget m_budget;
    // The legend's row under the plot: out of the layout while there is nothing in it (an empty
    // legend would hold the plot to its own few pixels of width).
    QCPLayoutGrid *m_legendRow = nullptr;
};

// Query timeline: each DNS query as a bar from its start to its end, so slow or timed-out servers
// stand out. Clicking a bar selects the query's node.
class TimelineChart : public Chart
{
    Q_OBJECT

public:
    struct Bar
    {
        QString label;
        int node = -1;
        double startMs = 0;
        double endMs = 0;
        bool failed = false;
        bool cached = false; // answered from the investigation's cache
    };

    explicit TimelineChart(QWidget *parent = nullptr);
    void setTrace(const Spf::Trace &trace);
    const QList<Bar> &bars() const { return m_bars; }

protected:
    int itemCount() const override { return int(m_bars.size()); }
    int itemNode(int item) const override { return m_bars.value(item).node; }
    QString itemText(int item) const override;
    void highlight(int item) override;
    int itemAt(const QPoint &pos) const override;

private:
    QList<Bar> m_bars;
    int m_shown = 0; // bars drawn: the first of m_bars, up to a cap
};
