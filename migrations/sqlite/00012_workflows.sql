-- +goose Up
-- Workflows (SPEC §8): a trigger and a graph, versioned. Every change of the
-- trigger or the graph is a new row in workflow_versions; an execution runs
-- on the version it started with.
CREATE TABLE workflows (
    id             text PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenants(id),
    name           text NOT NULL,
    description    text NOT NULL DEFAULT '',
    is_active      boolean NOT NULL DEFAULT 0,
    activated_at   datetime,
    trigger_type   text NOT NULL,
    trigger        text NOT NULL,
    graph          text NOT NULL,
    signing_secret text NOT NULL,
    created_at     datetime NOT NULL,
    updated_at     datetime NOT NULL,
    deleted_at     datetime,
    version        integer NOT NULL DEFAULT 1
);
CREATE INDEX workflows_tenant_created ON workflows (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX workflows_active_trigger ON workflows (trigger_type) WHERE is_active = 1 AND deleted_at IS NULL;

CREATE TABLE workflow_versions (
    workflow_id text NOT NULL REFERENCES workflows(id),
    version     integer NOT NULL,
    tenant_id   text NOT NULL REFERENCES tenants(id),
    trigger     text NOT NULL,
    graph       text NOT NULL,
    created_at  datetime NOT NULL,
    PRIMARY KEY (workflow_id, version)
);

-- One execution per (workflow, patient, trigger event): a re-delivered
-- webhook or a repeated tick never starts a second. state_version changes on
-- every transition; a timer or event set for an older state does nothing.
CREATE TABLE workflow_executions (
    id               text PRIMARY KEY,
    tenant_id        text NOT NULL REFERENCES tenants(id),
    workflow_id      text NOT NULL REFERENCES workflows(id),
    workflow_version integer NOT NULL,
    patient_id       text NOT NULL REFERENCES patients(id),
    trigger_event_id text NOT NULL,
    status           text NOT NULL CHECK (status IN ('running','waiting','completed','failed','cancelled')),
    current_node_id  text NOT NULL DEFAULT '',
    waiting          text NOT NULL DEFAULT '',
    next_run_at      datetime,
    state_version    integer NOT NULL DEFAULT 1,
    step_count       integer NOT NULL DEFAULT 0,
    context          text NOT NULL DEFAULT '{}',
    day0             text NOT NULL,
    claim_token      text,
    claimed_until    datetime,
    started_at       datetime NOT NULL,
    finished_at      datetime,
    updated_at       datetime NOT NULL
);
CREATE UNIQUE INDEX workflow_executions_once ON workflow_executions (workflow_id, patient_id, trigger_event_id);
CREATE INDEX workflow_executions_due ON workflow_executions (next_run_at) WHERE status = 'waiting';
CREATE INDEX workflow_executions_status_waits ON workflow_executions (id) WHERE status = 'waiting' AND waiting = 'message_status';
CREATE INDEX workflow_executions_patient ON workflow_executions (tenant_id, patient_id, status);
CREATE INDEX workflow_executions_tenant_started ON workflow_executions (tenant_id, started_at DESC, id DESC);

-- The step log: one row per node an execution entered.
CREATE TABLE workflow_steps (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants(id),
    execution_id text NOT NULL REFERENCES workflow_executions(id),
    seq          integer NOT NULL,
    node_id      text NOT NULL,
    type         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('done','waiting','skipped','failed')),
    started_at   datetime NOT NULL,
    finished_at  datetime,
    message_id   text,
    detail       text
);
CREATE UNIQUE INDEX workflow_steps_seq ON workflow_steps (execution_id, seq);

-- A workflow's notify_staff step tells staff in words of its own.
ALTER TABLE notifications ADD COLUMN body text;
ALTER TABLE notifications ADD COLUMN execution_id text;

-- +goose Down
ALTER TABLE notifications DROP COLUMN execution_id;
ALTER TABLE notifications DROP COLUMN body;
DROP TABLE workflow_steps;
DROP TABLE workflow_executions;
DROP TABLE workflow_versions;
DROP TABLE workflows;
