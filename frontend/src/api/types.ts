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
