package safehttp

import "net/netip"

// forbiddenPrefixes are the ranges no call to a tenant's URL may reach.
var forbiddenPrefixes = mustPrefixes(
	// IPv4
	"0.0.0.0/8",      // "this network", including the unspecified 0.0.0.0
	"10.0.0.0/8",     // private (RFC 1918)
	"100.64.0.0/10",  // carrier-grade NAT (RFC 6598)
	"127.0.0.0/8",    // loopback
	"169.254.0.0/16", // link-local, including cloud metadata at 169.254.169.254
	"172.16.0.0/12",  // private (RFC 1918)
	"192.0.0.0/24",   // IETF protocol assignments
	"192.168.0.0/16", // private (RFC 1918)
	"198.18.0.0/15",  // benchmarking
	"224.0.0.0/4",    // multicast
	"240.0.0.0/4",    // reserved, including broadcast 255.255.255.255
	// IPv6
	"::/96",           // unspecified, loopback and the deprecated IPv4-compatible form
	"::ffff:0:0:0/96", // IPv4-translated (SIIT)
	"64:ff9b:1::/48",  // local-use IPv4/IPv6 translation
	"100::/64",        // discard-only
	"2001::/32",       // Teredo: relays to an address hidden in the rest
	"2001:10::/28",    // ORCHID (deprecated)
	"2001:db8::/32",   // documentation
	"3fff::/20",       // documentation
	"fc00::/7",        // unique local
	"fe80::/10",       // link-local
	"fec0::/10",       // site-local (deprecated, still routed by some networks)
	"ff00::/8",        // multicast
)

// Ranges that embed an IPv4 address, which decides.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // the IPv4 address in the last 4 bytes
	sixToFour = netip.MustParsePrefix("2002::/16")    // the IPv4 address in bytes 2 to 5
)

func mustPrefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(ss))
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// Forbidden reports whether addr is not a public unicast address: loopback,
// private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
// metadata address, fe80::/10), unspecified, multicast, carrier-grade NAT
// (100.64/10), reserved or documentation ranges, and the IPv4-mapped,
// NAT64 and 6to4 forms of forbidden IPv4 addresses. An invalid address is
// forbidden.
func Forbidden(addr netip.Addr) bool {
	if !addr.IsValid() {
		return true
	}
	addr = addr.WithZone("").Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	switch b := addr.As16(); {
	case nat64.Contains(addr):
		return Forbidden(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	case sixToFour.Contains(addr):
		return Forbidden(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() || addr.IsMulticast() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range forbiddenPrefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
