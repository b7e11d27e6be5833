package validation

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// orders records what the server methods received.
type orders struct {
	UnimplementedOrdersServer
	created []Order
	listed  []*OrdersListOptions
	stored  Order // what Get answers
}

func (s *orders) Create(_ context.Context, o Order, _ *OrdersCreateOptions) (*OrdersCreateResponse, error) {
	s.created = append(s.created, o)
	return &OrdersCreateResponse{Order: o}, nil
}

func (s *orders) Get(_ context.Context, id string) (*OrdersGetResponse, error) {
	return &OrdersGetResponse{Order: s.stored}, nil
}

func (s *orders) List(_ context.Context, o *OrdersListOptions) (*OrdersListResponse, error) {
	s.listed = append(s.listed, o)
	return &OrdersListResponse{}, nil
}

func (s *orders) Replace(_ context.Context, id string, lines []Line) (*OrdersReplaceResponse, error) {
	return &OrdersReplaceResponse{}, nil
}

type payments struct{ UnimplementedPaymentsServer }

func (payments) Create(_ context.Context, p Payment) (*PaymentsCreateResponse, error) {
	return &PaymentsCreateResponse{}, nil
}

// do sends a request to a fresh handler and returns the status and the
// error message of a 4xx.
func do(t *testing.T, s *orders, method, target, body string, header ...string) (int, string) {
	t.Helper()
	h := NewHandler(Servers{Orders: s, Payments: payments{}})
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code >= 400 {
		var e struct{ Message string }
		json.Unmarshal(w.Body.Bytes(), &e)
		return w.Code, e.Message
	}
	return w.Code, w.Body.String()
}

// validOrder uses every property of Order with a valid value.
const validOrder = `{
	"id": "ord-1",
	"kind": "order",
	"email": "a@example.com",
	"lines": [{"sku": "ABC-123", "quantity": 2, "price": 0.5}, {"sku": "ABC-124", "quantity": 1}],
	"total": 19.99,
	"flags": ["x-gift", "fragile"],
	"card": "4111",
	"billing": "1 Main Street",
	"priority": 2.5,
	"coupon": "SAVE10",
	"discount": 15,
	"note": "abc",
	"origin": {"ids": [1, 2.0], "site": "web"},
	"status": null,
	"metadata": {"x-source": "web", "count": 3},
	"shipping": {"method": "express", "phone": "555"},
	"contact": {"website": "https://example.com/a?b#c", "link": "../a", "host": "example.com", "v4": "10.0.0.1",
		"v6": "::1", "birthday": "2000-02-29", "opens": "08:30:00Z", "ttl": "P1DT2H", "ref": "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
		"avatar": "aGk=", "pointer": "/a/b~1c", "template": "/orders/{id}", "anything": "?"},
	"point": [1.5, -2],
	"address": {"street": "Main", "city": "Springfield", "zip": "12345"}
}`

// with returns validOrder with a property replaced (or, value "", left
// out).
func with(t *testing.T, name, value string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(validOrder), &m); err != nil {
		t.Fatal(err)
	}
	if value == "" {
		delete(m, name)
	} else {
		m[name] = json.RawMessage(value)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every keyword of the body's schema refuses a value that breaks it,
// before the server method runs, with a message naming the JSON path and
// the keyword.
func TestBodyKeywords(t *testing.T) {
	s := &orders{}
	if status, msg := do(t, s, "POST", "/orders", validOrder); status != 201 {
		t.Fatalf("valid order: %d %s", status, msg)
	}
	for _, c := range []struct{ name, value, want string }{
		{"id", "", "id missing required property"},
		{"id", `"ord-"`, "id length must be at least 5"},
		{"id", `"order-12345"`, "id must match ^ord-[0-9]+$"},
		{"kind", `"other"`, `kind must be "order" (const)`},
		{"email", `"a@"`, "email must be a valid email (format)"},
		{"lines", `[]`, "lines must have at least 1 items (minItems)"},
		{"lines", `[{"sku":"ABC-123","quantity":1},{"sku":"ABC-124","quantity":1},{"sku":"ABC-125","quantity":1},{"sku":"ABC-126","quantity":1},{"sku":"ABC-127","quantity":1},{"sku":"ABC-128","quantity":1}]`, "lines must have at most 5 items (maxItems)"},
		{"lines", `[{"sku":"ABC-123","quantity":1,"price":0.5},{"quantity":1,"price":0.50,"sku":"ABC-123"}]`, "lines items [0] and [1] are equal (uniqueItems)"},
		{"lines", `[{"sku":"ABC-123","quantity":100}]`, "lines[0].quantity must be <= 99"},
		{"lines", `[{"sku":"ABC-123","quantity":1,"colour":"red"}]`, "lines[0].colour not allowed (additionalProperties)"},
		{"lines", `[{"sku":"ABC-123","quantity":1,"price":0}]`, "lines[0].price must be > 0"},
		{"total", `0.001`, "total must be a multiple of 0.01 (multipleOf)"},
		{"total", `1000000`, "total must be < 1000000"},
		{"total", `-0.01`, "total must be >= 0"},
		{"flags", `["fragile"]`, "flags must contain an item that matches contains (contains)"},
		{"flags", `["x-a","x-b","x-c"]`, "flags must contain at most 2 items that match contains (maxContains)"},
		{"billing", "", `billing missing property required with "card" (dependentRequired)`},
		{"billing", `"short"`, "billing length must be at least 10"},
		{"priority", `3`, "priority not one of [1 2.5 high null]"},
		{"coupon", `"FREE100"`, "coupon must not match the schema of not (not)"},
		{"discount", `10`, "discount must match exactly one schema of oneOf, matches 2 (oneOf)"},
		{"discount", `11`, "discount must match exactly one schema of oneOf, matches 0 (oneOf)"},
		{"note", `"abcd"`, "note must match a schema of anyOf (anyOf)"},
		{"origin", `{"site":"web","ids":[2,1]}`, `origin must be {"ids":[1,2],"site":"web"} (const)`},
		{"status", `"lost"`, "status not one of [open closed null]"},
		{"metadata", `{"x-source": 1}`, "metadata.x-source must be string (type)"},
		{"metadata", `{"count": "3"}`, "metadata.count must be integer (type)"},
		{"metadata", `{"a":1,"b":2,"c":3,"d":4}`, "metadata must have at most 3 properties (maxProperties)"},
		{"metadata", `{"averyverylongname":1}`, "metadata.averyverylongname property name length must be at least 0 and at most 10 (propertyNames)"},
		{"shipping", `{"method":"express"}`, "shipping.phone missing required property"},
		{"shipping", `{"method":"standard","phone":"555"}`, "shipping must not match the schema of not (not)"},
		{"shipping", `{"method":"drone"}`, "shipping.method not one of [standard express]"},
		{"point", `[1, 2, 3]`, "point[2] not allowed (items)"},
		{"point", `[1, "2"]`, "point[1] must be number (type)"},
		{"address", `{"street":"Main","country":"X"}`, "address.country not allowed (unevaluatedProperties)"},
		{"email", `null`, "email must not be null (type)"},
	} {
		status, msg := do(t, s, "POST", "/orders", with(t, c.name, c.value))
		if status != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s = %s: %d %q, want 400 with %q", c.name, c.value, status, msg, c.want)
		}
	}
	if len(s.created) != 1 {
		t.Errorf("the server method ran %d times, want once (for the valid order)", len(s.created))
	}
	// Too few properties: minProperties counts what is there.
	if status, msg := do(t, s, "POST", "/orders", `{"id":"ord-1","lines":[{"sku":"ABC-123","quantity":1}]}`); status != 400 || !strings.Contains(msg, "must have at least 3 properties (minProperties)") {
		t.Errorf("two properties: %d %q", status, msg)
	}
}

// Each format the fixture names refuses a value that is not one (uuid
// and byte are Go types, which the decoder parses); an unknown format
// accepts anything.
func TestFormats(t *testing.T) {
	s := &orders{}
	for prop, bad := range map[string]string{
		"website": "no scheme", "link": "a b", "host": "-bad-.com", "v4": "256.1.1.1", "v6": "1:2:3",
		"birthday": "2001-02-29", "opens": "25:00:00Z", "ttl": "P1H", "ref": "not-a-uuid", "avatar": "a",
		"pointer": "a/b", "template": "{bad",
	} {
		status, msg := do(t, s, "POST", "/orders", with(t, "contact", `{"`+prop+`":"`+bad+`"}`))
		want := "contact." + prop + " must be a valid "
		if prop == "ref" || prop == "avatar" {
			want = "(in contact" // the decoder's message
		}
		if status != 400 || !strings.Contains(msg, want) {
			t.Errorf("%s %q: %d %q, want 400 with %q", prop, bad, status, msg, want)
		}
	}
	if status, msg := do(t, s, "POST", "/orders", with(t, "contact", `{"anything":"no-such-format accepts this"}`)); status != 201 {
		t.Errorf("unknown format: %d %q", status, msg)
	}
}

// A read-only property is never required, is checked when sent, and never
// reaches the server method; a write-only one is never sent back.
func TestReadOnlyWriteOnly(t *testing.T) {
	s := &orders{}
	status, msg := do(t, s, "POST", "/orders", with(t, "created", `"2020-01-01T00:00:00Z"`))
	if status != 201 || len(s.created) != 1 || s.created[0].Created != nil {
		t.Fatalf("read-only created: %d %s; server method got %+v", status, msg, s.created)
	}
	if status, msg := do(t, s, "POST", "/orders", with(t, "created", `"yesterday"`)); status != 400 || !strings.Contains(msg, "created") {
		t.Errorf("malformed read-only created: %d %q", status, msg)
	}
	// secret is write-only: accepted in the request, absent from every
	// response the server writes.
	status, body := do(t, s, "POST", "/orders", with(t, "secret", `"s3cret"`))
	if status != 201 || s.created[len(s.created)-1].Secret == nil || strings.Contains(body, "s3cret") {
		t.Errorf("write-only secret: %d %s", status, body)
	}
	secret := "s3cret"
	s.stored = Order{ID: "ord-1", Secret: &secret}
	if status, body := do(t, s, "GET", "/orders/ord-1", ""); status != 200 || strings.Contains(body, "s3cret") {
		t.Errorf("GET: %d %s", status, body)
	}
}

// Parameters in the query, the path and headers get the same keywords.
func TestParameterKeywords(t *testing.T) {
	s := &orders{}
	if status, msg := do(t, s, "GET", "/orders?limit=20&ids=1,2&since=2020-02-29&tag=x&filter[customer]=c-1", ""); status != 200 {
		t.Fatalf("valid: %d %s", status, msg)
	}
	for _, c := range []struct{ target, header, want string }{
		{"/orders?limit=15", "", "is not valid: limit must be a multiple of 10 (multipleOf)"},
		{"/orders?limit=0", "", "must be >= 10"},
		{"/orders?ids=1,1", "", "is not valid: ids items [0] and [1] are equal (uniqueItems)"},
		{"/orders?ids=1,2,3,4", "", "must have at most 3 items (maxItems)"},
		{"/orders?since=2020-02-30", "", "must be a valid date (format)"},
		{"/orders?tag=root", "", "must not match the schema of not (not)"},
		{"/orders?filter[customer]=x", "", "customer: must match ^c-[0-9]+$"},
		{"/orders?filter[status]=lost", "", "filter[status]"},
		{"/orders/order-1", "", "must match ^ord-[0-9]+$"},
		{"/orders/ord-1234567890", "", "length must be at least 0 and at most 12"},
		{"/orders?dryRun=false", "POST", `must be true (const)`},
		{"/orders", "X-Client", "must be a valid hostname (format)"},
	} {
		method, header := "GET", []string(nil)
		body := ""
		switch c.header {
		case "POST":
			method, body = "POST", validOrder
		case "X-Client":
			method, body, header = "POST", validOrder, []string{"X-Client", "bad_host"}
		}
		if strings.HasPrefix(c.target, "/orders/") {
			body = ""
		}
		status, msg := do(t, s, method, c.target, body, header...)
		if status != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s: %d %q, want 400 with %q", method, c.target, status, msg, c.want)
		}
	}
	if status, msg := do(t, s, "PUT", "/orders/ord-1", `[{"sku":"ABC-123","quantity":1},{"sku":"ABC-123","quantity":1}]`); status != 400 || !strings.Contains(msg, "(uniqueItems)") {
		t.Errorf("duplicate lines: %d %q", status, msg)
	}
}

// A payment is checked as the kind its method names.
func TestUnion(t *testing.T) {
	s := &orders{}
	for body, want := range map[string]string{
		`{"method":"card","number":"4111111111111111"}`:         "",
		`{"method":"card","number":"4111"}`:                     "number must match",
		`{"method":"transfer","iban":"DE89370400440532013000"}`: "",
		`{"method":"transfer","iban":"DE89"}`:                   "iban length must be at least 15",
		`{"method":"cash"}`:                                     `unknown method "cash"`,
	} {
		status, msg := do(t, s, "POST", "/payments", body)
		switch {
		case want == "" && status != 204:
			t.Errorf("%s: %d %q", body, status, msg)
		case want != "" && (status != 400 || !strings.Contains(msg, want)):
			t.Errorf("%s: %d %q, want 400 with %q", body, status, msg, want)
		}
	}
}

// The multipart upload's body reaches the server method as it came (its
// schema is not checked: a generation warning says so).
func TestUploadStream(t *testing.T) {
	var got []byte
	h := NewHandler(Servers{Uploads: uploads{&got}})
	r := httptest.NewRequest("POST", "/uploads", strings.NewReader("--x--"))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 204 || string(got) != "--x--" {
		t.Errorf("%d %q", w.Code, got)
	}
}

type uploads struct{ got *[]byte }

func (u uploads) Create(_ context.Context, opts *UploadsCreateOptions) (*UploadsCreateResponse, error) {
	if opts != nil && opts.Body != nil {
		*u.got, _ = io.ReadAll(opts.Body)
	}
	return &UploadsCreateResponse{}, nil
}
