// The conversation shapes of the API contract (SPEC §3.2), from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Conversation = Schemas['api.Conversation'];
export type ConversationList = Schemas['api.ConversationList'];
export type ConversationThread = Schemas['api.ConversationThread'];
export type ConversationCounts = Schemas['api.ConversationCounts'];
export type ReplyRequest = Schemas['api.ReplyRequest'];
export type Notification = Schemas['api.Notification'];
export type NotificationList = Schemas['api.NotificationList'];
export type UnknownSender = Schemas['api.UnknownSender'];
export type UnknownSenderList = Schemas['api.UnknownSenderList'];
export type SimulateInboundRequest = Schemas['api.SimulateInboundRequest'];
export type SimulateInboundResult = Schemas['api.SimulateInboundResult'];
export type ConversationListQuery = NonNullable<Paths['/conversations']['get']['parameters']['query']>;

export type Intent = NonNullable<Conversation['last_intent']>;
export const INTENTS = ['confirm', 'not_yet', 'reschedule', 'question', 'opt_out', 'urgent', 'greeting', 'other'] as const satisfies readonly Intent[];

/** The inbox's filter tabs and the query each one sends. */
export const INBOX_FILTERS = ['all', 'unread', 'urgent', 'needs_reply', 'resolved'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];
