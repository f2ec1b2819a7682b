package patient

import (
	"strings"
	"testing"
)

func TestParseCSVHeaderNames(t *testing.T) {
	cols, rows, err := parseCSV(strings.NewReader("\ufeff Name ,PHONE,External-ID,last visit date\nA,1,x,2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"name", "phone", "external_id", "last_visit_date"}
	for i, c := range want {
		if cols[i] != c {
			t.Errorf("column %d: got %q, want %q", i, cols[i], c)
		}
	}
	if len(rows) != 1 || rows[0].Row != 2 || rows[0].Cells["external_id"] != "x" {
		t.Errorf("rows %+v", rows)
	}
}

func TestExportCellRoundTrip(t *testing.T) {
	for _, s := range []string{"=1+2", "+6281234567890", "-x", "@a", "plain", "", "'quoted", "a=b"} {
		if got := unescapeCell(exportCell(s)); got != s {
			t.Errorf("unescape(export(%q)) = %q", s, got)
		}
	}
	if exportCell("\tx") != "'\tx" {
		t.Error("tab-led cells are neutralised")
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add("name,phone\nA,081234567890\n")
	f.Add("\ufeffname;phone;tags\r\nA;0812;\"a;b\"\r\n")
	f.Add("name,phone\n\"multi\nline\",1\n")
	f.Add("name\tphone\nA\t1\n")
	f.Add("name,phone,email\n,,\nA,1,2,3\n")
	f.Add("phone,name\n'+62,'=x\n")
	f.Fuzz(func(t *testing.T, data string) {
		cols, rows, err := parseCSV(strings.NewReader(data))
		if err != nil {
			return
		}
		if lines := strings.Count(data, "\n") + strings.Count(data, "\r") + 1; len(rows) >= lines {
			t.Fatalf("%d rows from %d lines", len(rows), lines)
		}
		if len(rows) > MaxImportRows {
			t.Fatalf("%d rows", len(rows))
		}
		prev := 1
		for _, r := range rows {
			if r.Row <= prev {
				t.Fatalf("row numbers not increasing: %d after %d", r.Row, prev)
			}
			prev = r.Row
			for c := range r.Cells {
				found := false
				for _, k := range cols {
					found = found || k == c
				}
				if !found {
					t.Fatalf("cell of unknown column %q", c)
				}
			}
			_ = inputOf(r) // row → input never panics
		}
	})
}
