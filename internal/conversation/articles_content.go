package conversation

import (
	"context"

	"github.com/prima-health/prima/internal/content"
)

// articleSources grounds answers in a tenant's published articles.
type articleSources struct{ c *content.Service }

// ArticlesFrom is the content service as the Articles answers rest on (nil: none).
func ArticlesFrom(c *content.Service) Articles {
	if c == nil {
		return nil
	}
	return articleSources{c}
}

func (a articleSources) Grounding(ctx context.Context, tenantID, language, query string, limit int) ([]Source, error) {
	arts, err := a.c.PublishedForGrounding(ctx, tenantID, language, query, limit)
	out := make([]Source, len(arts))
	for i, x := range arts {
		out[i] = Source{Title: x.Title, URL: x.URL, Text: x.Text}
	}
	return out, err
}
