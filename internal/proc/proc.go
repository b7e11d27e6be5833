// Package proc reads the Linux /proc facts the measurement commands
// (oasgen-bench, oasgen-corpus, oasgen-rtbench) report or bound: a
// process's resident memory, the load average and the CPU model.
package proc

import (
	"os"
	"strconv"
	"strings"
)

// VmRSS is the current resident set size of pid in bytes, or 0.
func VmRSS(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// LoadAvg is the first three fields of /proc/loadavg, or "unknown".
func LoadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// CPUModel is the first "model name" of the /proc/cpuinfo text, or
// fallback.
func CPUModel(cpuinfo, fallback string) string {
	for _, l := range strings.Split(cpuinfo, "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return fallback
}
