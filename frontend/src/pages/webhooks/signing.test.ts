import { describe, expect, it } from 'vitest';
import { callExample, EXAMPLE_BODY, SECRET_PLACEHOLDER, shellQuote, simpleExample, standardExample } from './signing';

const URL = 'https://prima.example.org/api/v1/hooks/in/wh-1';
const SECRET = 'whsec_sICVZjngaeLIay3glqXG/Ka3YL+F2LJM/mClmEmGel0=';

describe('call examples', () => {
  it('quote values for a POSIX shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote(EXAMPLE_BODY)).toBe(`'${EXAMPLE_BODY}'`);
  });

  it('sign with Standard Webhooks: a binary key from the secret after whsec_, over id.timestamp.body', () => {
    const s = standardExample(URL, SECRET);
    expect(s).toContain(`URL='${URL}'`);
    expect(s).toContain(`SECRET='${SECRET}'`);
    expect(s).toContain('"${SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1');
    expect(s).toContain(`printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | openssl base64 -A`);
    expect(s).toContain('-H "webhook-signature: v1,$sig"');
    expect(s).toContain('-H "webhook-id: $id"');
    expect(s).toContain('-H "webhook-timestamp: $ts"');
  });

  it('sign with x-webhook-signature: hex HMAC of the body keyed with the whole secret', () => {
    const s = simpleExample(URL, SECRET);
    expect(s).toContain(`printf '%s' "$body" | openssl dgst -sha256 -hmac "$SECRET"`);
    expect(s).toContain('-H "x-webhook-signature: sha256=$sig"');
    expect(s).toContain('Idempotency-Key');
  });

  it('use a placeholder when the secret is not known', () => {
    expect(callExample('standard', URL)).toContain(`SECRET='${SECRET_PLACEHOLDER}'`);
    expect(callExample('simple', URL)).not.toContain('whsec_s');
  });
});
