package api

import (
	"net"
	"net/netip"

	"github.com/labstack/echo/v4"
)

// clientIPExtractor attributes a request to its socket peer, or, when the
// peer is one of PRIMA_TRUSTED_PROXIES, to the last address in
// X-Forwarded-For that is not a trusted proxy. Loopback, link-local and
// private peers get no trust of their own: only the configured proxies do.
func clientIPExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
