#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "common/work.h"
#include "dkim/dkim.h"
#include "dns/resolver.h"

// Finding a domain's DKIM keys without the message that was signed: the selectors the user gives,
// those a pasted message's DKIM-Signature s= names, then the selectors common providers publish
// under (resources/dkim-selectors.json, compiled in). A key not found at the guesses is not "no
// DKIM": the domain may sign under a selector nobody can guess (Amazon SES's are random tokens).
namespace MailPolicy {

struct CommonSelector
{
    QString selector; // lower case
    QString provider;
    QString source; // the provider's public documentation
};

// The catalogue's guesses, in its order.
QList<CommonSelector> commonSelectors();
// Providers whose selectors cannot be guessed, with why ("Amazon SES: ...").
QStringList unguessableProviders();
// Empty when the compiled-in catalogue loaded; else why not (a build problem, tested).
QString selectorCatalogueError();

enum class SelectorOrigin {
    Given, // typed by the user
    Signature, // a DKIM-Signature s= of a pasted message
    Guess, // a common provider's selector
};
QString originName(SelectorOrigin origin); // "given", "signature", "guess"

struct KeyProbe
{
    QString selector;
    SelectorOrigin origin = SelectorOrigin::Guess;
    QString provider; // Guess: whose selector it is
    Dkim::KeyCheck key;
};

struct KeyDiscovery
{
    QString domain;
    QList<KeyProbe> probes; // every selector tried, given first, then signatures, then guesses
    // Guesses left unasked because an earlier probe met a DNS failure (TempError), in order.
    QStringList notTried;
    bool cancelled = false;

    QStringList tried() const;
    QList<KeyProbe> found() const; // status Found
};

// Asks selector._domainkey.domain for each selector (given, signature, then every guess; each
// name once, case-insensitively), at most `width` at once on Work::pool(). Blocking; the resolver
// must be thread-safe (every resolver here is). Selectors not asked before `cancel` are dropped.
// Once a probe comes back TempError, guesses not started yet are not asked (KeyDiscovery::
// notTried); given and signature selectors always are.
KeyDiscovery discoverKeys(Dns::Resolver &resolver, const QString &domain, const QStringList &given,
    const QStringList &fromSignatures, const Work::Cancel &cancel, int width = 8);

} // namespace MailPolicy
