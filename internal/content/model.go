package content

import (
	"strings"
	"time"
)

// Languages an article or video is written in.
var Languages = []string{"id", "ko", "en"}

// Resource types and audit actions. Audit events name ids and changed fields,
// never the content itself.
const (
	ResourceArticle = "article"
	ResourceVideo   = "video"
	ResourceUpload  = "upload"

	ActionArticleCreate = "article.create"
	ActionArticleUpdate = "article.update"
	ActionArticleDelete = "article.delete"
	ActionVideoCreate   = "video.create"
	ActionVideoUpdate   = "video.update"
	ActionVideoDelete   = "video.delete"
	ActionUploadCreate  = "upload.create"
)

// Limits on content fields (characters).
const (
	MaxTitleLen       = 200
	MaxSlugLen        = 100
	MaxBodyLen        = 100_000
	MaxCategoryLen    = 100
	MaxDescriptionLen = 2_000
	MaxURLLen         = 2_000
)

// Article is one row of the articles table: a markdown text with its
// sanitised HTML, readable by anyone at its public page once published.
type Article struct {
	ID            string `gorm:"primaryKey"`
	TenantID      string
	Title         string
	Slug          string
	BodyMarkdown  string
	BodyHTML      string `gorm:"column:body_html"`
	Category      string
	CoverImageURL *string `gorm:"column:cover_image_url"`
	Language      string
	Published     bool
	PublishedAt   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}

// TableName is the articles table.
func (Article) TableName() string { return "articles" }

// Video is one row of the videos table: a YouTube or Vimeo link.
type Video struct {
	ID           string `gorm:"primaryKey"`
	TenantID     string
	Title        string
	URL          string `gorm:"column:url"`
	Description  string
	ThumbnailURL *string `gorm:"column:thumbnail_url"`
	Language     string
	Published    bool
	PublishedAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// TableName is the videos table.
func (Video) TableName() string { return "videos" }

// PublicArticlePath is the path of an article's public page.
func PublicArticlePath(slug string) string { return "/public/articles/" + slug }

// PublicArticleURL is the absolute URL of an article's public page under
// baseURL (PRIMA_BASE_URL).
func PublicArticleURL(baseURL, slug string) string {
	return strings.TrimRight(baseURL, "/") + PublicArticlePath(slug)
}
