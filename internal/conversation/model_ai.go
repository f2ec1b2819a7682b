package conversation

import (
	"context"

	"github.com/prima-health/prima/internal/ai"
)

// conversationModel lets the conversation domain use the language model
// through its own small interface.
type conversationModel struct{ c *ai.Client }

// ModelFrom is the language model client as a Model (nil: rules only).
func ModelFrom(c *ai.Client) Model {
	if c == nil {
		return nil
	}
	return conversationModel{c}
}

func (m conversationModel) Enabled() bool { return m.c.Enabled() }

func (m conversationModel) Classify(ctx context.Context, text, firstName, language string, intents []string) (string, float64, error) {
	r, err := m.c.Classify(ctx, text, firstName, language, intents)
	return r.Intent, r.Confidence, err
}

func (m conversationModel) Answer(ctx context.Context, question, firstName, language string, sources []Source) (string, bool, error) {
	src := make([]ai.Source, len(sources))
	for i, s := range sources {
		src[i] = ai.Source{Title: s.Title, URL: s.URL, Text: s.Text}
	}
	a, err := m.c.Answer(ctx, question, firstName, language, src)
	return a.Text, a.Confident, err
}
