package main

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// namedOperations are the operation ids the path alone would name badly, by
// "METHOD path". The others follow the REST shapes (see operationID).
var namedOperations = map[string]string{
	"POST /api/v1/ai/draft":                         "draftText",
	"DELETE /api/v1/api-keys/{id}":                  "revokeApiKey",
	"POST /api/v1/campaigns/preview-audience":       "previewCampaignAudience",
	"GET /api/v1/campaigns/{id}/recipients":         "listCampaignRecipients",
	"GET /api/v1/conversations/counts":              "getConversationCounts",
	"POST /api/v1/conversations/{patient_id}/reply": "replyToPatient",
	"GET /api/v1/cron/trigger":                      "triggerCronByGet",
	"POST /api/v1/cron/trigger":                     "triggerCron",
	"POST /api/v1/dev/sign-in":                      "signInForDevelopment",
	"POST /api/v1/dev/simulate-inbound":             "devSimulateInbound",
	"POST /api/v1/hooks/clerk":                      "receiveClerkEvents",
	"POST /api/v1/hooks/gowa":                       "receiveGowaEvents",
	"POST /api/v1/hooks/nhn":                        "receiveNhnResults",
	"POST /api/v1/hooks/in/{webhook_id}":            "callInboundWebhook",
	"POST /api/v1/messages":                         "sendMessage",
	"POST /api/v1/messages/retry":                   "retryMessages",
	"GET /api/v1/messages/stats":                    "getMessageStats",
	"POST /api/v1/notifications/{id}/read":          "markNotificationRead",
	"GET /api/v1/patients/export":                   "exportPatients",
	"POST /api/v1/patients/import":                  "importPatients",
	"GET /api/v1/patients/import/sample":            "getPatientImportSample",
	"GET /api/v1/public/articles/{slug}":            "getPublicArticle",
	"GET /api/v1/reminders/{id}/occurrences":        "listReminderOccurrences",
	"POST /api/v1/reminders/preview":                "previewReminderSchedule",
	"POST /api/v1/reminders/send-now":               "sendRemindersNow",
	"GET /api/v1/settings":                          "getSettings",
	"PATCH /api/v1/settings":                        "updateSettings",
	"POST /api/v1/settings/test-message":            "sendTestMessage",
	"GET /api/v1/stats/adherence":                   "getAdherenceStats",
	"GET /api/v1/stats/dashboard":                   "getDashboardStats",
	"POST /api/v1/uploads":                          "uploadImage",
	"GET /api/v1/webhooks/{id}/executions":          "listWebhookExecutions",
	"POST /api/v1/webhooks/{id}/rotate-secret":      "rotateWebhookSecret",
	"POST /api/v1/workflows/simulate":               "simulateWorkflow",
	"POST /api/v1/workflows/validate":               "validateWorkflow",
	"GET /api/v1/config":                            "getConfig",
	"GET /api/v1/me":                                "getMe",
	"GET /metrics":                                  "getMetrics",
	"GET /healthz":                                  "getHealth",
	"GET /readyz":                                   "getReadiness",
	"GET /public/articles/{slug}":                   "getPublicArticlePage",
	"GET /uploads/{name}":                           "getUpload",
}

// operationIDs names every operation (swag's @ID, when a handler has one,
// wins), so clients generated from the document get names such as
// CreatePatient rather than PostApiV1Patients. Two operations with one id
// fail the generation.
func operationIDs(doc *openapi3.T) error {
	used := map[string]string{}
	for key := range namedOperations {
		if method, path, _ := strings.Cut(key, " "); doc.Paths.Find(path) == nil || doc.Paths.Find(path).GetOperation(method) == nil {
			return fmt.Errorf("openapigen names %s, which the document does not have", key)
		}
	}
	for _, op := range operations(doc) {
		key := strings.ToUpper(op.method) + " " + op.path
		if op.OperationID == "" {
			op.OperationID = namedOperations[key]
		}
		if op.OperationID == "" {
			op.OperationID = operationID(strings.ToUpper(op.method), op.path)
		}
		// A Go client names an operation's result <Id>Response and its parameters <Id>Params.
		for _, suffix := range []string{"Response", "Params"} {
			if name := strings.ToUpper(op.OperationID[:1]) + op.OperationID[1:] + suffix; doc.Components != nil && doc.Components.Schemas[name] != nil {
				return fmt.Errorf("operation id %s of %s would clash with the schema %s in generated clients; name it otherwise in namedOperations", op.OperationID, key, name)
			}
		}
		if other, taken := used[op.OperationID]; taken {
			return fmt.Errorf("operation id %s names both %s and %s; add one of them to namedOperations", op.OperationID, other, key)
		}
		used[op.OperationID] = key
	}
	return nil
}

// operationID derives an id from the REST shape of a path: GET /patients →
// listPatients, POST /patients → createPatient, GET|PATCH|PUT|DELETE
// /patients/{id} → getPatient|updatePatient|replacePatient|deletePatient,
// POST /reminders/{id}/pause → pauseReminder, GET /patients/{id}/timeline →
// getPatientTimeline; any other path joins the method and its words.
func operationID(method, path string) string {
	segs := strings.Split(strings.Trim(strings.TrimPrefix(path, "/api/v1"), "/"), "/")
	isParam := func(s string) bool { return strings.HasPrefix(s, "{") }
	verbs := map[string]string{"GET": "get", "PATCH": "update", "PUT": "replace", "DELETE": "delete"}
	switch {
	case len(segs) == 1 && !isParam(segs[0]) && method == "GET":
		return "list" + camel(segs[0])
	case len(segs) == 1 && !isParam(segs[0]) && method == "POST":
		return "create" + singular(camel(segs[0]))
	case len(segs) == 2 && isParam(segs[1]) && verbs[method] != "":
		return verbs[method] + singular(camel(segs[0]))
	case len(segs) == 3 && isParam(segs[1]) && !isParam(segs[2]) && method == "POST":
		return lowerFirst(camel(segs[2])) + singular(camel(segs[0]))
	case len(segs) == 3 && isParam(segs[1]) && !isParam(segs[2]) && method == "GET":
		return "get" + singular(camel(segs[0])) + camel(segs[2])
	}
	words := []string{strings.ToLower(method)}
	for _, s := range segs {
		if !isParam(s) {
			words = append(words, camel(s))
		}
	}
	return strings.Join(words, "")
}

// camel turns "audit-events" or "send_now" into "AuditEvents", "SendNow".
func camel(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "")
}

func singular(s string) string {
	if strings.HasSuffix(s, "ies") {
		return strings.TrimSuffix(s, "ies") + "y"
	}
	return strings.TrimSuffix(s, "s")
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
