package bench

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuTimes is the CPU time used so far by this process and by the database
// server's processes on this host (PostgreSQL's postmaster and backends,
// found by name in /proc; other sessions' work is included). Zero where
// /proc cannot tell.
type cpuTimes struct {
	Self, Postgres time.Duration
}

func (c cpuTimes) sub(o cpuTimes) cpuTimes {
	return cpuTimes{Self: c.Self - o.Self, Postgres: c.Postgres - o.Postgres}
}

// clockTick is the unit of /proc/<pid>/stat's times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

func readCPU() cpuTimes {
	var c cpuTimes
	c.Self, _ = procCPU("self")
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return c
	}
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		comm, err := os.ReadFile("/proc/" + d.Name() + "/comm")
		if err != nil || strings.TrimSpace(string(comm)) != "postgres" {
			continue
		}
		if t, err := procCPU(d.Name()); err == nil {
			c.Postgres += t
		}
	}
	return c
}

// procCPU is a process's user and system time from /proc/<pid>/stat.
func procCPU(pid string) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; the fields after it are fixed.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, os.ErrInvalid
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, os.ErrInvalid
	}
	return time.Duration(utime+stime) * clockTick, nil
}
