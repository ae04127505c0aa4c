#pragma once

namespace Plurals {

// Installs, once, a translator that gives the English source strings their plural forms:
// tr("%n lookup(s)", nullptr, n) reads "1 lookup" and "2 lookups", and "(y|ies)" chooses between
// a singular and a plural ending ("%n DNS quer(y|ies)"). Without it Qt shows the "(s)" as written.
void install();

} // namespace Plurals
