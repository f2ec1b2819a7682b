-- +goose Up
CREATE TABLE tenants (
    id             text PRIMARY KEY,
    clerk_org_id   text NOT NULL UNIQUE,
    name           text NOT NULL,
    default_region text NOT NULL,
    timezone       text NOT NULL,
    created_at     datetime NOT NULL,
    updated_at     datetime NOT NULL,
    version        integer NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id             text PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenants(id),
    clerk_user_id  text NOT NULL,
    email          text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    role           text NOT NULL CHECK (role IN ('admin','volunteer','developer')),
    status         text NOT NULL CHECK (status IN ('pending','approved','rejected')),
    is_active      boolean NOT NULL DEFAULT 1,
    last_seen_at   datetime,
    created_at     datetime NOT NULL,
    updated_at     datetime NOT NULL,
    version        integer NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, clerk_user_id)
);
CREATE INDEX users_clerk_user_id ON users (clerk_user_id);
CREATE INDEX users_tenant_status ON users (tenant_id, status);

CREATE TABLE patients (
    id                    text PRIMARY KEY,
    tenant_id             text NOT NULL REFERENCES tenants(id),
    name                  text NOT NULL,
    phone                 text NOT NULL,
    email                 text,
    birth_date            date,
    gender                text,
    language              text NOT NULL,
    timezone              text NOT NULL,
    diagnosis             text NOT NULL DEFAULT '',
    cancer_stage          text NOT NULL DEFAULT '',
    notes                 text NOT NULL DEFAULT '',
    tags                  text NOT NULL DEFAULT '[]',
    attributes            text NOT NULL DEFAULT '{}',
    external_id           text,
    assigned_volunteer_id text REFERENCES users(id),
    consent               text NOT NULL CHECK (consent IN ('pending','granted','declined','revoked')),
    consent_at            datetime,
    consent_source        text,
    preferred_channel     text,
    quiet_hours_start     text,
    quiet_hours_end       text,
    last_visit_date       date,
    last_surgery_date     date,
    photo_url             text,
    is_active             boolean NOT NULL DEFAULT 1,
    created_at            datetime NOT NULL,
    updated_at            datetime NOT NULL,
    deleted_at            datetime,
    version               integer NOT NULL DEFAULT 1
);
CREATE INDEX patients_tenant_created ON patients (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX patients_tenant_name ON patients (tenant_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX patients_tenant_phone ON patients (tenant_id, phone) WHERE deleted_at IS NULL;
CREATE INDEX patients_tenant_volunteer ON patients (tenant_id, assigned_volunteer_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX patients_tenant_external_id ON patients (tenant_id, external_id)
    WHERE external_id IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE audit_events (
    id            text PRIMARY KEY,
    tenant_id     text NOT NULL REFERENCES tenants(id),
    actor_user_id text,
    action        text NOT NULL,
    resource_type text NOT NULL,
    resource_id   text NOT NULL DEFAULT '',
    request_id    text NOT NULL DEFAULT '',
    changes       text NOT NULL DEFAULT '[]',
    created_at    datetime NOT NULL
);
CREATE INDEX audit_events_tenant_created ON audit_events (tenant_id, created_at DESC, id DESC);
CREATE INDEX audit_events_resource ON audit_events (tenant_id, resource_type, resource_id, created_at DESC);

CREATE TABLE idempotency_keys (
    user_id       text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status_code   integer NOT NULL DEFAULT 0,
    content_type  text NOT NULL DEFAULT '',
    response_body blob,
    created_at    datetime NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_events;
DROP TABLE patients;
DROP TABLE users;
DROP TABLE tenants;
