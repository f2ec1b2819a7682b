// Package providers builds the channel registry from PRIMA's configuration:
// every provider whose API URL is set, plus the log channel, which is always
// present. It lives apart from package channel because it imports the
// provider clients, which import channel.
package providers

import (
	"net/http"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/alimtalk"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/channel/logchannel"
	"github.com/prima-health/prima/internal/channel/nhnsms"
	"github.com/prima-health/prima/internal/config"
)

// Config selects the providers. A provider is on when its APIURL is set.
type Config struct {
	GOWA  config.GOWAConfig
	SMS   config.NHNSMSConfig
	Kakao config.KakaoConfig
	// SMSLMSTitle is the title of long SMS (LMS); empty = the body's first line.
	SMSLMSTitle string
	// HTTPClient is shared by the clients; nil = channel.NewHTTPClient().
	HTTPClient *http.Client
}

// New builds the registry. It fails only on a configuration the clients
// cannot use (config.Load validates the same rules first).
func New(c Config) (*channel.Registry, error) {
	hc := c.HTTPClient
	if hc == nil {
		hc = channel.NewHTTPClient()
	}
	senders := []channel.Sender{logchannel.New()}
	if c.GOWA.APIURL != "" {
		s, err := gowa.New(gowa.Config{BaseURL: c.GOWA.APIURL, BasicAuth: c.GOWA.BasicAuth, DeviceID: c.GOWA.DeviceID}, hc)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	}
	if c.Kakao.APIURL != "" {
		s, err := alimtalk.New(alimtalk.Config{BaseURL: c.Kakao.APIURL, AppKey: c.Kakao.AppKey, SecretKey: c.Kakao.SecretKey, SenderKey: c.Kakao.SenderKey}, hc)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	}
	if c.SMS.APIURL != "" {
		s, err := nhnsms.New(nhnsms.Config{BaseURL: c.SMS.APIURL, AppKey: c.SMS.AppKey, SecretKey: c.SMS.SecretKey, Sender: c.SMS.Sender, LMSTitle: c.SMSLMSTitle}, hc)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	}
	return channel.NewRegistry(senders...)
}
