// Test data for the conversation screens.
import type { Message } from '../../api/types';
import type { Conversation, ConversationThread } from './types';

export function conversation(n: number, extra: Partial<Conversation> = {}): Conversation {
  return {
    patient_id: `p-${n}`,
    patient_name: `Patient ${n}`,
    status: 'open',
    flag: null,
    flagged_at: null,
    unread_count: 0,
    last_message_at: '2026-11-22T01:00:00Z',
    last_inbound_at: '2026-11-22T01:00:00Z',
    last_inbound_preview: 'Terima kasih',
    last_intent: 'greeting',
    assigned_volunteer_id: null,
    version: 1,
    ...extra,
  };
}

export function message(id: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    patient_id: 'p-1',
    patient_name: 'Budi Santoso',
    to_phone: '+6281322220102',
    direction: 'outbound',
    channel: 'whatsapp',
    channel_order: ['whatsapp', 'sms'],
    status: 'delivered',
    skip_reason: null,
    body: 'Waktunya minum obat.',
    source: 'reminder',
    source_id: 'o-1',
    provider_message_id: null,
    automated: true,
    ai_generated: false,
    error_code: null,
    error_message: null,
    total_attempts: 1,
    next_attempt_at: null,
    send_before: null,
    created_by: null,
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:00:00Z',
    sent_at: '2026-11-22T01:00:05Z',
    delivered_at: '2026-11-22T01:00:10Z',
    read_at: null,
    failed_at: null,
    intent: null,
    intent_confidence: null,
    intent_source: null,
    replied_to_message_id: null,
    ...extra,
  };
}

export function inbound(id: string, body: string, extra: Partial<Message> = {}): Message {
  return message(id, {
    direction: 'inbound',
    status: 'received',
    source: 'inbound',
    source_id: null,
    automated: false,
    body,
    sent_at: null,
    delivered_at: null,
    intent: 'confirm',
    intent_confidence: 0.95,
    intent_source: 'rules',
    ...extra,
  });
}

/** Budi's urgent thread: a reminder, his message, the automatic safety answer, an AI answer and a staff reply. */
export function budiThread(extra: Partial<Conversation> = {}): ConversationThread {
  return {
    conversation: conversation(1, { patient_name: 'Budi Santoso', flag: 'urgent', unread_count: 0, last_intent: 'urgent', ...extra }),
    messages: [
      message('m-1', { body: 'Waktunya minum Capecitabine 500 mg.', created_at: '2026-11-22T00:00:00Z' }),
      inbound('m-2', 'Dok, saya demam tinggi setelah kemo kemarin', { intent: 'urgent', intent_confidence: 1, created_at: '2026-11-22T00:30:00Z' }),
      message('m-3', { source: 'auto_reply', body: 'Segera hubungi 112 atau 119.', created_at: '2026-11-22T00:30:05Z', status: 'sent' }),
      message('m-4', { source: 'auto_reply', ai_generated: true, body: 'Tamoxifen boleh diminum sebelum makan.', created_at: '2026-11-22T00:31:00Z', status: 'skipped', skip_reason: 'no_consent' }),
      message('m-5', { source: 'manual', automated: false, body: 'Kami segera menelepon Bapak.', created_at: '2026-11-22T00:40:00Z', status: 'queued' }),
    ],
  };
}
