// A secret just made (on create) travels to the webhook's page in memory only:
// it is read there once, and a reload or a later visit never shows it again.
const pending = new Map<string, string>();

export function handOverSecret(webhookId: string, secret: string): void {
  pending.set(webhookId, secret);
}

/** The secret waiting for this webhook, if any (it stays until forgetSecret). */
export function peekSecret(webhookId: string): string | undefined {
  return pending.get(webhookId);
}

export function forgetSecret(webhookId: string): void {
  pending.delete(webhookId);
}
