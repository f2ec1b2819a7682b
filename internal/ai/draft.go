package ai

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Draft kinds.
const (
	DraftTemplate = "template" // a reusable message sent to one patient at a time
	DraftCampaign = "campaign" // a message sent to many patients at once
)

// DraftRequest asks for template or campaign text.
type DraftRequest struct {
	Kind      string   // DraftTemplate or DraftCampaign
	Language  string   // "id", "ko" or "en"
	Brief     string   // what staff want the message to say (cut to 2,000 characters)
	Variables []string // placeholders allowed in the output, e.g. "{{first_name}}" or "first_name"
}

const (
	draftMaxTokens = 600 // 500 characters of Korean plus the JSON around them
	draftMaxChars  = 500
)

var (
	placeholderRe  = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
	variableNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]{0,63}$`)
)

// Draft writes template or campaign text for staff to review; it never sends
// anything. The output uses only the requested placeholders: a draft with any
// other {{placeholder}} is refused with ErrBadAnswer.
func (c *Client) Draft(ctx context.Context, r DraftRequest) (string, error) {
	if c == nil {
		return "", ErrDisabled
	}
	kind := strings.ToLower(strings.TrimSpace(r.Kind))
	if kind != DraftTemplate && kind != DraftCampaign {
		return "", fmt.Errorf("%w: draft kind must be %q or %q", ErrInvalidInput, DraftTemplate, DraftCampaign)
	}
	if safeIdent(strings.TrimSpace(r.Language)) == "" {
		return "", fmt.Errorf("%w: draft needs a language code", ErrInvalidInput)
	}
	lang := languageName(r.Language)
	brief := truncate(r.Brief, maxBriefChars)
	if brief == "" {
		return "", fmt.Errorf("%w: draft needs a brief", ErrInvalidInput)
	}
	vars, err := placeholders(r.Variables)
	if err != nil {
		return "", err
	}

	content, err := c.complete(ctx, call{
		op:        "draft",
		system:    draftSystemPrompt(kind, lang, vars),
		user:      "Brief:\n" + brief,
		schema:    "draft",
		schemaDef: json.RawMessage(draftSchema),
		maxTokens: draftMaxTokens,
	})
	if err != nil {
		return "", err
	}
	var out struct {
		Text string `json:"text"`
	}
	if err := decodeContent(content, &out); err != nil {
		return "", badAnswer("draft", err.Error())
	}
	text := strings.TrimSpace(out.Text)
	if text == "" {
		return "", badAnswer("draft", "empty text")
	}
	allowed := map[string]bool{}
	for _, v := range vars {
		allowed[v] = true
	}
	for _, m := range placeholderRe.FindAllStringSubmatch(text, -1) {
		if !allowed["{{"+m[1]+"}}"] {
			return "", badAnswer("draft", "the text uses a placeholder that was not allowed")
		}
	}
	// Normalise "{{ first_name }}" to "{{first_name}}".
	return placeholderRe.ReplaceAllString(text, "{{${1}}}"), nil
}

// placeholders turns "first_name" or "{{first_name}}" into "{{first_name}}".
func placeholders(vars []string) ([]string, error) {
	out := make([]string, 0, len(vars))
	seen := map[string]bool{}
	for _, v := range vars {
		name := strings.TrimSpace(v)
		name = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(name, "{{"), "}}"))
		if !variableNameRe.MatchString(name) {
			return nil, fmt.Errorf("%w: draft variable names may hold only letters, digits, '_' and '.'", ErrInvalidInput)
		}
		p := "{{" + name + "}}"
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

func draftSystemPrompt(kind, lang string, vars []string) string {
	what := "a message template: a reusable message sent to one patient at a time, such as a reminder"
	if kind == DraftCampaign {
		what = "a campaign message: one message sent to many patients at once, such as a health-education or event announcement"
	}
	ph := "Use no placeholders and no curly braces."
	if len(vars) > 0 {
		ph = "You may use only these placeholders, written exactly like this: " + strings.Join(vars, ", ") +
			". Use no other placeholder or curly braces."
	}
	return "You help a clinic's staff write patient messages in PRIMA, a service that sends medication and " +
		"appointment reminders and health campaigns over WhatsApp, KakaoTalk and SMS in Indonesia and Korea. " +
		"Staff review your draft before it is used.\n\n" +
		"Write " + what + ", in " + lang + ", following the staff's brief.\n" +
		"- Warm, clear, respectful and short: at most " + fmt.Sprint(draftMaxChars) + " characters, plain text, no markdown.\n" +
		"- " + ph + "\n" +
		"- Never include real names, phone numbers, diagnoses or other patient data. Do not give diagnoses or medical advice " +
		"beyond the brief, and do not invent facts (dates, doses, prices, phone numbers) the brief does not give.\n\n" +
		`Reply with JSON only, exactly: {"text": "<the message>"}`
}

const draftSchema = `{"type":"object","properties":{"text":{"type":"string"}},` +
	`"required":["text"],"additionalProperties":false}`
