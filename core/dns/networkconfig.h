#pragma once

#include <QStringList>

#include "common/work.h"

namespace Dns {

// How the network resolver asks: a value, so that a resolver choice can be made into a resolver
// on a worker thread and the nameserver comparison can ask other servers the same way.
struct NetworkConfig
{
    // "host[:port]" entries (IPv4, IPv6 as "[v6]:port" or bare, or a host name). Empty: the
    // nameservers of /etc/resolv.conf.
    QStringList servers;
    int timeoutMs = 3000; // per try
    int tries = 2;
    quint16 ednsUdpSize = 1232; // 0 disables EDNS0
    bool recursionDesired = true;
    bool tcpOnly = false; // ask over TCP only (does the server answer over TCP at all?)
    // Set to true from any thread to make running and later queries give up within ~50 ms.
    Work::Cancel cancel;
};

} // namespace Dns
