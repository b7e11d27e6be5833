package proc

import (
	"os"
	"testing"
)

func TestCPUModel(t *testing.T) {
	info := "processor\t: 0\nvendor_id\t: X\nmodel name\t: Example CPU @ 3GHz\n\nprocessor\t: 1\nmodel name\t: Example CPU @ 3GHz\n"
	if got := CPUModel(info, "unknown"); got != "Example CPU @ 3GHz" {
		t.Errorf("CPUModel = %q", got)
	}
	if got := CPUModel("", "unknown"); got != "unknown" {
		t.Errorf("CPUModel empty = %q", got)
	}
}

func TestVmRSS(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	if rss := VmRSS(os.Getpid()); rss <= 0 {
		t.Errorf("VmRSS of this process = %d", rss)
	}
	if rss := VmRSS(-1); rss != 0 {
		t.Errorf("VmRSS of no process = %d", rss)
	}
}
