// Package events delivers PRIMA's outbound events (SPEC §9) to the URLs
// tenants subscribe: a change records its events in its own transaction
// (Recorder), one delivery per subscribed endpoint is written with them, and
// a dispatcher in every server process signs (Standard Webhooks) and posts
// them, retrying with back-off for up to a day. An endpoint answering 410
// Gone is disabled.
//
// Event data carries ids and states only (SPEC §12): never a message body, a
// name, a phone number or a diagnosis.
package events

import "time"

// Event types a tenant may subscribe to.
const (
	TypeMessageSent         = "message.sent"
	TypeMessageDelivered    = "message.delivered"
	TypeMessageFailed       = "message.failed"
	TypeOccurrenceConfirmed = "occurrence.confirmed"
	TypeOccurrenceMissed    = "occurrence.missed"
	TypePatientOptedOut     = "patient.opted_out"
	TypeConversationFlagged = "conversation.flagged"
	TypeWorkflowCompleted   = "workflow.completed"
	TypeCampaignCompleted   = "campaign.completed"
	// TypeTest is sent by "send test event" to the one subscription asked for;
	// nobody subscribes to it.
	TypeTest = "test.event"
)

// Types lists the types a subscription may name, in documentation order.
var Types = []string{
	TypeMessageSent, TypeMessageDelivered, TypeMessageFailed, TypeOccurrenceConfirmed, TypeOccurrenceMissed,
	TypePatientOptedOut, TypeConversationFlagged, TypeWorkflowCompleted, TypeCampaignCompleted,
}

// KnownType reports whether t is a type a subscription may name.
func KnownType(t string) bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

// Data is an event's data object: ids, states, channels and counts only.
type Data map[string]any

// Event is one thing that happened to a tenant's data.
type Event struct {
	TenantID string
	Type     string
	Data     Data
	// At is when it happened; zero is the recorder's clock.
	At time.Time
}

func optional(d Data, key string, v *string) {
	if v != nil && *v != "" {
		d[key] = *v
	}
}

// MessageSent reports a message handed to its provider.
func MessageSent(tenantID, messageID, patientID, channel string, source, sourceID *string) Event {
	d := Data{"message_id": messageID, "patient_id": patientID, "channel": channel, "status": "sent"}
	optional(d, "source", source)
	optional(d, "source_id", sourceID)
	return Event{TenantID: tenantID, Type: TypeMessageSent, Data: d}
}

// MessageDelivered reports a provider's receipt that a message arrived.
func MessageDelivered(tenantID, messageID, patientID, channel, status string) Event {
	return Event{TenantID: tenantID, Type: TypeMessageDelivered,
		Data: Data{"message_id": messageID, "patient_id": patientID, "channel": channel, "status": status}}
}

// MessageFailed reports a message that could not be sent on any channel or
// whose provider reported it undeliverable. errorCode is PRIMA's or the
// provider's code, never a provider's free text.
func MessageFailed(tenantID, messageID, patientID, channel string, errorCode *string) Event {
	d := Data{"message_id": messageID, "patient_id": patientID, "channel": channel, "status": "failed"}
	optional(d, "error_code", errorCode)
	return Event{TenantID: tenantID, Type: TypeMessageFailed, Data: d}
}

// OccurrenceConfirmed reports a dose or visit confirmed by the patient or by staff.
func OccurrenceConfirmed(tenantID, occurrenceID, reminderID, patientID, state, by string) Event {
	return Event{TenantID: tenantID, Type: TypeOccurrenceConfirmed, Data: Data{"occurrence_id": occurrenceID,
		"reminder_id": reminderID, "patient_id": patientID, "state": state, "confirmed_by": by}}
}

// OccurrenceMissed reports a dose left unconfirmed past its window.
func OccurrenceMissed(tenantID, occurrenceID, reminderID, patientID string) Event {
	return Event{TenantID: tenantID, Type: TypeOccurrenceMissed, Data: Data{"occurrence_id": occurrenceID,
		"reminder_id": reminderID, "patient_id": patientID, "state": "missed"}}
}

// PatientOptedOut reports a patient who revoked or declined consent
// (consent is the new value) and where the change came from.
func PatientOptedOut(tenantID, patientID, consent, source string) Event {
	return Event{TenantID: tenantID, Type: TypePatientOptedOut, Data: Data{"patient_id": patientID, "consent": consent, "source": source}}
}

// ConversationFlagged reports a conversation flagged for staff (urgent or needs a reply).
func ConversationFlagged(tenantID, patientID, flag string, messageID string) Event {
	d := Data{"patient_id": patientID, "flag": flag}
	if messageID != "" {
		d["message_id"] = messageID
	}
	return Event{TenantID: tenantID, Type: TypeConversationFlagged, Data: d}
}

// WorkflowCompleted reports a workflow execution that reached its end.
func WorkflowCompleted(tenantID, workflowID, executionID, patientID, status string) Event {
	return Event{TenantID: tenantID, Type: TypeWorkflowCompleted, Data: Data{"workflow_id": workflowID,
		"execution_id": executionID, "patient_id": patientID, "status": status}}
}

// CampaignCompleted reports a campaign whose every recipient is settled, with its counters.
func CampaignCompleted(tenantID, campaignID string, counts map[string]int64) Event {
	d := Data{"campaign_id": campaignID, "status": "completed"}
	if counts != nil {
		d["counters"] = counts
	}
	return Event{TenantID: tenantID, Type: TypeCampaignCompleted, Data: d}
}
