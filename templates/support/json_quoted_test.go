package support

import (
	"encoding/json"
	"testing"
)

// quotedInt and jrQuotedInt read and write what encoding/json's ",string"
// option does for integers (TypeSpec's type: string, format: int64).
func TestJSONQuotedInt(t *testing.T) {
	type ref struct {
		N int64 `json:"n,string"`
		M int32 `json:"m,string"`
	}
	for _, in := range []string{`"0"`, `"-42"`, `"9007199254740993"`, `"9223372036854775807"`, `null`,
		`12`, `"1x"`, `""`, `" 1"`, `"9223372036854775808"`, `"2147483648"`, `true`} {
		var want ref
		wantErr := json.Unmarshal([]byte(`{"n":`+in+`,"m":`+in+`}`), &want)
		var n int64
		var m int32
		r := jsonReader{data: []byte(in)}
		errN := jrQuotedInt(&r, &n)
		r = jsonReader{data: []byte(in)}
		errM := jrQuotedInt(&r, &m)
		if (wantErr != nil) != (errN != nil || errM != nil) {
			t.Errorf("%s: encoding/json says %v, we say %v, %v", in, wantErr, errN, errM)
			continue
		}
		if wantErr == nil && (n != want.N || m != want.M) {
			t.Errorf("%s: read %d, %d, want %d, %d", in, n, m, want.N, want.M)
		}
	}
	for _, v := range []int64{0, -1, 1 << 62, -1 << 63} {
		w := jsonWriter{}
		w.quotedInt(v)
		want, _ := json.Marshal(ref{N: v})
		if got := `{"n":` + string(w.buf) + `,"m":"0"}`; got != string(want) {
			t.Errorf("wrote %s, want %s", got, want)
		}
	}
}
