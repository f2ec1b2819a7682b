package patient

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// Page scans pageColumns by hand: they must be exactly Patient's columns.
func TestPageColumnsAreEveryColumn(t *testing.T) {
	s, err := schema.Parse(&Patient{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(s.DBNames)
	got := strings.Split(strings.ReplaceAll(pageColumns, " ", ""), ",")
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("pageColumns %v, Patient's columns %v", got, want)
	}
}
