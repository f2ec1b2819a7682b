// The conversation shapes of the API contract (SPEC §3.2), from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Conversation = Schemas['Conversation'];
export type ConversationList = Schemas['ConversationList'];
export type ConversationThread = Schemas['ConversationThread'];
export type ConversationCounts = Schemas['ConversationCounts'];
export type ReplyRequest = Schemas['ReplyRequest'];
export type Notification = Schemas['Notification'];
export type NotificationList = Schemas['NotificationList'];
export type UnknownSender = Schemas['UnknownSender'];
export type UnknownSenderList = Schemas['UnknownSenderList'];
export type SimulateInboundRequest = Schemas['SimulateInboundRequest'];
export type SimulateInboundResult = Schemas['SimulateInboundResult'];
export type ConversationListQuery = NonNullable<Paths['/conversations']['get']['parameters']['query']>;

export type Intent = NonNullable<Conversation['last_intent']>;
export const INTENTS = ['confirm', 'not_yet', 'reschedule', 'question', 'opt_out', 'urgent', 'greeting', 'other'] as const satisfies readonly Intent[];

/** The inbox's filter tabs and the query each one sends. */
export const INBOX_FILTERS = ['all', 'unread', 'urgent', 'needs_reply', 'resolved'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];
