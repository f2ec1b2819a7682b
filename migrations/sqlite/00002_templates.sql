-- +goose Up
CREATE TABLE templates (
    id                  text PRIMARY KEY,
    tenant_id           text NOT NULL REFERENCES tenants(id),
    name                text NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('reminder','consent','campaign','reply')),
    bodies              text NOT NULL DEFAULT '{}',
    kakao_template_code text,
    kakao_parameters    text NOT NULL DEFAULT '{}',
    created_at          datetime NOT NULL,
    updated_at          datetime NOT NULL,
    deleted_at          datetime,
    version             integer NOT NULL DEFAULT 1
);
-- Names are unique per tenant among live templates, whatever their (ASCII) case.
CREATE UNIQUE INDEX templates_tenant_name ON templates (tenant_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX templates_tenant_kind_name ON templates (tenant_id, kind, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX templates_tenant_created ON templates (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX templates_tenant_updated ON templates (tenant_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;

-- +goose Down
DROP TABLE templates;
