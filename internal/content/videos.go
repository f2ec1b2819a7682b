package content

import (
	"context"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// VideoFilter narrows a listing of videos.
type VideoFilter struct {
	Search, Language, Sort string
	Published              *bool
	Page, PerPage          int
}

// ListVideos returns one page of the tenant's videos and the number of matches.
func (s *Service) ListVideos(ctx context.Context, a identity.Actor, f VideoFilter) ([]Video, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	search, lang, sort, pg, per, fe := listQuery(f.Search, f.Language, f.Sort, VideoSorts, f.Page, f.PerPage)
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	return s.store.ListVideos(ctx, a.TenantID, VideoQuery{Search: search, Language: lang, Sort: sort, Published: f.Published,
		Page: pg, PerPage: per})
}

// GetVideo returns one video of the actor's tenant.
func (s *Service) GetVideo(ctx context.Context, a identity.Actor, id string) (Video, error) {
	if err := requireRead(a); err != nil {
		return Video{}, err
	}
	if !ids.Valid(id) {
		return Video{}, errs.ErrNotFound
	}
	return s.store.GetVideo(ctx, a.TenantID, id)
}

// settle derives what follows from the fields: the YouTube thumbnail when
// none was given (or the one derived from the previous link), and published_at.
func settle(v *Video, was Video, now time.Time) {
	ref, _ := ParseVideoURL(v.URL)
	if v.URL != was.URL && was.URL != "" && v.ThumbnailURL != nil && was.ThumbnailURL != nil && *v.ThumbnailURL == *was.ThumbnailURL {
		if old, ok := ParseVideoURL(was.URL); ok && old.Thumbnail() == *was.ThumbnailURL {
			v.ThumbnailURL = nil // derived from the old link: derive again
		}
	}
	if v.ThumbnailURL == nil {
		if t := ref.Thumbnail(); t != "" {
			v.ThumbnailURL = &t
		}
	}
	switch {
	case v.Published && !was.Published:
		v.PublishedAt = &now
	case !v.Published:
		v.PublishedAt = nil
	}
}

// CreateVideo saves a new video (admins only).
func (s *Service) CreateVideo(ctx context.Context, a identity.Actor, in VideoInput) (Video, error) {
	if err := requireWrite(a); err != nil {
		return Video{}, err
	}
	now := s.now()
	v := Video{ID: ids.New(), TenantID: a.TenantID, CreatedAt: now, UpdatedAt: now, Version: 1}
	c := &checker{}
	c.applyVideo(&v, VideoPatch{Title: &in.Title, URL: &in.URL, Description: &in.Description, ThumbnailURL: in.ThumbnailURL,
		Language: &in.Language, Published: &in.Published})
	if err := c.fe.Err(); err != nil {
		return Video{}, err
	}
	settle(&v, Video{}, now)
	err := s.store.InTx(ctx, func(tx Store) error {
		if err := tx.CreateVideo(ctx, v); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionVideoCreate,
			ResourceType: ResourceVideo, ResourceID: v.ID, Changes: c.changed})
	})
	if err != nil {
		return Video{}, err
	}
	return v, nil
}

// UpdateVideo applies a patch with optimistic concurrency (admins only).
func (s *Service) UpdateVideo(ctx context.Context, a identity.Actor, id string, p VideoPatch) (Video, error) {
	if err := requireWrite(a); err != nil {
		return Video{}, err
	}
	cur, err := s.GetVideo(ctx, a, id)
	if err != nil {
		return Video{}, err
	}
	if err := errs.CheckVersion("video", p.Version, cur.Version); err != nil {
		return Video{}, err
	}
	v := cur
	c := &checker{}
	c.applyVideo(&v, p)
	if err := c.fe.Err(); err != nil {
		return Video{}, err
	}
	if len(c.changed) == 0 {
		return cur, nil
	}
	now := s.now()
	settle(&v, cur, now)
	v.Version, v.UpdatedAt = cur.Version+1, now
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.UpdateVideo(ctx, v, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionVideoUpdate,
			ResourceType: ResourceVideo, ResourceID: v.ID, Changes: c.changed})
	})
	if err != nil {
		return Video{}, err
	}
	return v, nil
}

// DeleteVideo removes a video for good (admins only).
func (s *Service) DeleteVideo(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, err := s.GetVideo(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("video", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.DeleteVideo(ctx, a.TenantID, id, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionVideoDelete,
			ResourceType: ResourceVideo, ResourceID: id})
	})
}

// Embed is the player URL of a video for an iframe, "" for an unknown link.
func Embed(rawURL string) string {
	ref, ok := ParseVideoURL(rawURL)
	switch {
	case !ok:
		return ""
	case ref.Provider == ProviderYouTube:
		return "https://www.youtube-nocookie.com/embed/" + ref.ID
	default:
		return "https://player.vimeo.com/video/" + strings.TrimSpace(ref.ID)
	}
}
