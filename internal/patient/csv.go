package patient

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
)

// CSV import limits.
const (
	MaxImportRows  = 5000
	MaxImportBytes = 10 << 20
)

// ImportColumns are the patient columns an import file may have (name and
// phone are required). Besides them a file may have the id column, which
// matches an existing patient, and IgnoredImportColumns: an export imports as it is.
var ImportColumns = []string{
	"name", "phone", "email", "birth_date", "gender", "language", "timezone", "diagnosis", "cancer_stage", "notes",
	"tags", "external_id", "consent", "preferred_channel", "last_visit_date", "last_surgery_date",
}

// idColumn is the column of an export that names the patient of a row.
const idColumn = "id"

// IgnoredImportColumns are columns an export writes that an import reads past.
var IgnoredImportColumns = []string{"created_at", "updated_at"}

// knownColumn reports whether an import file may have the column.
func knownColumn(name string) bool {
	return name == idColumn || slices.Contains(ImportColumns, name) || slices.Contains(IgnoredImportColumns, name)
}

// csvRow is one data record of an import file.
type csvRow struct {
	Row   int               // 1-based record number, the header being 1
	Cells map[string]string // by column name; absent or blank cells are missing
	Extra bool              // the record has non-blank cells beyond the header's columns
}

// fileError is a problem with the file as a whole.
func fileError(format string, args ...any) error {
	return errs.Invalid("file", fmt.Sprintf(format, args...))
}

// parseCSV reads an import file: a header row naming known columns, then up to
// MaxImportRows data rows. UTF-8 with or without a byte-order mark; the
// separator (comma, semicolon or tab) is taken from the header line. Blank rows
// are skipped. File-level problems are *errs.ValidationError on field "file".
func parseCSV(r io.Reader) ([]string, []csvRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, nil, fileError("is larger than %d MiB", MaxImportBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, fileError("must be UTF-8 text (save the spreadsheet as \"CSV UTF-8\")")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, fileError("is empty; it needs a header row and at least one patient row")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffSeparator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, csvError(err)
	}
	cols, err := headerColumns(header)
	if err != nil {
		return nil, nil, err
	}
	var rows []csvRow
	for n := 2; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		row := csvRow{Row: n, Cells: map[string]string{}}
		for i, cell := range rec {
			cell = unescapeCell(strings.TrimSpace(cell))
			if cell == "" {
				continue
			}
			if i >= len(cols) {
				row.Extra = true
				continue
			}
			if slices.Contains(IgnoredImportColumns, cols[i]) {
				continue
			}
			row.Cells[cols[i]] = cell
		}
		if len(row.Cells) == 0 && !row.Extra {
			continue
		}
		if len(rows) == MaxImportRows {
			return nil, nil, fileError("has more than %d patient rows; split it into smaller files", MaxImportRows)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, nil, fileError("has no patient rows under the header")
	}
	return cols, rows, nil
}

// headerColumns maps header cells to column names ("External ID" → external_id).
func headerColumns(header []string) ([]string, error) {
	cols := make([]string, len(header))
	var unknown, dup []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		name = strings.NewReplacer(" ", "_", "-", "_").Replace(name)
		cols[i] = name
		switch {
		case name == "":
			unknown = append(unknown, fmt.Sprintf("(blank column %d)", i+1))
		case !knownColumn(name):
			unknown = append(unknown, truncate(h, 40))
		case slices.Contains(cols[:i], name):
			dup = append(dup, name)
		}
	}
	if len(unknown) > 0 {
		return nil, fileError("has unknown columns: %s (known: %s, %s, %s)", strings.Join(unknown, ", "), idColumn,
			strings.Join(ImportColumns, ", "), strings.Join(IgnoredImportColumns, ", "))
	}
	if len(dup) > 0 {
		return nil, fileError("has the column %s more than once", strings.Join(dup, ", "))
	}
	var missing []string
	for _, req := range []string{"name", "phone"} {
		if !slices.Contains(cols, req) {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return nil, fileError("needs the column %s", strings.Join(missing, " and "))
	}
	return cols, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileError("is not valid CSV (line %d: %v)", pe.Line, pe.Err)
	}
	return fileError("could not be read as CSV")
}

// sniffSeparator picks the separator that occurs most in the header line
// (spreadsheets in Indonesian and other locales save with ";").
func sniffSeparator(data []byte) rune {
	line, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine()
	best, bestN := ',', strings.Count(string(line), ",")
	for _, sep := range []rune{';', '\t'} {
		if n := strings.Count(string(line), string(sep)); n > bestN {
			best, bestN = sep, n
		}
	}
	return best
}

// unescapeCell undoes the formula neutralisation of exportCell, so an export re-imports.
func unescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
