//! Which addresses a customer's file may be downloaded from: the public internet only. A link
//! in a webhook is chosen by whoever can post one (a gateway, or anyone who learnt the webhook
//! address), so following it to this machine, the local network or a cloud's metadata service
//! (169.254.169.254) would let them read what only we can reach.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is on the public internet: not unspecified, this machine, a private, shared
/// (CGNAT), link-local, documentation, benchmarking, multicast, broadcast or reserved address,
/// and not one of those written as IPv6 (mapped, compatible, NAT64, 6to4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// This machine: 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || embedded_v4(v6).is_some_and(|v4| v4.is_loopback()),
    }
}

/// IPv4 blocks that are not the public internet (IANA's special-purpose registry).
const NOT_PUBLIC_V4: [(Ipv4Addr, u8); 15] = [
    (Ipv4Addr::new(0, 0, 0, 0), 8),       // "this network", unspecified
    (Ipv4Addr::new(10, 0, 0, 0), 8),      // private
    (Ipv4Addr::new(100, 64, 0, 0), 10),   // shared address space (CGNAT)
    (Ipv4Addr::new(127, 0, 0, 0), 8),     // loopback
    (Ipv4Addr::new(169, 254, 0, 0), 16),  // link-local, cloud metadata services
    (Ipv4Addr::new(172, 16, 0, 0), 12),   // private
    (Ipv4Addr::new(192, 0, 0, 0), 24),    // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24),    // documentation (TEST-NET-1)
    (Ipv4Addr::new(192, 88, 99, 0), 24),  // 6to4 relay anycast (deprecated)
    (Ipv4Addr::new(192, 168, 0, 0), 16),  // private
    (Ipv4Addr::new(198, 18, 0, 0), 15),   // benchmarking
    (Ipv4Addr::new(198, 51, 100, 0), 24), // documentation (TEST-NET-2)
    (Ipv4Addr::new(203, 0, 113, 0), 24),  // documentation (TEST-NET-3)
    (Ipv4Addr::new(224, 0, 0, 0), 4),     // multicast
    (Ipv4Addr::new(240, 0, 0, 0), 4),     // reserved, and 255.255.255.255 broadcast
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    !NOT_PUBLIC_V4
        .iter()
        .any(|(network, prefix)| in_v4(ip, *network, *prefix))
}

fn in_v4(ip: Ipv4Addr, network: Ipv4Addr, prefix: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    u32::from(ip) & mask == u32::from(network) & mask
}

/// IPv6 blocks inside global unicast (2000::/3) that are not the public internet.
const NOT_PUBLIC_V6: [(u128, u8); 4] = [
    (0x2001_0000_u128 << 96, 23), // IETF protocol assignments, Teredo (2001::/32) among them
    (0x2001_0db8_u128 << 96, 32), // documentation
    (0x3fff_0000_u128 << 96, 20), // documentation (RFC 9637)
    (0x5f00_0000_u128 << 96, 16), // SRv6 segment identifiers
];

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let bits = u128::from(ip);
    // Only global unicast is public: this excludes ::, ::1, 100::/64 (discard), fc00::/7
    // (unique local), fe80::/10 (link-local), fec0::/10 (site-local) and ff00::/8 (multicast).
    in_v6(bits, 0x2000 << 112, 3)
        && !NOT_PUBLIC_V6
            .iter()
            .any(|(network, prefix)| in_v6(bits, *network, *prefix))
}

fn in_v6(bits: u128, network: u128, prefix: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
    bits & mask == network & mask
}

/// The IPv4 address an IPv6 one stands for: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`, deprecated), NAT64 (`64:ff9b::a.b.c.d`, and the local-use `64:ff9b:1::/48`)
/// and 6to4 (`2002:aabb:ccdd::/48`). Whatever it reaches is decided by that IPv4 address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    let low = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    if in_v6(bits, 0xffff << 32, 96) || in_v6(bits, 0x64_ff9b << 96, 96) {
        return Some(low);
    }
    // `::` and `::1` are IPv6's own unspecified and loopback addresses, not compatible ones;
    // both are refused by the global-unicast rule, and so is any other `::/96` address, which
    // no host uses any more, through its IPv4 reading.
    if in_v6(bits, 0, 96) && bits > 1 {
        return Some(low);
    }
    if in_v6(bits, 0x64_ff9b_0001 << 80, 48) {
        // Local-use NAT64 (RFC 8215): the network's own translator, never public.
        return Some(Ipv4Addr::UNSPECIFIED);
    }
    if in_v6(bits, 0x2002 << 112, 16) {
        return Some(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().expect("an address"))
    }

    #[test]
    fn the_public_internet_is_public() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "157.240.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.169.0.1",
            "223.255.255.255",
            "2a03:2880:f10c:83:face:b00c:0:25de",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(public(ip), "{ip}");
        }
    }

    #[test]
    fn this_machine_and_private_networks_are_not() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "127.255.255.254",
            "10.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "100::1",
            "2001:db8::1",
            "2001::1",
            "3fff::1",
            "5f00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "::169.254.169.254",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::808:808",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::",
        ] {
            assert!(!public(ip), "{ip}");
        }
    }

    #[test]
    fn loopback_in_either_family() {
        for ip in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback(ip.parse().expect("an address")), "{ip}");
        }
        for ip in ["10.0.0.1", "::", "169.254.169.254"] {
            assert!(!is_loopback(ip.parse().expect("an address")), "{ip}");
        }
    }
}
