// Every name the dashboard uses from the generated OpenAPI types lives here,
// so a renamed schema is fixed in one place.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The spec's paths without the `/api/v1` prefix, which the client's base URL carries. */
type WithoutPrefix<P> = { [K in keyof P as K extends `/api/v1${infer Rest}` ? Rest : never]: P[K] };

export type Paths = WithoutPrefix<paths>;
export type PublicConfig = Schemas['PublicConfig'];
export type DevSignInResponse = Schemas['DevSignInResponse'];
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];
export type FieldErrorCode = FieldError['code'];
export type Me = Schemas['Me'];
export type Tenant = Schemas['Tenant'];
export type User = Schemas['User'];
export type UserList = Schemas['UserList'];
export type Patient = Schemas['Patient'];
export type PatientList = Schemas['PatientList'];
export type PatientInput = Schemas['PatientInput'];
export type PatientPatch = Schemas['PatientPatch'];
export type TimelineList = Schemas['TimelineList'];
export type TimelineEntry = NonNullable<TimelineList['data']>[number];
export type TimelineMessage = NonNullable<TimelineEntry['message']>;
export type TimelineOccurrence = NonNullable<TimelineEntry['occurrence']>;
export type ImportResult = Schemas['ImportResult'];
export type ImportRowError = NonNullable<ImportResult['errors']>[number];
export type ImportPreviewRow = NonNullable<ImportResult['preview']>[number];
export type AuditEvent = Schemas['AuditEvent'];
export type AuditEventList = Paths['/audit-events']['get']['responses'][200]['content']['application/json'];

export type PatientListQuery = NonNullable<Paths['/patients']['get']['parameters']['query']>;
export type AuditQuery = NonNullable<Paths['/audit-events']['get']['parameters']['query']>;

// Value sets from the API contract.
export const ROLES = ['admin', 'volunteer', 'developer'] as const;
export type Role = (typeof ROLES)[number];
export const USER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const CONSENTS = ['pending', 'granted', 'declined', 'revoked'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;
export const LANGUAGES = ['id', 'ko', 'en'] as const;
export const CHANNELS = ['whatsapp', 'kakao', 'sms'] as const;
export const PATIENT_SORTS = ['name', '-name', '-created_at', 'created_at', '-updated_at', 'updated_at'] as const;

// Messages.
export type Message = Schemas['Message'];
export type MessageDetail = Schemas['MessageDetail'];
export type MessageAttempt = Schemas['MessageAttempt'];
export type MessageList = Schemas['MessageList'];
export type MessageStats = Schemas['MessageStats'];
export type MessageStatsDay = Schemas['MessageStatsDay'];
export type RetryMessagesRequest = Schemas['RetryMessagesRequest'];
export type RetryResult = Schemas['RetryMessagesResult'];
export type MessageListQuery = NonNullable<Paths['/messages']['get']['parameters']['query']>;
export type MessageStatsQuery = NonNullable<Paths['/messages/stats']['get']['parameters']['query']>;

// Settings.
export type Settings = Schemas['Settings'];
export type SettingsPatch = Schemas['SettingsPatch'];
export type ChannelStatus = Schemas['ChannelStatus'];
export type TestMessageRequest = Schemas['TestMessageRequest'];

// Templates.
export type Template = Schemas['Template'];
export type TemplateList = Schemas['TemplateList'];
export type TemplateInput = Schemas['TemplateInput'];
export type TemplatePatch = Schemas['TemplatePatch'];
export type TemplatePreview = Schemas['TemplatePreview'];
export type TemplatePreviewRequest = Schemas['TemplatePreviewRequest'];
export type TemplateListQuery = NonNullable<Paths['/templates']['get']['parameters']['query']>;
export type TickSummary = Schemas['TickSummary'];

// Content.
export type Article = Schemas['Article'];
export type ArticleList = Schemas['ArticleList'];
export type ArticleInput = Schemas['ArticleInput'];
export type ArticlePatch = Schemas['ArticlePatch'];
export type ArticleListQuery = NonNullable<Paths['/articles']['get']['parameters']['query']>;
export type Video = Schemas['Video'];
export type VideoList = Schemas['VideoList'];
export type VideoInput = Schemas['VideoInput'];
export type VideoPatch = Schemas['VideoPatch'];
export type VideoListQuery = NonNullable<Paths['/videos']['get']['parameters']['query']>;
export type UploadResult = Schemas['UploadResult'];

export const TEMPLATE_KINDS = ['reminder', 'consent', 'campaign', 'reply'] as const satisfies readonly Template['kind'][];
/** The fixed template variables (SPEC §3.1), in the order the documentation names them; plus attributes.KEY. */
export const TEMPLATE_VARIABLES = [
  'name',
  'first_name',
  'medication',
  'dose',
  'time',
  'appointment_date',
  'appointment_time',
  'doctor',
  'location',
  'clinic',
  'link',
] as const;

// Reminders, their occurrences, appointments.
export type ScheduleOffset = Schemas['ScheduleOffset'];
/** A schedule as the API returns it. */
export type Schedule = Schemas['Schedule'];
/** A schedule as the API takes it: only the fields its frequency uses. */
export type ScheduleInput = Schemas['ScheduleInput'];
export type Reminder = Schemas['Reminder'];
export type ReminderList = Schemas['ReminderList'];
export type ReminderInput = Schemas['ReminderInput'];
export type ReminderPatch = Schemas['ReminderPatch'];
export type ReminderListQuery = NonNullable<Paths['/reminders']['get']['parameters']['query']>;
export type SchedulePreviewRequest = Schemas['ReminderPreviewRequest'];
export type SchedulePreview = Schemas['ReminderPreview'];
export type Occurrence = Schemas['Occurrence'];
export type OccurrenceList = Schemas['OccurrenceList'];

export type Appointment = Schemas['Appointment'];
export type AppointmentList = Schemas['AppointmentList'];
export type AppointmentInput = Schemas['AppointmentInput'];
export type AppointmentPatch = Schemas['AppointmentPatch'];
export type AppointmentListQuery = NonNullable<Paths['/appointments']['get']['parameters']['query']>;

export type SendNowResult = Schemas['SendNowResult'];
export type SendNowOutcome = Schemas['SendNowOutcome'];

// API keys (integrations call the API with `Authorization: Bearer prima_…`).
export type ApiKey = Schemas['APIKey'];
export type ApiKeyList = Schemas['APIKeyList'];
export type ApiKeyInput = Schemas['APIKeyInput'];
export type ApiKeyScope = ApiKey['scopes'][number];

// Outbound event subscriptions and their deliveries.
export type EventSubscription = Schemas['EventSubscription'];
export type EventSubscriptionList = Schemas['EventSubscriptionList'];
export type EventSubscriptionInput = Schemas['EventSubscriptionInput'];
export type EventSubscriptionPatch = Schemas['EventSubscriptionPatch'];
export type EventSubscriptionRotateRequest = Schemas['EventSubscriptionRotateRequest'];
export type EventDelivery = Schemas['EventDelivery'];
export type EventDeliveryList = Schemas['EventDeliveryList'];
export type EventType = EventSubscriptionInput['events'][number];
export type DeliveryStatus = EventDelivery['status'];

export type DashboardStats = Schemas['DashboardStats'];
export type UpcomingReminder = Schemas['UpcomingReminder'];

export const REMINDER_TYPES = ['medication', 'appointment', 'custom'] as const satisfies readonly Reminder['type'][];
export const FREQUENCIES = ['once', 'daily', 'weekly', 'every_n_days', 'rrule'] as const satisfies readonly NonNullable<Schedule['frequency']>[];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const OCCURRENCE_STATES = ['pending', 'confirmed', 'late', 'missed', 'skipped'] as const satisfies readonly Occurrence['state'][];
export const APPOINTMENT_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const satisfies readonly Appointment['status'][];
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped', 'received'] as const satisfies readonly Message['status'][];
export const MESSAGE_DIRECTIONS = ['outbound', 'inbound'] as const satisfies readonly Message['direction'][];
export const MESSAGE_SOURCES = ['reminder', 'workflow', 'campaign', 'manual', 'auto_reply', 'consent', 'inbound', 'test'] as const satisfies readonly Message['source'][];
export const MESSAGE_CHANNELS = ['whatsapp', 'kakao', 'sms', 'log'] as const satisfies readonly Message['channel'][];
export const SEND_NOW_REASONS = ['paused', 'finished', 'patient_inactive', 'no_consent', 'opted_out', 'no_phone', 'render_failed', 'duplicate', 'no_channel'] as const satisfies readonly NonNullable<SendNowOutcome['reason']>[];
export const SKIP_REASONS = ['opted_out', 'no_consent', 'quiet_hours_expired', 'too_late', 'invalid_phone', 'duplicate', 'patient_inactive'] as const satisfies readonly NonNullable<Message['skip_reason']>[];
export const ATTEMPT_STATUSES = ['started', 'sent', 'failed', 'throttled', 'unknown', 'skipped'] as const satisfies readonly MessageAttempt['status'][];
export const API_KEY_SCOPES = ['read', 'write', 'send'] as const satisfies readonly ApiKeyScope[];
/** The outbound event types (SPEC §9), grouped as the dashboard offers them. */
export const EVENT_TYPE_GROUPS = {
  messages: ['message.sent', 'message.delivered', 'message.failed'],
  occurrences: ['occurrence.confirmed', 'occurrence.missed'],
  people: ['patient.opted_out', 'conversation.flagged'],
  automation: ['workflow.completed', 'campaign.completed'],
} as const satisfies Record<string, readonly EventType[]>;
export const EVENT_TYPES = Object.values(EVENT_TYPE_GROUPS).flat() as EventType[];
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const satisfies readonly DeliveryStatus[];
