#!/usr/bin/env bash
# Regenerates the bundled sample case files from the sample zones (offline).
#   resources/cases/make-cases.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cli=${1:-$here/../../build}/app/spfsleuth-cli
samples=$here/../samples
make() { # NAME ZONE TARGET IP NOTES
    "$cli" report --zone "$samples/$2" "$3" --ip "$4" --notes "$5" --case-out "$here/$1.spfcase"
    echo "$here/$1.spfcase"
}
make ipv4-typo ipv4-typo.zone user@pclnet.example 64.8.71.112 \
    "Bounce: 550 5.7.1 IP Authorization check failed. The record uses ipv4: instead of ip4:."
make include-loop include-loop.zone news@loop.example 198.51.100.7 \
    "Two domains include each other."
make too-many-lookups too-many-lookups.zone ap@bigcorp.example 203.0.113.200 \
    "The include tree needs 13 DNS lookups; receivers stop at 10."
make void-lookups void-lookups.zone billing@shop.example 192.0.2.99 \
    "Three terms name hosts that no longer exist: more than 2 void lookups."
make softfail softfail.zone promo@news.example 198.51.100.77 \
    "A marketing platform sends from an IP the record does not list; ~all gives softfail."
make macro-exists macro-exists.zone ceo@macro.example 192.0.2.45 \
    "A macro-based record: exists:%{i}._spf.%{d}. 192.0.2.44 is authorized, 192.0.2.45 is not."
# From a bounce: the report opens with why the receiver rejected it (DMARC alignment).
"$cli" report --zone "$samples/dmarc-esp.zone" --bounce "$samples/dmarc-esp-bounce.txt" \
    --notes "Gmail rejected the newsletter: DMARC, not SPF." --case-out "$here/dmarc-esp.spfcase"
echo "$here/dmarc-esp.spfcase"
