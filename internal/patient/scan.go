package patient

// pageColumns are the columns Page reads, in the order scanPatient takes
// them: every column of Patient. Scanning them by hand, not through GORM's
// reflection, halves the cost of reading a page (the busiest read there is).
// TestPageReadsEveryColumn fails when a column is added to Patient only.
const pageColumns = "id, tenant_id, name, phone, email, birth_date, gender, language, timezone, diagnosis, cancer_stage, " +
	"notes, tags, attributes, external_id, assigned_volunteer_id, consent, consent_at, consent_source, preferred_channel, " +
	"quiet_hours_start, quiet_hours_end, last_visit_date, last_surgery_date, photo_url, is_active, created_at, updated_at, " +
	"deleted_at, version"

// patientDest is the scan destinations of pageColumns.
func patientDest(p *Patient) []any {
	return []any{&p.ID, &p.TenantID, &p.Name, &p.Phone, &p.Email, &p.BirthDate, &p.Gender, &p.Language, &p.Timezone,
		&p.Diagnosis, &p.CancerStage, &p.Notes, &p.Tags, &p.Attributes, &p.ExternalID, &p.AssignedVolunteerID, &p.Consent,
		&p.ConsentAt, &p.ConsentSource, &p.PreferredChannel, &p.QuietHoursStart, &p.QuietHoursEnd, &p.LastVisitDate,
		&p.LastSurgeryDate, &p.PhotoURL, &p.IsActive, &p.CreatedAt, &p.UpdatedAt, &p.DeletedAt, &p.Version}
}
