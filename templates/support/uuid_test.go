package support

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseUUID(t *testing.T) {
	want := UUID{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"lower", "123e4567-e89b-12d3-a456-426614174000", true},
		{"upper", "123E4567-E89B-12D3-A456-426614174000", true},
		{"mixed", "123e4567-E89B-12d3-A456-426614174000", true},
		{"braces", "{123e4567-e89b-12d3-a456-426614174000}", false},
		{"urn", "urn:uuid:123e4567-e89b-12d3-a456-426614174000", false},
		{"undashed", "123e4567e89b12d3a456426614174000", false},
		{"undashed padded to 36", "123e4567e89b12d3a4564266141740000000", false},
		{"dash moved left", "123e456-7e89b-12d3-a456-426614174000", false},
		{"dash moved right", "123e4567-e89b1-2d3-a456-426614174000", false},
		{"dashes swapped", "123e4567-e89b-12d3a-456-426614174000", false},
		{"non-hex g", "123e4567-e89b-12d3-a456-42661417400g", false},
		{"non-hex first", "x23e4567-e89b-12d3-a456-426614174000", false},
		{"plus sign", "+23e4567-e89b-12d3-a456-426614174000", false},
		{"space", " 23e4567-e89b-12d3-a456-426614174000", false},
		{"short", "123e4567-e89b-12d3-a456-42661417400", false},
		{"long", "123e4567-e89b-12d3-a456-4266141740000", false},
		{"empty", "", false},
		{"non-ascii", "123e4567-e89b-12d3-a456-4266141740é", false},
		{"all dashes", strings.Repeat("-", 36), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUUID(tt.in)
			if !tt.ok {
				if err == nil {
					t.Fatalf("ParseUUID(%q) = %v, want error", tt.in, got)
				}
				if got != (UUID{}) {
					t.Errorf("ParseUUID(%q) returned non-zero UUID %v with error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseUUID(%q): %v", tt.in, err)
			}
			if got != want {
				t.Errorf("ParseUUID(%q) = %x, want %x", tt.in, got, want)
			}
		})
	}
}

func TestUUIDString(t *testing.T) {
	tests := []struct {
		u    UUID
		want string
	}{
		{UUID{}, "00000000-0000-0000-0000-000000000000"},
		{UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "ffffffff-ffff-ffff-ffff-ffffffffffff"},
		{UUID{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}, "123e4567-e89b-12d3-a456-426614174000"},
		{UUID{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "00010203-0405-0607-0809-0a0b0c0d0e0f"},
	}
	for _, tt := range tests {
		if got := tt.u.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if got := formatUUID(tt.u); got != tt.want {
			t.Errorf("formatUUID() = %q, want %q", got, tt.want)
		}
		back, err := ParseUUID(tt.want)
		if err != nil || back != tt.u {
			t.Errorf("ParseUUID(%q) = %v, %v; want %v", tt.want, back, err, tt.u)
		}
		up, err := ParseUUID(strings.ToUpper(tt.want))
		if err != nil || up != tt.u {
			t.Errorf("ParseUUID(upper %q) = %v, %v; want %v", tt.want, up, err, tt.u)
		}
		if tt.u.IsZero() != (tt.u == UUID{}) {
			t.Errorf("IsZero(%v) = %v", tt.u, tt.u.IsZero())
		}
	}
}

func TestUUIDRoundTripRandom(t *testing.T) {
	for range 1000 {
		u := NewUUID()
		s := u.String()
		if len(s) != 36 || strings.ToLower(s) != s {
			t.Fatalf("String() = %q, want 36 lower-case characters", s)
		}
		back, err := ParseUUID(s)
		if err != nil || back != u {
			t.Fatalf("ParseUUID(%q) = %v, %v; want %v", s, back, err, u)
		}
	}
}

func TestUUIDText(t *testing.T) {
	u, err := ParseUUID("123E4567-E89B-12D3-A456-426614174000")
	if err != nil {
		t.Fatal(err)
	}
	b, err := u.MarshalText()
	if err != nil || string(b) != "123e4567-e89b-12d3-a456-426614174000" {
		t.Fatalf("MarshalText() = %q, %v", b, err)
	}
	var v UUID
	if err := v.UnmarshalText(b); err != nil || v != u {
		t.Fatalf("UnmarshalText(%q) = %v, %v", b, v, err)
	}
	prev := v
	if err := v.UnmarshalText([]byte("{" + string(b) + "}")); err == nil {
		t.Fatal("UnmarshalText accepted braces")
	}
	if v != prev {
		t.Error("failed UnmarshalText modified the receiver")
	}
}

func TestUUIDJSON(t *testing.T) {
	type S struct {
		ID  UUID  `json:"id"`
		Opt *UUID `json:"opt,omitempty"`
	}
	u, _ := ParseUUID("123e4567-e89b-12d3-a456-426614174000")

	t.Run("struct field", func(t *testing.T) {
		b, err := json.Marshal(S{ID: u})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"id":"123e4567-e89b-12d3-a456-426614174000"}`; string(b) != want {
			t.Errorf("Marshal = %s, want %s", b, want)
		}
		var s S
		if err := json.Unmarshal([]byte(`{"id":"123E4567-E89B-12D3-A456-426614174000","opt":"00000000-0000-0000-0000-000000000001"}`), &s); err != nil {
			t.Fatal(err)
		}
		if s.ID != u || s.Opt == nil || *s.Opt != (UUID{15: 1}) {
			t.Errorf("Unmarshal = %+v", s)
		}
	})
	t.Run("map value", func(t *testing.T) {
		m := map[string]UUID{"a": u, "z": {}}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"a":"123e4567-e89b-12d3-a456-426614174000","z":"00000000-0000-0000-0000-000000000000"}`; string(b) != want {
			t.Errorf("Marshal = %s, want %s", b, want)
		}
		var back map[string]UUID
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if len(back) != 2 || back["a"] != u || !back["z"].IsZero() {
			t.Errorf("Unmarshal = %v", back)
		}
	})
	t.Run("map key", func(t *testing.T) {
		m := map[UUID]int{u: 1}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"123e4567-e89b-12d3-a456-426614174000":1}`; string(b) != want {
			t.Errorf("Marshal = %s, want %s", b, want)
		}
		var back map[UUID]int
		if err := json.Unmarshal(b, &back); err != nil || back[u] != 1 {
			t.Errorf("Unmarshal = %v, %v", back, err)
		}
	})
	t.Run("slice", func(t *testing.T) {
		var back []UUID
		if err := json.Unmarshal([]byte(`["123e4567-e89b-12d3-a456-426614174000"]`), &back); err != nil || len(back) != 1 || back[0] != u {
			t.Errorf("Unmarshal = %v, %v", back, err)
		}
	})
	for _, bad := range []string{
		`{"id":"{123e4567-e89b-12d3-a456-426614174000}"}`,
		`{"id":"urn:uuid:123e4567-e89b-12d3-a456-426614174000"}`,
		`{"id":"123e4567e89b12d3a456426614174000"}`,
		`{"id":"nope"}`,
		`{"id":42}`,
	} {
		var s S
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("Unmarshal(%s) succeeded: %+v", bad, s)
		}
	}
	var m map[string]UUID
	if err := json.Unmarshal([]byte(`{"a":"not-a-uuid"}`), &m); err == nil {
		t.Error("Unmarshal of bad map value succeeded")
	}
}

func TestNewUUID(t *testing.T) {
	const n = 5000
	seen := make(map[UUID]bool, n)
	for range n {
		u := NewUUID()
		if v := u[6] >> 4; v != 4 {
			t.Fatalf("%v: version %d, want 4", u, v)
		}
		if u[8]&0xc0 != 0x80 {
			t.Fatalf("%v: variant bits %02b, want 10", u, u[8]>>6)
		}
		if s := u.String(); s[14] != '4' || !strings.ContainsRune("89ab", rune(s[19])) {
			t.Fatalf("%v: bad version/variant digits", u)
		}
		if u.IsZero() {
			t.Fatal("NewUUID returned the nil UUID")
		}
		if seen[u] {
			t.Fatalf("duplicate UUID %v after %d", u, len(seen))
		}
		seen[u] = true
	}
}
