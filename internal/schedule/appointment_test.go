package schedule

import (
	"testing"
	"time"
)

func TestAppointmentSeoul(t *testing.T) {
	seoul := mustLoc(t, "Asia/Seoul")
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, seoul)
	offs := []Offset{{Minutes: -120}, {Days: -1, Time: "09:00"}}
	if err := (Spec{Offsets: offs}).Validate(true); err != nil {
		t.Fatal(err)
	}
	got := AppointmentTimes(offs, start, seoul)
	equalTimes(t, got, "2026-11-30T00:00:00Z", "2026-11-30T23:00:00Z")
	if l := got[0].In(seoul).Format("2006-01-02 15:04"); l != "2026-11-30 09:00" {
		t.Fatalf("day-before reminder at %s KST", l)
	}
	if l := got[1].In(seoul).Format("2006-01-02 15:04"); l != "2026-12-01 08:00" {
		t.Fatalf("two-hours-before reminder at %s KST", l)
	}
}

func TestAppointmentSortsDedupsAndDropsLate(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	start := time.Date(2026, 5, 10, 7, 0, 0, 0, jkt)
	got := AppointmentTimes([]Offset{
		{Days: 0, Time: "09:00"}, // after the 07:00 start: dropped
		{Minutes: -60},           // 06:00
		{Days: 0, Time: "06:00"}, // the same instant
		{Days: -2, Time: "18:30"},
		{Days: -1, Time: "bad"}, // invalid: skipped
	}, start, jkt)
	equalTimes(t, got, "2026-05-08T11:30:00Z", "2026-05-09T23:00:00Z")
}

func TestAppointmentAcrossDST(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	start := time.Date(2026, 3, 8, 11, 0, 0, 0, ny) // EDT, the morning clocks sprang forward
	got := AppointmentTimes([]Offset{{Days: -1, Time: "09:00"}, {Minutes: -600}}, start, ny)
	// 09:00 EST the day before; ten hours before 11:00 EDT is 00:00 EST
	equalTimes(t, got, "2026-03-07T14:00:00Z", "2026-03-08T05:00:00Z")
}
