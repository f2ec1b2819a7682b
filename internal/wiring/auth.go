package wiring

import (
	"sync"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/identity"
)

// Auth is the API's token verification: the Clerk verifier and, with
// PRIMA_DEV_AUTH, the development issuer registered on it (nil otherwise).
type Auth struct {
	Verifier  *identity.ClerkVerifier
	DevIssuer *identity.DevIssuerKeys
}

// StartAuth begins building the token verification; the development issuer's
// RSA key takes a moment, so it is made in the background (call StartAuth
// before opening the database). wait returns the result (the same on every
// call).
func StartAuth(cfg *config.Config) (wait func() (Auth, error)) {
	type devKeys struct {
		keys *identity.DevIssuerKeys
		err  error
	}
	devc := make(chan devKeys, 1)
	if cfg.DevAuth {
		go func() {
			k, err := identity.NewDevIssuer(nil)
			devc <- devKeys{k, err}
		}()
	}
	return sync.OnceValues(func() (Auth, error) {
		v, err := identity.NewClerkVerifier(identity.ClerkOptions{JWTKey: cfg.Clerk.JWTKey, APIURL: cfg.Clerk.APIURL,
			SecretKey: cfg.Clerk.SecretKey, AuthorizedParties: cfg.Clerk.AuthorizedParties, Issuer: cfg.Clerk.Issuer()})
		if err != nil {
			return Auth{}, err
		}
		a := Auth{Verifier: v}
		if cfg.DevAuth {
			r := <-devc
			if r.err != nil {
				return Auth{}, r.err
			}
			a.DevIssuer = r.keys
			a.DevIssuer.Register(v)
		}
		return a, nil
	})
}
