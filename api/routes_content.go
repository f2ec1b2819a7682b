package api

import (
	"fmt"

	"github.com/labstack/echo/v4"
	emw "github.com/labstack/echo/v4/middleware"
)

// contentRoutes registers articles, videos, uploads and the public article
// pages (JSON and HTML), which need no credentials and are rate-limited per
// client address.
func (s *Server) contentRoutes(e *echo.Echo, ch chains, publicLimit echo.MiddlewareFunc) {
	e.GET("/api/v1/articles", s.listArticles, ch.app...)
	e.POST("/api/v1/articles", s.createArticle, ch.create...)
	e.GET("/api/v1/articles/:id", s.getArticle, ch.app...)
	e.PATCH("/api/v1/articles/:id", s.updateArticle, ch.app...)
	e.DELETE("/api/v1/articles/:id", s.deleteArticle, ch.app...)

	e.GET("/api/v1/videos", s.listVideos, ch.app...)
	e.POST("/api/v1/videos", s.createVideo, ch.create...)
	e.GET("/api/v1/videos/:id", s.getVideo, ch.app...)
	e.PATCH("/api/v1/videos/:id", s.updateVideo, ch.app...)
	e.DELETE("/api/v1/videos/:id", s.deleteVideo, ch.app...)

	// Images skip the global 1 MiB limit and get 5 MiB and the multipart
	// envelope: after authentication, before the idempotency middleware reads the body.
	imageLimit := emw.BodyLimit(fmt.Sprintf("%dKiB", maxImageBody>>10))
	upload := join(ch.app, imageLimit)
	upload = append(upload, ch.create[len(ch.app):]...)
	e.POST("/api/v1/uploads", s.createUpload, upload...)
	e.GET("/uploads/:name", s.uploadedFile)

	e.GET("/api/v1/public/articles/:slug", s.publicArticle, publicLimit)
	e.GET("/public/articles/:slug", s.publicArticlePage, publicLimit)
}
