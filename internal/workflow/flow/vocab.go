package flow

// Channels a send_message node may order. "alimtalk" is accepted as another
// name of "kakao" (KakaoTalk AlimTalk) and stored as "kakao".
var Channels = []string{"whatsapp", "kakao", "sms", "log"}

// Intents a reply can carry (SPEC §3.2).
var Intents = []string{"confirm", "not_yet", "reschedule", "question", "opt_out", "urgent", "greeting", "other"}

// MessageStatuses are the statuses a condition on message_status compares.
var MessageStatuses = []string{"queued", "sent", "delivered", "read", "failed", "skipped"}

// Condition subjects.
const (
	SubjectField           = "field"
	SubjectTag             = "tag"
	SubjectAttribute       = "attribute"
	SubjectLastReplyIntent = "last_reply_intent"
	SubjectMessageStatus   = "message_status"
)

// Subjects lists every condition subject.
var Subjects = []string{SubjectField, SubjectTag, SubjectAttribute, SubjectLastReplyIntent, SubjectMessageStatus}

// Condition operators.
const (
	OpEq       = "eq"
	OpNeq      = "neq"
	OpIn       = "in"
	OpContains = "contains"
	OpExists   = "exists"
	OpGt       = "gt"
	OpLt       = "lt"
)

// Ops lists every condition operator.
var Ops = []string{OpEq, OpNeq, OpIn, OpContains, OpExists, OpGt, OpLt}

// subjectOps are the operators each subject allows (field and attribute allow all).
var subjectOps = map[string][]string{
	SubjectTag:             {OpEq, OpNeq, OpExists, OpIn},
	SubjectLastReplyIntent: {OpEq, OpNeq, OpExists, OpIn},
	SubjectMessageStatus:   {OpEq, OpNeq, OpExists, OpIn},
}

// PatientFields are the patient fields a condition on subject "field" reads.
var PatientFields = []string{
	"name", "language", "gender", "timezone", "diagnosis", "cancer_stage", "consent",
	"preferred_channel", "birth_date", "last_visit_date", "last_surgery_date", "external_id", "is_active",
}

// SetFields are the patient fields update_patient may set, besides
// "attributes.<name>".
var SetFields = []string{"language", "notes", "diagnosis", "cancer_stage", "preferred_channel"}

// AttributePrefix starts an update_patient key that sets one attribute.
const AttributePrefix = "attributes."

// Languages a patient's language may be set to.
var Languages = []string{"id", "ko", "en"}

// PreferredChannels a patient's preferred channel may be set to.
var PreferredChannels = []string{"whatsapp", "kakao", "sms"}

// Limits of node data.
const (
	MaxMessageLen       = 4096   // characters of a literal send_message text
	MaxTemplateIDLen    = 100    // characters
	MaxNotifyLen        = 1000   // characters of a notify_staff message
	MaxDelayMinutes     = 525600 // 365 days
	MaxDelayDays        = 365    // a day offset from day 0, either way
	MaxTimeoutMinutes   = 43200  // 30 days
	MaxTags             = 20     // per add_tags or remove_tags
	MaxTagLen           = 50     // characters
	MaxSetKeys          = 20     // keys of update_patient's set
	MaxSetTextLen       = 10000  // characters of a text set on a patient
	MaxAttributeNameLen = 64     // characters after "attributes."
	MaxValueLen         = 1000   // characters of a condition or attribute value
	MaxConditionValues  = 100    // items of an "in" list
	MaxURLLen           = 2048   // characters of a webhook URL
	MaxBodyBytes        = 16 << 10
	MaxDetailLen        = 1000 // characters of a response or error kept in a step's detail
)
