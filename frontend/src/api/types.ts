// Every name the dashboard uses from the generated OpenAPI types lives here,
// so a renamed schema is fixed in one place.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The spec's paths without the `/api/v1` prefix, which the client's base URL carries. */
type WithoutPrefix<P> = { [K in keyof P as K extends `/api/v1${infer Rest}` ? Rest : never]: P[K] };

export type Paths = WithoutPrefix<paths>;
export type PublicConfig = Schemas['api.PublicConfig'];
export type DevSignInResponse = Schemas['api.DevSignInResponse'];
export type Problem = Schemas['api.Problem'];
export type FieldError = Schemas['errs.FieldError'];
export type FieldErrorCode = FieldError['code'];
export type Me = Schemas['api.Me'];
export type Tenant = Schemas['api.Tenant'];
export type User = Schemas['api.User'];
export type UserList = Schemas['api.UserList'];
export type Patient = Schemas['api.Patient'];
export type PatientList = Schemas['api.PatientList'];
export type PatientInput = Schemas['api.PatientInput'];
export type PatientPatch = Schemas['api.PatientPatch'];
export type TimelineList = Schemas['api.TimelineList'];
export type TimelineEntry = NonNullable<TimelineList['data']>[number];
export type TimelineMessage = NonNullable<TimelineEntry['message']>;
export type TimelineOccurrence = NonNullable<TimelineEntry['occurrence']>;
export type ImportResult = Schemas['api.ImportResult'];
export type ImportRowError = NonNullable<ImportResult['errors']>[number];
export type ImportPreviewRow = NonNullable<ImportResult['preview']>[number];
export type AuditEvent = Schemas['api.AuditEvent'];
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
export type Message = Schemas['api.Message'];
export type MessageDetail = Schemas['api.MessageDetail'];
export type MessageAttempt = Schemas['api.MessageAttempt'];
export type MessageList = Schemas['api.MessageList'];
export type MessageStats = Schemas['api.MessageStats'];
export type MessageStatsDay = Schemas['api.MessageStatsDay'];
export type RetryMessagesRequest = Schemas['api.RetryMessagesRequest'];
export type RetryResult = Schemas['api.RetryMessagesResult'];
export type MessageListQuery = NonNullable<Paths['/messages']['get']['parameters']['query']>;
export type MessageStatsQuery = NonNullable<Paths['/messages/stats']['get']['parameters']['query']>;

// Settings.
export type Settings = Schemas['api.Settings'];
export type SettingsPatch = Schemas['api.SettingsPatch'];
export type ChannelStatus = Schemas['api.ChannelStatus'];
export type TestMessageRequest = Schemas['api.TestMessageRequest'];

// Templates.
export type Template = Schemas['api.Template'];
export type TemplateList = Schemas['api.TemplateList'];
export type TemplateInput = Schemas['api.TemplateInput'];
export type TemplatePatch = Schemas['api.TemplatePatch'];
export type TemplatePreview = Schemas['api.TemplatePreview'];
export type TemplatePreviewRequest = Schemas['api.TemplatePreviewRequest'];
export type TemplateListQuery = NonNullable<Paths['/templates']['get']['parameters']['query']>;
export type TickSummary = Schemas['api.TickSummary'];

// Content.
export type Article = Schemas['api.Article'];
export type ArticleList = Schemas['api.ArticleList'];
export type ArticleInput = Schemas['api.ArticleInput'];
export type ArticlePatch = Schemas['api.ArticlePatch'];
export type ArticleListQuery = NonNullable<Paths['/articles']['get']['parameters']['query']>;
export type Video = Schemas['api.Video'];
export type VideoList = Schemas['api.VideoList'];
export type VideoInput = Schemas['api.VideoInput'];
export type VideoPatch = Schemas['api.VideoPatch'];
export type VideoListQuery = NonNullable<Paths['/videos']['get']['parameters']['query']>;
export type UploadResult = Schemas['api.UploadResult'];

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
export type ScheduleOffset = Schemas['api.ScheduleOffset'];
/** A schedule as the API returns it. */
export type Schedule = Schemas['api.Schedule'];
/** A schedule as the API takes it: only the fields its frequency uses. */
export type ScheduleInput = Schemas['api.ScheduleInput'];
export type Reminder = Schemas['api.Reminder'];
export type ReminderList = Schemas['api.ReminderList'];
export type ReminderInput = Schemas['api.ReminderInput'];
export type ReminderPatch = Schemas['api.ReminderPatch'];
export type ReminderListQuery = NonNullable<Paths['/reminders']['get']['parameters']['query']>;
export type SchedulePreviewRequest = Schemas['api.ReminderPreviewRequest'];
export type SchedulePreview = Schemas['api.ReminderPreview'];
export type Occurrence = Schemas['api.Occurrence'];
export type OccurrenceList = Schemas['api.OccurrenceList'];

export type Appointment = Schemas['api.Appointment'];
export type AppointmentList = Schemas['api.AppointmentList'];
export type AppointmentInput = Schemas['api.AppointmentInput'];
export type AppointmentPatch = Schemas['api.AppointmentPatch'];
export type AppointmentListQuery = NonNullable<Paths['/appointments']['get']['parameters']['query']>;

export type SendNowResult = Schemas['api.SendNowResult'];
export type SendNowOutcome = Schemas['api.SendNowOutcome'];

// API keys (integrations call the API with `Authorization: Bearer prima_…`).
export type ApiKey = Schemas['api.APIKey'];
export type ApiKeyList = Schemas['api.APIKeyList'];
export type ApiKeyInput = Schemas['api.APIKeyInput'];
export type ApiKeyScope = ApiKey['scopes'][number];

// Outbound event subscriptions and their deliveries.
export type EventSubscription = Schemas['api.EventSubscription'];
export type EventSubscriptionList = Schemas['api.EventSubscriptionList'];
export type EventSubscriptionInput = Schemas['api.EventSubscriptionInput'];
export type EventSubscriptionPatch = Schemas['api.EventSubscriptionPatch'];
export type EventSubscriptionRotateRequest = Schemas['api.EventSubscriptionRotateRequest'];
export type EventDelivery = Schemas['api.EventDelivery'];
export type EventDeliveryList = Schemas['api.EventDeliveryList'];
export type EventType = EventSubscriptionInput['events'][number];
export type DeliveryStatus = EventDelivery['status'];

export type DashboardStats = Schemas['api.DashboardStats'];
export type UpcomingReminder = Schemas['api.UpcomingReminder'];

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
