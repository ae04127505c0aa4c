#pragma once

#include <QWidget>

#include "spf/budget.h"
#include "spf/trace.h"

class QCustomPlot;

// Lookup budget: DNS lookups per top-level term, stacked against the lookup limit; void lookups
// against theirs (Spf::LookupBudget). Clicking a segment selects its node.
class BudgetChart : public QWidget
{
    Q_OBJECT

public:
    using Segment = Spf::LookupBudget::Segment;

    explicit BudgetChart(QWidget *parent = nullptr);
    void setTrace(const Spf::Trace &trace);
    const QList<Segment> &segments() const { return m_segments; }
    QCustomPlot *plot() const { return m_plot; }

Q_SIGNALS:
    void nodeClicked(int node);

private:
    QCustomPlot *m_plot;
    QList<Segment> m_segments;
    Spf::LookupBudget m_budget;
};

// Query timeline: each DNS query as a bar from its start to its end, so slow or timed-out servers
// stand out. Clicking a bar selects the query's node.
class TimelineChart : public QWidget
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
    QCustomPlot *plot() const { return m_plot; }

Q_SIGNALS:
    void nodeClicked(int node);

private:
    QCustomPlot *m_plot;
    QList<Bar> m_bars;
};
