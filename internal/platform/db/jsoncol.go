package db

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// JSON stores V as JSON text in a text (SQLite) or jsonb (PostgreSQL) column.
type JSON[T any] struct{ V T }

// Value writes V as JSON text.
func (j JSON[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads JSON text or bytes into V; NULL leaves the zero value.
func (j *JSON[T]) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case nil:
		var zero T
		j.V = zero
		return nil
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		return fmt.Errorf("db: cannot read %T as JSON", v)
	}
	return json.Unmarshal(b, &j.V)
}
