package content

import (
	"net/url"
	"regexp"
	"strings"
)

// Video providers.
const (
	ProviderYouTube = "youtube"
	ProviderVimeo   = "vimeo"
)

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{1,12}$`)
)

// VideoRef is a recognised video link.
type VideoRef struct {
	Provider string
	ID       string
}

// ParseVideoURL recognises YouTube links (youtube.com/watch?v=, youtu.be/,
// youtube.com/shorts/, youtube.com/embed/) and Vimeo links (vimeo.com/<digits>,
// player.vimeo.com/video/<digits>); ok is false for anything else.
func ParseVideoURL(raw string) (VideoRef, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return VideoRef{}, false
	}
	host := strings.ToLower(u.Hostname())
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	switch host {
	case "youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com":
		var id string
		switch {
		case len(parts) == 1 && parts[0] == "watch":
			id = u.Query().Get("v")
		case len(parts) == 2 && (parts[0] == "shorts" || parts[0] == "embed" || parts[0] == "live"):
			id = parts[1]
		}
		if youtubeID.MatchString(id) {
			return VideoRef{ProviderYouTube, id}, true
		}
	case "youtu.be":
		if len(parts) == 1 && youtubeID.MatchString(parts[0]) {
			return VideoRef{ProviderYouTube, parts[0]}, true
		}
	case "vimeo.com", "www.vimeo.com":
		if len(parts) >= 1 && vimeoID.MatchString(parts[0]) {
			return VideoRef{ProviderVimeo, parts[0]}, true
		}
	case "player.vimeo.com":
		if len(parts) == 2 && parts[0] == "video" && vimeoID.MatchString(parts[1]) {
			return VideoRef{ProviderVimeo, parts[1]}, true
		}
	}
	return VideoRef{}, false
}

// Thumbnail is the provider's thumbnail of the video, "" when it has no
// predictable one (Vimeo needs an API call).
func (v VideoRef) Thumbnail() string {
	if v.Provider == ProviderYouTube {
		return "https://i.ytimg.com/vi/" + v.ID + "/hqdefault.jpg"
	}
	return ""
}
