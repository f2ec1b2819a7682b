package outbox

import (
	"database/sql/driver"
	"encoding/json"
)

// Value stores the list as JSON.
func (l StringList) Value() (driver.Value, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal([]string(l))
	return string(b), err
}

// Scan reads a JSON list.
func (l *StringList) Scan(v any) error { return scanJSON(v, (*[]string)(l)) }

// Value stores the map as JSON.
func (m StringMap) Value() (driver.Value, error) {
	if m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]string(m))
	return string(b), err
}

// Scan reads a JSON object.
func (m *StringMap) Scan(v any) error { return scanJSON(v, (*map[string]string)(m)) }
