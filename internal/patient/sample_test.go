package patient

import (
	"bytes"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// The sample file reads without a problem for a tenant of any region.
func TestSampleCSVIsValidForEveryRegion(t *testing.T) {
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	for region := range phonenumbers.GetSupportedRegions() {
		data := sampleCSV(region, "Asia/Jakarta")
		_, rows, err := parseCSV(bytes.NewReader(data))
		if err != nil || len(rows) != 2 {
			t.Fatalf("%s: %d rows, %v", region, len(rows), err)
		}
		for _, row := range rows {
			p := Patient{}
			ap := &applier{region: region, now: now, consentSource: SourceImport}
			ap.apply(&p, patchOf(inputOf(row)))
			if len(ap.fe) > 0 {
				t.Errorf("%s row %d: %v", region, row.Row, ap.fe)
			}
		}
	}
}
