-- +goose Up
-- Campaigns (SPEC §10): one message to a segment of patients, sent through the
-- outbox at a pace. The audience is expanded into campaign_recipients in
-- batches (one row per campaign and patient: a restart or a second execute
-- never messages anyone twice); a feeder queues pending recipients' messages
-- at the campaign's rate, within its send window and the tenant's WhatsApp
-- warm-up.
CREATE TABLE campaigns (
    id                text PRIMARY KEY,
    tenant_id         text NOT NULL REFERENCES tenants(id),
    name              text NOT NULL,
    status            text NOT NULL CHECK (status IN ('draft','scheduled','running','paused','completed','cancelled')),
    template_id       text,
    bodies            text,
    channel_order     text NOT NULL DEFAULT '[]',
    audience          text NOT NULL,
    variants          text NOT NULL DEFAULT '[]',
    send_at           datetime,
    send_window_start text,
    send_window_end   text,
    rate_per_minute   integer NOT NULL,
    failure_threshold integer NOT NULL,
    pause_code        text,
    pause_reason      text,
    waiting_reason    text,
    expand_after      text,          -- the last patient id expanded (keyset cursor)
    expanded_at       datetime,   -- when the whole audience was expanded
    total             integer NOT NULL DEFAULT 0,
    fed_until         datetime,   -- pacing: the rate's clock (see campaign.feed)
    recipients_queued  integer NOT NULL DEFAULT 0, -- recipients whose message is in the outbox
    recipients_skipped integer NOT NULL DEFAULT 0, -- recipients never queued (excluded, cancelled)
    started_at        datetime,
    completed_at      datetime,
    created_by        text,
    created_at        datetime NOT NULL,
    updated_at        datetime NOT NULL,
    deleted_at        datetime,
    version           integer NOT NULL DEFAULT 1
);
CREATE INDEX campaigns_tenant_created ON campaigns (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX campaigns_live ON campaigns (status, send_at) WHERE status IN ('scheduled','running');

CREATE TABLE campaign_recipients (
    campaign_id text NOT NULL REFERENCES campaigns(id),
    patient_id  text NOT NULL,
    tenant_id   text NOT NULL,
    state       text NOT NULL CHECK (state IN ('pending','queued','skipped')),
    skip_reason text,
    variant     text,            -- chosen at random by weight when the audience is expanded
    timezone    text NOT NULL,
    created_at  datetime NOT NULL,
    updated_at  datetime NOT NULL,
    PRIMARY KEY (campaign_id, patient_id)
);
-- What the feeder reads: a campaign's recipients not yet queued, by zone.
CREATE INDEX campaign_recipients_pending ON campaign_recipients (campaign_id, timezone, patient_id) WHERE state = 'pending';

-- Counters read a campaign's messages by status. A recipient's message is
-- found by its dedupe key, campaign:<campaign id>:<patient id>.
CREATE INDEX messages_campaign_status ON messages (source_id, status) WHERE source = 'campaign';

-- Campaign messages queued per tenant sending account and day (the tenant's
-- time zone): the WhatsApp warm-up's budget.
CREATE TABLE campaign_daily_sends (
    tenant_id text NOT NULL,
    channel   text NOT NULL,
    day       text NOT NULL,
    queued    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, channel, day)
);

-- A tenant's WhatsApp warm-up: a new number starts slow and ramps up over days.
ALTER TABLE tenants ADD COLUMN whatsapp_warmup text;

-- +goose Down
ALTER TABLE tenants DROP COLUMN whatsapp_warmup;
DROP TABLE campaign_daily_sends;
DROP INDEX messages_campaign_status;
DROP TABLE campaign_recipients;
DROP TABLE campaigns;
