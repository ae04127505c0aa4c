#pragma once

#include <memory>

#include <QJsonObject>
#include <QList>
#include <QString>

#include "dns/dnstypes.h"
#include "spf/addressspace.h"
#include "spf/auditor.h"

namespace Dns {
class Resolver;
}

namespace Spf {

// A term an advice concerns: where it is written.
struct AdviceTerm
{
    QString domain; // whose record
    QString term; // as written
    int offset = -1; // in that record's text
    int length = 0;
    // What happened at this term, in a few words ("no address (void lookup 2 of 2 allowed)"):
    // the term's own line beside the advice's one explanation. Empty when the message says it.
    QString note;
    friend bool operator==(const AdviceTerm &, const AdviceTerm &) = default;
};

// One finding beyond syntax: what a record gets wrong even when it parses, in plain words, with
// the terms it concerns and, where one exists, a safe proposal (a record to review, never a fix
// applied for the user).
struct Advice
{
    QString kind; // stable: "address-space", "plus-all", "reduction-plan", ... (JSON contract)
    Severity severity = Severity::Info;
    QString message;
    QList<AdviceTerm> terms;
    QString proposal; // a record (or records, one a line) to review; empty when none
    QJsonObject figures; // the kind's own figures
    friend bool operator==(const Advice &, const Advice &) = default;
};

// What one record's text says by itself: +all/?all, ranges wider than /16 or /32, a second
// v=spf1, repeated modifiers, the addresses it passes.
QList<Advice> recordAdvice(const Record &record, const QString &domain = {});

struct TreeAdviceOptions
{
    // For the checks that ask DNS (a registrable domain that does not exist; verifying that a
    // reduction plan authorizes the same addresses): null answers from the audit's evidence only.
    Dns::Resolver *resolver = nullptr;
    // With a resolver: the HELO name whose A and AAAA addresses must pass too (besides the
    // domain's MX hosts).
    QString helo;
    // Answers already in hand (the investigation's evidence): asked again, they are taken from
    // here, so the advice adds only the questions nobody asked yet.
    QList<Dns::Exchange> known;
};

// What a whole tree gets wrong: the address space it authorizes, several SPF records, a plan
// when it needs more than 10 lookups, targets nobody owns.
QList<Advice> treeAdvice(const Audit &audit, const TreeAdviceOptions &options = {});

// Why a walk (an evaluation's or an audit's trace) ends in permerror or temperror, on the term
// that caused it: "void-lookups" (more than 2 names that do not exist), "too-many-lookups", "loop",
// "missing-include-target" (an include whose domain has no SPF record), "broken-include" (its
// record has errors), "dns-failure" (no answer: a temperror, never read as "no record"). Each
// names the record and the term (AdviceTerm offsets into that record's text) and says the safe
// choices and what each changes; `proposal` is that record without its dead terms only where
// dropping them authorizes nothing the record did not (terms without macros that never matched).
// Pure, no DNS, thread-safe.
QList<Advice> errorCauses(const Trace &trace);

// The networks the tree lets pass (a '+' term under '+' includes), duplicates counted once.
AddressSpace authorizedSpace(const Audit &audit);

// treeAdvice's own questions, asked while the audit runs instead of after it: the domain's MX
// hosts' and the HELO name's addresses and check_host() for each (the coverage check), and, for a
// target that comes back NXDOMAIN, whether its registrable domain exists (the dangling-target
// check). It asks through `dns`, which must be the cache whose answers the advice is given later
// (TreeAdviceOptions::known or ::resolver), so that the advice then finds every answer in hand.
// Speculative: it starts before the audit knows whether the domain has a record. Its questions
// run as a Work::Crew from construction; it stops asking once `cancel` is requested. Thread-safe.
class AdviceAhead
{
public:
    // `helo` as TreeAdviceOptions::helo (empty: none).
    AdviceAhead(Dns::Resolver &dns, const QString &domain, const QString &helo,
        const Work::Cancel &cancel = {});
    ~AdviceAhead(); // finish()
    AdviceAhead(const AdviceAhead &) = delete;
    AdviceAhead &operator=(const AdviceAhead &) = delete;
    // A term's target and the answer the walk got for it (AuditOptions::onPrefetched).
    void targetAnswered(const QString &target, const Dns::Answer &answer);
    // Blocks until every question asked ahead is answered; targets answered later are ignored.
    void finish();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Spf
