#pragma once

#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "dkim/dkim.h"
#include "dmarc/dmarc.h"
#include "mailpolicy/dnsbl.h"
#include "paste/pasteanalyzer.h"
#include "spf/evaluator.h"

// The whole verdict on a bounce: what the paste says (Paste::analyze), and, when DNS may be
// asked, the sender's SPF result today, the From domain's DMARC record and alignment, the DKIM
// keys of the message's signatures, and forwarding, put into plain words. Blocking; run it off
// the GUI thread.
namespace Bounce {

// DMARC's verdict as one generation of receivers reads it (Dmarc::Reading): RFC 9989's tree
// walk organizational domains, or RFC 7489's Public Suffix List.
struct DmarcReading
{
    QString name; // "RFC 9989" or "RFC 7489"
    QString organizationalDomain; // of the From domain; "" when unknown
    QString policy; // what these receivers apply to failing mail; "" when unknown
    bool spfAligned = false;
    bool dkimAligned = false;
    QString why;
};

struct DmarcFinding
{
    QString fromDomain; // "" when the paste shows no From: header
    std::optional<Dmarc::Lookup> lookup; // when DNS was asked
    QString policy; // the policy that applies (none/quarantine/reject), "" when unknown
    QString spfDomain; // the domain SPF authenticates (envelope sender's, or the HELO name)
    QString spfResult; // the receiver's verdict when the paste has one, else today's check
    bool spfAligned = false;
    bool dkimAligned = false;
    QString dkimResult; // the receiver's verdict for an aligned signature ("" when unknown)
    QString conclusion; // one sentence
    QString fix; // the choices that make DMARC pass, when it fails ("" otherwise)
    // When DNS was asked: RFC 9989 first, RFC 7489 second (the fields above are RFC 7489's).
    QList<DmarcReading> readings;
    // They differ in organizational domain, policy or alignment: `readingsNote` names both.
    bool readingsDiffer = false;
    QString readingsNote;
};

struct SignatureFinding
{
    Paste::Signature signature;
    bool aligned = false;
    QString verdict; // the receiver's dkim= result for this d=, "" when the paste has none
    std::optional<Dkim::KeyCheck> key;
};

struct Diagnosis
{
    Paste::Analysis paste;
    bool dnsAsked = false;
    std::optional<Spf::Evaluation> spf;
    QString spfSkipped; // why no check was run
    DmarcFinding dmarc;
    QList<SignatureFinding> signatures;
    bool forwarded = false;
    QString forwardingAdvice;
    Dnsbl::BounceFinding blocklist; // the block lists the refusal names, checked now
    QStringList why; // "Why the receiver rejected it", a few sentences in plain words
};

// What fixes mail that fails because it was forwarded (and what does not).
QString forwardingFix();

// `resolver` null: no DNS (the paste alone). `known`: a check already made (an investigation's);
// used when it is the check of the paste's IP and identity, instead of asking again.
Diagnosis diagnose(
    const Paste::Analysis &paste, Dns::Resolver *resolver, const Spf::Evaluation *known = nullptr);

QJsonObject toJson(const Diagnosis &diagnosis);

} // namespace Bounce
