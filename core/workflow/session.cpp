#include "workflow/session.h"

#include <QFileInfo>
#include <QTextStream>

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/memoryresolver.h"
#include "dns/overlayresolver.h"
#include "paste/pasteanalyzer.h"
#include "spf/spftypes.h"

namespace Investigation {

Result evaluateDraft(const Result &published, const QHash<QString, QString> &drafts,
    const ResolverSource &live, const Work::Cancel &cancel)
{
    Request request = published.request;
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        request.drafts.insert(Net::canonicalName(it.key()), it.value());
    // The answers seen for the published record, plus live (or zone) DNS for anything new.
    auto captured = std::make_shared<Dns::MemoryResolver>();
    captured->addCaptured(published.evidence);
    captured->setDescription(QStringLiteral("captured answers"));
    std::shared_ptr<Dns::Resolver> fresh;
    if (auto made = live.make(cancel))
        fresh = made->resolver;
    request.resolverOverride = std::make_shared<Dns::OverlayResolver>(captured, fresh);
    return run(request, cancel);
}

Recheck recheck(const CaseFile::Case &c, const ResolverSource &live, const Work::Cancel &cancel)
{
    Recheck r;
    r.then = run(CaseFile::request(c, nullptr), cancel);
    auto made = live.make(cancel);
    if (!made) {
        r.error = made.error();
        return r;
    }
    r.now = run(CaseFile::request(c, made->resolver), cancel);
    r.diff = CaseFile::compare(r.then, *r.now);
    return r;
}

NsCompare::Result compareNameserversLive(
    const Request &request, const QString &domain, const Work::Cancel &cancel)
{
    auto made = makeResolver(request.resolver, cancel);
    if (!made) {
        NsCompare::Result r;
        r.domain = domain;
        r.error = made.error();
        return r;
    }
    return compareNameservers(*made->resolver,
        made->network.value_or(networkConfig(request.resolver)), domain, request.nsPort, cancel);
}

QString Session::loadZone(const QString &path)
{
    m_zoneFile = path;
    auto zone = std::make_shared<Dns::MemoryResolver>();
    if (const auto loaded = zone->loadFile(path); !loaded) {
        m_zone.reset();
        m_zoneError = QStringLiteral("The zone file %1 could not be read (%2). Nothing is asked "
                                     "until you pick another resolver in the DNS box.")
                          .arg(Text::shortSafe(QFileInfo(path).fileName()), loaded.error());
        return m_zoneError;
    }
    m_zone = std::move(zone);
    m_zoneError.clear();
    return {};
}

QString Session::openCase(const QString &path)
{
    auto c = CaseFile::load(path);
    if (!c)
        return c.error(); // nothing changes: the current investigation stays
    m_case = std::move(*c);
    m_casePath = path;
    m_recheck.reset();
    return {};
}

bool Session::addBlocklists(const BlocklistQuestion &question, const Dnsbl::Check &check)
{
    if (!hasResult())
        return false;
    Result &r = *m_result;
    const qsizetype at = r.request.blocklists.indexOf(question);
    if (at >= 0 && at < r.blocklists.size()) {
        r.request.blocklists.removeAt(at);
        r.blocklists.removeAt(at);
    }
    r.request.blocklists << question;
    r.blocklists << check;
    r.evidence << check.exchanges;
    return true;
}

bool Session::resultCameFrom(const ResolverSource &source) const
{
    if (!m_result)
        return false;
    const Request &then = m_result->request;
    if (source.fixed || then.resolverOverride)
        return source.fixed == then.resolverOverride;
    return source.choice == then.resolver;
}

ResolverSource Session::source(DnsSource from, const ResolverChoice &live) const
{
    ResolverSource s;
    s.choice = live;
    if (from == DnsSource::Zone) {
        s.fixed = m_zone;
        if (!m_zone)
            s.unusable
                = m_zoneError.isEmpty() ? QStringLiteral("No zone file is loaded.") : m_zoneError;
    } else if (from == DnsSource::Case) {
        if (m_case)
            s.fixed = CaseFile::replayResolver(*m_case);
        else
            s.unusable = QStringLiteral("No case file is open.");
    }
    return s;
}

ResolverSource Session::recheckSource(DnsSource from, const ResolverChoice &live) const
{
    if (from != DnsSource::Case || !m_case)
        return source(from, live);
    // Recheck the way the answers were captured; a case made from a zone file is rechecked
    // against the system's resolver (live means live DNS).
    ResolverSource s;
    s.choice = m_case->resolver;
    if (s.choice.mode == ResolverMode::ZoneFile)
        s.choice.mode = ResolverMode::System;
    return s;
}

Request Session::request(const QString &target, const QString &ip, const QString &helo,
    DnsSource from, const ResolverChoice &live, int prefetchThreads, quint16 nsPort) const
{
    Request r;
    r.target = target.trimmed();
    r.ip = ip.trimmed();
    r.helo = helo.trimmed();
    const ResolverSource s = source(from, live);
    r.resolver = s.choice;
    r.resolverOverride = s.fixed;
    if (!r.resolverOverride) { // live DNS
        r.prefetchThreads = prefetchThreads;
        r.compareNameservers = false; // the follow-up compares, after the verdict
        r.nsPort = nsPort;
    }
    return r;
}

std::optional<Request> Session::caseRequest() const
{
    if (!m_case)
        return std::nullopt;
    return CaseFile::request(*m_case, nullptr);
}

void Session::begin()
{
    m_result.reset();
    m_draftResult.reset();
    m_drafts.clear();
}

void Session::setDraft(const QString &domain, const QString &text)
{
    m_drafts.insert(domain, text);
}

std::function<Result(const Work::Cancel &)> Session::draftWork(
    const QString &domain, const QString &text, DnsSource from, const ResolverChoice &live) const
{
    if (!m_result)
        return {};
    // Anything new is asked the way the published result was (or from the zone or the case).
    ResolverSource fresh = source(from, live);
    fresh.choice = m_result->request.resolver;
    const Result published = *m_result;
    const QHash<QString, QString> drafts {{domain, text}};
    return [published, drafts, fresh](const Work::Cancel &cancel) {
        return evaluateDraft(published, drafts, fresh, cancel);
    };
}

std::function<Recheck(const Work::Cancel &)> Session::recheckWork(
    DnsSource from, const ResolverChoice &live) const
{
    if (!m_case)
        return {};
    const CaseFile::Case c = *m_case;
    const ResolverSource now = recheckSource(from, live);
    return [c, now](const Work::Cancel &cancel) { return recheck(c, now, cancel); };
}

QString Session::recheckText() const
{
    if (!m_recheck)
        return {};
    QString text;
    QTextStream s(&text);
    s << QStringLiteral("Case saved: %1")
             .arg(m_case ? m_case->saved.toLocalTime().toString(Qt::ISODate) : QString())
      << Qt::endl;
    s << QStringLiteral("The receiver's DNS then: %1").arg(m_recheck->verdictThen) << Qt::endl;
    s << QStringLiteral("DNS now:                 %1").arg(m_recheck->verdictNow) << Qt::endl;
    s << (m_recheck->verdictChanged() ? QStringLiteral("The verdict CHANGED.")
                                      : QStringLiteral("The verdict is the same."))
      << Qt::endl
      << Qt::endl;
    if (m_recheck->changes.isEmpty())
        s << QStringLiteral("No DNS answer changed.") << Qt::endl;
    for (const CaseFile::Change &ch : m_recheck->changes) {
        s << CaseFile::kindName(ch.kind).toUpper() << QLatin1Char(' ')
          << Text::safeText(ch.question.name) << QLatin1Char(' ') << Dns::typeName(ch.question.type)
          << Qt::endl;
        for (const QString &l : ch.before)
            s << QStringLiteral("  - ") << Text::safeText(l) << Qt::endl;
        for (const QString &l : ch.after)
            s << QStringLiteral("  + ") << Text::safeText(l) << Qt::endl;
    }
    s.flush();
    return text;
}

QString Session::nameserverSkipReason(bool enabled) const
{
    if (!m_result || !m_result->error.isEmpty())
        return QStringLiteral("Not compared.");
    const Result &r = *m_result;
    if (r.target.kind == TargetKind::Ip)
        return QStringLiteral("Not compared: the target is an IP address.");
    if (r.cancelled)
        return QStringLiteral("Not compared: the investigation was cancelled.");
    if (r.request.resolverOverride)
        return QStringLiteral("Not compared: the answers come from a zone file or a case file "
                              "(offline), which have no nameservers to ask.");
    if (!enabled)
        return QStringLiteral("Not compared: DNS → Compare authoritative nameservers is off.");
    if (r.target.domain.isEmpty())
        return QStringLiteral("Not compared.");
    return {};
}

std::function<NsCompare::Result(const Work::Cancel &)> Session::nameserverWork() const
{
    if (!m_result)
        return {};
    const Request request = m_result->request;
    const QString domain = m_result->target.domain;
    return [request, domain](const Work::Cancel &cancel) {
        return compareNameserversLive(request, domain, cancel);
    };
}

bool Session::acceptNameservers(const QString &domain, const NsCompare::Result &r)
{
    if (!m_result || m_result->target.domain != domain || m_result->nameservers)
        return false;
    m_result->nameservers = r;
    return true;
}

QString Session::pasteComparison(const Paste::Analysis &paste) const
{
    if (!m_result)
        return {};
    QStringList then;
    for (const Paste::Verdict &v : paste.verdicts) {
        if (!v.result.isEmpty())
            then << QStringLiteral("%1 (%2)").arg(Text::shortSafe(v.result),
                v.receiver.isEmpty() ? QStringLiteral("receiver") : Text::shortSafe(v.receiver));
    }
    for (const Paste::Reply &r : paste.replies) {
        if (r.spfRelated)
            then << QStringLiteral("%1 %2 %3")
                        .arg(r.code)
                        .arg(Text::shortSafe(r.enhanced), Text::shortSafe(r.text));
    }
    const Result &result = *m_result;
    const QString now = result.evaluation
        ? QStringLiteral("%1 (%2)").arg(Spf::resultName(result.evaluation->result),
            Text::counted(result.evaluation->lookups, "DNS lookup", "DNS lookups"))
        : QStringLiteral("no IP test");
    return QStringLiteral("The receiver said then: %1. DNS says now: %2.")
        .arg(then.isEmpty() ? QStringLiteral("(no SPF verdict in the paste)")
                            : then.join(QStringLiteral("; ")),
            now);
}

std::optional<CaseFile::Case> Session::toCase(const QString &notes, DnsSource from) const
{
    if (!hasResult())
        return std::nullopt;
    CaseFile::Case c = CaseFile::fromResult(*m_result, notes);
    c.drafts = m_drafts;
    if (m_case && m_result->request.resolverOverride && from == DnsSource::Case) {
        c.resolver = m_case->resolver; // still the resolver the answers were first captured with
        c.resolverDescription = m_case->resolverDescription;
    }
    return c;
}

std::optional<CaseFile::Case> Session::snapshot(const QString &target, const QString &ip,
    const QString &helo, const QString &notes, DnsSource from) const
{
    if (auto c = toCase(notes, from))
        return c;
    if (target.trimmed().isEmpty() && notes.isEmpty())
        return std::nullopt;
    CaseFile::Case c; // stopped before any answer arrived
    c.saved = QDateTime::currentDateTimeUtc();
    c.app = QStringLiteral("spfsleuth %1").arg(QStringLiteral(SLEUTH_VERSION));
    c.target = target.trimmed().isEmpty() ? QStringLiteral("(no target)") : target.trimmed();
    c.ip = ip.trimmed();
    c.helo = helo.trimmed();
    c.notes = notes;
    c.drafts = m_drafts;
    return c;
}

} // namespace Investigation
