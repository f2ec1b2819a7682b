package wiring

import (
	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/config"
)

// NewModel is the language model the configuration names (nil: rules only).
func NewModel(cfg *config.Config) *ai.Client {
	return ai.New(ai.Config{APIKey: cfg.OpenAI.APIKey, BaseURL: cfg.OpenAI.BaseURL, Model: cfg.OpenAI.Model, Timeout: cfg.OpenAI.Timeout})
}
