package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/content"
)

// Video is a YouTube or Vimeo video of the caller's tenant. thumbnail_url is
// derived for YouTube links when none was given; embed_url is the player.
type Video struct {
	ID           string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f81"`
	Title        string     `json:"title" example:"Senam setelah operasi payudara"`
	URL          string     `json:"url" example:"https://youtu.be/dQw4w9WgXcQ"`
	Description  string     `json:"description" example:"Latihan ringan untuk minggu pertama."`
	ThumbnailURL *string    `json:"thumbnail_url" example:"https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" extensions:"x-nullable"`
	Provider     string     `json:"provider" enums:"youtube,vimeo" example:"youtube"`
	EmbedURL     string     `json:"embed_url" example:"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`
	Language     string     `json:"language" enums:"id,ko,en" example:"id"`
	Published    bool       `json:"published" example:"false"`
	PublishedAt  *time.Time `json:"published_at" extensions:"x-nullable"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      int        `json:"version" example:"1"`
}

// VideoList is a page of videos.
type VideoList struct {
	Data []Video `json:"data"`
	Page
}

// VideoInput creates a video. url must be a YouTube (youtube.com/watch?v=,
// youtu.be/, youtube.com/shorts/, youtube.com/embed/) or Vimeo (vimeo.com/<id>) link.
type VideoInput struct {
	Title        string  `json:"title" example:"Senam setelah operasi payudara"`
	URL          string  `json:"url" example:"https://youtu.be/dQw4w9WgXcQ"`
	Description  string  `json:"description,omitempty"`
	ThumbnailURL *string `json:"thumbnail_url,omitempty" extensions:"x-nullable"`
	Language     string  `json:"language" enums:"id,ko,en" example:"id"`
	Published    bool    `json:"published,omitempty"`
}

// VideoPatch changes some fields of a video: absent fields stay, null clears
// thumbnail_url or description. version (or If-Match) refuses stale writes with 409.
type VideoPatch struct {
	Title        *string `json:"title,omitempty"`
	URL          *string `json:"url,omitempty"`
	Description  *string `json:"description,omitempty" extensions:"x-nullable"`
	ThumbnailURL *string `json:"thumbnail_url,omitempty" extensions:"x-nullable"`
	Language     *string `json:"language,omitempty" enums:"id,ko,en"`
	Published    *bool   `json:"published,omitempty"`
	Version      *int    `json:"version,omitempty" example:"1"`
}

func toVideo(v content.Video) Video {
	ref, _ := content.ParseVideoURL(v.URL)
	return Video{ID: v.ID, Title: v.Title, URL: v.URL, Description: v.Description, ThumbnailURL: v.ThumbnailURL,
		Provider: ref.Provider, EmbedURL: content.Embed(v.URL), Language: v.Language, Published: v.Published,
		PublishedAt: timePtr(v.PublishedAt), CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(), Version: v.Version}
}

func (in VideoPatch) toPatch(present fieldSet) content.VideoPatch {
	p := content.VideoPatch{Title: in.Title, URL: in.URL, Description: in.Description, ThumbnailURL: in.ThumbnailURL,
		Language: in.Language, Published: in.Published, Version: in.Version}
	isNull := map[string]bool{"title": in.Title == nil, "url": in.URL == nil, "description": in.Description == nil,
		"thumbnail_url": in.ThumbnailURL == nil, "language": in.Language == nil, "published": in.Published == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// listVideos godoc
//
//	@Summary		List videos
//	@Description	Every member of the tenant reads its videos. `search` matches the title (contains, any case).
//	@Tags			content
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search		query		string	false	"title contains"
//	@Param			language	query		string	false	"spoken in"							Enums(id,ko,en)
//	@Param			published	query		bool	false	"only published (true) or drafts (false)"
//	@Param			sort		query		string	false	"order (default -created_at)"		Enums(-created_at,created_at,-updated_at,updated_at,title,-title)
//	@Param			page		query		int		false	"page (from 1)"						minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"							minimum(1)	maximum(100)
//	@Success		200			{object}	VideoList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/videos [get]
func (s *Server) listVideos(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	published, err := queryBool(c, "published")
	if err != nil {
		return err
	}
	rows, total, err := s.Content.ListVideos(c.Request().Context(), a, content.VideoFilter{Search: c.QueryParam("search"),
		Language: c.QueryParam("language"), Published: published, Sort: lq.Sort, Page: lq.Page, PerPage: lq.PerPage})
	if err != nil {
		return err
	}
	out := VideoList{Data: make([]Video, 0, len(rows)), Page: Page{Page: lq.Page, PerPage: lq.PerPage, Total: total}}
	for _, r := range rows {
		out.Data = append(out.Data, toVideo(r))
	}
	return c.JSON(http.StatusOK, out)
}

// createVideo godoc
//
//	@Summary		Create a video (admin)
//	@Description	A link to YouTube or Vimeo (anything else is 400 on `url`); a YouTube link gets its thumbnail when none is given. Send an Idempotency-Key to make retries safe.
//	@Tags			content
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string		false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		VideoInput	true	"the video"
//	@Success		201				{object}	Video
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/videos [post]
func (s *Server) createVideo(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req VideoInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Content.CreateVideo(c.Request().Context(), a, content.VideoInput{Title: req.Title, URL: req.URL,
		Description: req.Description, ThumbnailURL: req.ThumbnailURL, Language: req.Language, Published: req.Published})
	if err != nil {
		return err
	}
	return created(c, toVideo(v))
}

// getVideo godoc
//
//	@Summary	One video
//	@Tags		content
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"video id"
//	@Success	200	{object}	Video
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/videos/{id} [get]
func (s *Server) getVideo(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	v, err := s.Content.GetVideo(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toVideo(v))
}

// updateVideo godoc
//
//	@Summary		Change a video (admin)
//	@Description	Absent fields stay as they are; null clears `thumbnail_url` or `description`. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			content
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string		true	"video id"
//	@Param			If-Match	header		string		false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		VideoPatch	true	"changes"
//	@Success		200			{object}	Video
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/videos/{id} [patch]
func (s *Server) updateVideo(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req VideoPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	v, err := s.Content.UpdateVideo(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toVideo(v))
}

// deleteVideo godoc
//
//	@Summary	Delete a video (admin)
//	@Tags		content
//	@Security	BearerAuth
//	@x-required-scope	"write"
//	@Param		id			path	string	true	"video id"
//	@Param		If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success	204
//	@Failure	400	{object}	Problem
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Failure	409	{object}	Problem
//	@Router		/api/v1/videos/{id} [delete]
func (s *Server) deleteVideo(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Content.DeleteVideo(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
