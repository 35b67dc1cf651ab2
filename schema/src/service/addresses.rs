//! Which network addresses Sanad refuses to contact on behalf of a URL someone typed: a push
//! endpoint a client registered, a programme source an organiser named. Either could point the
//! server at the venue's own network or the cloud's metadata service (169.254.169.254) if it
//! were taken as given. One rule for both, tested cell by cell.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// True for an address that is not on the public internet: private, loopback, link-local,
/// shared (carrier-grade NAT), unspecified, broadcast, multicast or documentation ranges, and
/// IPv6's unique-local and link-local ranges and IPv4 addresses mapped into IPv6.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private_v4(v4),
            None => is_private_v6(v6),
        },
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // 100.64.0.0/10, shared address space (RFC 6598)
        || (a == 100 && (b & 0xc0) == 64)
        // 0.0.0.0/8, "this network"
        || a == 0
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        // 2001:db8::/32 documentation
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_public_addresses_cell_by_cell() {
        let cases = [
            ("10.1.2.3", true),
            ("172.16.0.1", true),
            ("172.32.0.1", false),
            ("192.168.1.1", true),
            ("127.0.0.1", true),
            ("169.254.169.254", true),
            ("100.64.0.1", true),
            ("100.128.0.1", false),
            ("0.0.0.0", true),
            ("0.1.2.3", true),
            ("255.255.255.255", true),
            ("224.0.0.1", true),
            ("192.0.2.1", true),
            ("8.8.8.8", false),
            ("185.199.108.153", false),
            ("::1", true),
            ("::", true),
            ("fd00::1", true),
            ("fe80::1", true),
            ("ff02::1", true),
            ("2001:db8::1", true),
            ("::ffff:127.0.0.1", true),
            ("::ffff:10.0.0.1", true),
            ("::ffff:8.8.8.8", false),
            ("2606:4700:4700::1111", false),
        ];
        for (address, private) in cases {
            assert_eq!(is_private(address.parse().unwrap()), private, "{address}");
        }
    }
}
