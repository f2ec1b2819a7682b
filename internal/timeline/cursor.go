package timeline

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
)

// Ranks order entries of the same instant, highest first: a confirmation
// shows above the message it answered, a message above the occurrence it was
// sent for, and everything above the record's own changes.
const (
	rankPatient      = 1
	rankOccurrence   = 2
	rankMessage      = 3
	rankConfirmation = 4
)

// key is an entry's place in the timeline: newest first, then by rank, then
// by id, all descending. Every entry has a distinct key.
type key struct {
	At   time.Time
	Rank int
	ID   string
}

// after reports whether k comes after (is older than) c in the timeline.
func (k key) after(c key) bool {
	switch {
	case !k.At.Equal(c.At):
		return k.At.Before(c.At)
	case k.Rank != c.Rank:
		return k.Rank < c.Rank
	}
	return k.ID < c.ID
}

// encode makes the opaque cursor a client passes back for the next page.
func (k key) encode() string {
	raw := k.At.UTC().Format(time.RFC3339Nano) + "|" + strconv.Itoa(k.Rank) + "|" + k.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor reads a cursor made by encode.
func decodeCursor(s string) (key, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return key{}, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 {
		return key{}, false
	}
	at, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil {
		return key{}, false
	}
	rank, err := strconv.Atoi(parts[1])
	if err != nil || rank < rankPatient || rank > rankConfirmation {
		return key{}, false
	}
	if !ids.Valid(parts[2]) || strings.ToLower(parts[2]) != parts[2] {
		return key{}, false
	}
	return key{At: at.UTC(), Rank: rank, ID: parts[2]}, true
}

// olderThan is the SQL condition (and its arguments) that keeps the rows of a
// source of rank rank whose (atCol, idCol) come after cursor c; "" without a
// cursor.
func olderThan(atCol, idCol string, rank int, c *key) (string, []any) {
	if c == nil {
		return "", nil
	}
	at := c.At.UTC()
	switch {
	case rank < c.Rank:
		return " AND " + atCol + " <= ?", []any{at}
	case rank > c.Rank:
		return " AND " + atCol + " < ?", []any{at}
	}
	return " AND (" + atCol + " < ? OR (" + atCol + " = ? AND " + idCol + " < ?))", []any{at, at, c.ID}
}
