// Shell examples that call an inbound webhook, signed the two ways PRIMA accepts.
// They need only a POSIX shell, openssl, od and curl (Linux and macOS alike).

/** Stands in for the secret where it is not shown any more. */
export const SECRET_PLACEHOLDER = 'whsec_…';

/** A payload that finds or creates a patient by phone. */
export const EXAMPLE_BODY = '{"phone":"+6281234567890","patient":{"name":"Siti"},"data":{}}';

export type SigningScheme = 'standard' | 'simple';

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function head(url: string, secret: string | undefined): string[] {
  return [`URL=${shellQuote(url)}`, `SECRET=${shellQuote(secret || SECRET_PLACEHOLDER)}`, `body=${shellQuote(EXAMPLE_BODY)}`];
}

/**
 * Standard Webhooks: "v1,<base64 HMAC-SHA256 of id.timestamp.body>", keyed with
 * the base64-decoded part of the secret after "whsec_" (a binary key, so it is
 * handed to openssl in hex).
 */
export function standardExample(url: string, secret?: string): string {
  return [
    ...head(url, secret),
    `id="msg_$(openssl rand -hex 12)"`,
    `ts="$(date +%s)"`,
    `key="$(printf '%s' "\${SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \\n')"`,
    `sig="$(printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | openssl base64 -A)"`,
    `curl -sS -X POST "$URL" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "webhook-id: $id" \\`,
    `  -H "webhook-timestamp: $ts" \\`,
    `  -H "webhook-signature: v1,$sig" \\`,
    `  --data-binary "$body"`,
  ].join('\n');
}

/**
 * x-webhook-signature: "sha256=<hex HMAC-SHA256 of the body>" keyed with the
 * whole secret string; the Idempotency-Key names the delivery.
 */
export function simpleExample(url: string, secret?: string): string {
  return [
    ...head(url, secret),
    `sig="$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')"`,
    `curl -sS -X POST "$URL" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "x-webhook-signature: sha256=$sig" \\`,
    `  -H "Idempotency-Key: $(openssl rand -hex 12)" \\`,
    `  --data-binary "$body"`,
  ].join('\n');
}

export function callExample(scheme: SigningScheme, url: string, secret?: string): string {
  return scheme === 'standard' ? standardExample(url, secret) : simpleExample(url, secret);
}
