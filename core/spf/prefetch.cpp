#include "spf/prefetch_p.h"

#include "common/netutil.h"
#include "spf/parser.h"

namespace Spf {

// A target expanded with what an audit knows without a sender and an IP: %{d}, and %{o} (the
// audited domain). nullopt when the macro string is invalid, or when it needs another letter
// (then *blocking names the first one).
std::optional<QString> staticMacroTarget(const Term &term, const QString &domain,
    const QString &root, QChar *blocking, QList<MacroExpansion> *expansions)
{
    if (term.value.isEmpty())
        return domain;
    const auto tokens = parseMacroString(term.value, MacroMode::DomainSpec);
    if (!tokens)
        return std::nullopt;
    for (QChar c : macroLetters(*tokens)) {
        if (c != QLatin1Char('d') && c != QLatin1Char('o')) {
            if (blocking)
                *blocking = c;
            return std::nullopt;
        }
    }
    MacroContext context;
    context.domain = domain;
    context.senderDomain = root;
    return expandMacros(*tokens, context, MacroMode::DomainSpec, expansions);
}

Prefetcher::Prefetcher(
    Dns::Resolver &resolver, const AuditOptions &options, const QString &root, int threads)
    : m_resolver(resolver)
    , m_options(options)
    , m_root(root)
    , m_crew(threads, options.cancel)
{ }

Prefetcher::~Prefetcher()
{
    m_crew.stop();
}

void Prefetcher::push(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        const QString key = QString::number(int(job.kind)) + QLatin1Char('/')
            + QString::number(job.type) + QLatin1Char('/') + Net::canonicalName(job.name);
        if (m_seen.contains(key) || m_seen.size() >= m_options.maxQueries
            || job.depth > m_options.maxDepth)
            return;
        m_seen.insert(key);
    }
    m_crew.add([this, job = std::move(job)] { run(job); });
}

Dns::Answer Prefetcher::ask(const Job &job)
{
    Dns::Answer a = m_resolver.resolve(Dns::Question {job.name, job.type});
    if (job.target && m_options.onPrefetched)
        m_options.onPrefetched(job.name, a);
    return a;
}

void Prefetcher::run(const Job &job)
{
    if (job.kind == Job::Question) {
        (void)ask(job);
        return;
    }
    if (job.kind == Job::Mx) {
        const Dns::Answer mx = ask(job);
        if (mx) {
            for (const Dns::Record &r : mx->recordsOfType(Dns::Type::MX)) {
                if (!r.target.isEmpty() && r.target != QLatin1String(".")) {
                    push(Job {Job::Question, r.target, job.depth, Dns::Type::A});
                    push(Job {Job::Question, r.target, job.depth, Dns::Type::AAAA});
                }
            }
        }
        return;
    }
    if (!Net::domainProblem(job.name).isEmpty())
        return;
    QString text;
    if (const auto it = m_options.recordOverrides.constFind(Net::canonicalName(job.name));
        it != m_options.recordOverrides.cend()) {
        text = *it;
    } else {
        const Dns::Answer a = ask(job);
        if (!a)
            return;
        QList<Dns::Record> spf;
        for (const Dns::Record &r : a->recordsOfType(Dns::Type::TXT)) {
            if (isSpfRecord(r.joinedText()))
                spf << r;
        }
        if (spf.size() != 1)
            return;
        text = recordTextFromOctets(spf.front().joinedText());
    }
    const Record record = parseRecord(text);
    for (const Term &term : record.terms) {
        if (!term.valid || !(countsLookup(term.kind)))
            continue;
        // Targets that depend on the sender or the IP: the audit does not follow them either.
        const auto found = staticMacroTarget(term, job.name, m_root);
        if (!found)
            continue;
        const QString &target = *found;
        if (!Net::dnsNameProblem(target).isEmpty())
            continue; // the audit does not ask for names that cannot be looked up either
        switch (followOf(term.kind)) {
        case Follow::Record:
            push(Job {Job::Record, target, job.depth + 1, Dns::Type::TXT, true});
            break;
        case Follow::Addresses:
            push(Job {Job::Question, target, job.depth, Dns::Type::A, true});
            push(Job {Job::Question, target, job.depth, Dns::Type::AAAA, true});
            break;
        case Follow::MailExchangers:
            push(Job {Job::Mx, target, job.depth, Dns::Type::MX, true});
            break;
        case Follow::Existence:
            push(Job {Job::Question, target, job.depth, Dns::Type::A, true});
            break;
        case Follow::None:
            break;
        }
    }
}

Follow followOf(TermKind kind)
{
    switch (kind) {
    case TermKind::Include:
    case TermKind::Redirect:
        return Follow::Record;
    case TermKind::A:
        return Follow::Addresses;
    case TermKind::Mx:
        return Follow::MailExchangers;
    case TermKind::Exists:
        return Follow::Existence;
    default:
        return Follow::None;
    }
}

Dns::Answer CacheView::resolve(const Dns::Question &question)
{
    bool shared = false;
    Dns::Answer a = m_cache.resolve(question, &shared);
    m_shared << shared;
    return a;
}

void CacheView::markShared(Trace &trace) const
{
    if (m_shared.size() != trace.exchanges.size())
        return;
    for (qsizetype i = 0; i < m_shared.size(); ++i)
        trace.exchanges[i].shared = m_shared[i];
}

} // namespace Spf
