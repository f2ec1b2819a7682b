package db

// ForUpdate is the row-lock clause that waits for other holders: " FOR
// UPDATE" on PostgreSQL, nothing on SQLite, whose single writer already
// serialises write transactions.
func (d *DB) ForUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Writers is how many write transactions of one job are worth running side by
// side, given the want of the caller: want (at least one) on PostgreSQL, whose
// claims skip each other's rows, and one on SQLite, which has one writer.
func (d *DB) Writers(want int) int {
	if d.Dialect != Postgres {
		return 1
	}
	return max(want, 1)
}
