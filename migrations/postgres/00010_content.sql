-- +goose Up
-- Content (SPEC §11): articles with a public page, and videos. Slugs are
-- unique across every tenant because the public URL carries no tenant.
CREATE TABLE articles (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    title           text NOT NULL,
    slug            text NOT NULL,
    body_markdown   text NOT NULL DEFAULT '',
    body_html       text NOT NULL DEFAULT '',
    category        text NOT NULL DEFAULT '',
    cover_image_url text,
    language        text NOT NULL CHECK (language IN ('id','ko','en')),
    published       boolean NOT NULL DEFAULT false,
    published_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX articles_slug ON articles (slug);
CREATE INDEX articles_tenant_created ON articles (tenant_id, created_at DESC, id DESC);
CREATE INDEX articles_tenant_published ON articles (tenant_id, published, language);

CREATE TABLE videos (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants(id),
    title         text NOT NULL,
    url           text NOT NULL,
    description   text NOT NULL DEFAULT '',
    thumbnail_url text,
    language      text NOT NULL CHECK (language IN ('id','ko','en')),
    published     boolean NOT NULL DEFAULT false,
    published_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       integer NOT NULL DEFAULT 1
);
CREATE INDEX videos_tenant_created ON videos (tenant_id, created_at DESC, id DESC);

-- A template's {{link}} may point at an article of its tenant.
ALTER TABLE templates ADD COLUMN link_article_id uuid REFERENCES articles(id) ON DELETE SET NULL;
CREATE INDEX templates_link_article ON templates (link_article_id) WHERE link_article_id IS NOT NULL;

-- +goose Down
DROP INDEX templates_link_article;
ALTER TABLE templates DROP COLUMN link_article_id;
DROP TABLE videos;
DROP TABLE articles;
