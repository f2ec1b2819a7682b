package outbox

import "context"

// What a campaign that is not running asks of its claimed messages.
const (
	HoldPark   = "park"   // paused: back to the queue with no due time until resumed
	HoldCancel = "cancel" // cancelled: skipped
)

// SkipCampaignCancelled is the skip reason of a cancelled campaign's messages.
const SkipCampaignCancelled = "campaign_cancelled"

// CampaignHolds tells which campaigns' messages must not leave now. The
// dispatcher asks after it claimed a batch and before any provider sees it,
// so a pause that committed holds every message claimed after it, and a pause
// that waits for the messages still in flight leaves nothing to go out after
// it returns.
type CampaignHolds interface {
	// Holds maps each of campaignIDs that is not running to HoldPark or HoldCancel.
	Holds(ctx context.Context, campaignIDs []string) (map[string]string, error)
	// Settled is told, in the order they were recorded, each campaign
	// message that ended sent or failed (errorCode: the failure's code).
	Settled(campaignID string, failed bool, errorCode string)
}

// campaignOutcome is a campaign message's final outcome in a recorded batch.
type campaignOutcome struct {
	id, campaign, code string
	failed             bool
}

// SetCampaignHolds has the dispatcher consult h for campaign messages.
func (d *Dispatcher) SetCampaignHolds(h CampaignHolds) { d.holds = h }

// campaignHolds asks, once per batch that carries campaign messages, which of
// their campaigns are held.
func (d *Dispatcher) campaignHolds(ctx context.Context, batch []Message) (map[string]string, error) {
	if d.holds == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	var idList []string
	for _, m := range batch {
		if m.Source == SourceCampaign && m.SourceID != nil && !seen[*m.SourceID] {
			seen[*m.SourceID] = true
			idList = append(idList, *m.SourceID)
		}
	}
	if len(idList) == 0 {
		return nil, nil
	}
	return d.holds.Holds(ctx, idList)
}
