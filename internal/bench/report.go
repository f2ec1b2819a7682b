package bench

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one line of the result table.
type row struct {
	ID, Figure, Value, Target, Result, Detail string
}

// verdict is the result column: pass, FAIL, or "—" when there is no target
// or no measurement.
func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

func printTable(w io.Writer, rows []row) {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(a.ID, b.ID) })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "#\tfigure\tvalue\tSPEC target\tresult\tdetail")
	_, _ = fmt.Fprintln(tw, "--\t------\t-----\t-----------\t------\t------")
	for _, r := range rows {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Figure, r.Value, r.Target, r.Result, r.Detail)
	}
	_ = tw.Flush()
}

// count formats n with thousands separators.
func count[T ~int | ~int64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func rate(perSecond float64) string { return count(int64(perSecond + 0.5)) }

// dur formats a duration for the table: ms below a second, s above.
func dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func mb(bytes int64) string { return fmt.Sprintf("%.1f MB", float64(bytes)/(1<<20)) }

func perUnit(n int64, units int) string {
	if units <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", float64(n)/float64(units))
}

// printSites lists the statements per call site of each phase (-sqlstats).
func printSites(w io.Writer, phases []phaseSites) {
	for _, p := range phases {
		if len(p.Sites) == 0 {
			continue
		}
		_, _ = fmt.Fprintf(w, "\nSQL statements by call site — %s (%s units)\n", p.Phase, count(p.Units))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		_, _ = fmt.Fprintln(tw, "site\tstatements\tper unit\ttime in database calls")
		for i, s := range p.Sites {
			if i == 15 {
				break
			}
			_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Site, count(s.N), perUnit(s.N, p.Units), secs(s.Took))
		}
		_ = tw.Flush()
	}
}

type phaseSites struct {
	Phase string
	Units int
	Sites []siteLine
}

// loadAverage is the machine's 1/5/15-minute load average, or "".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
