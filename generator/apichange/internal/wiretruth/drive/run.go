package drive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/big"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Package is what the glue file the harness writes into each generated
// package gives the driver.
type Package struct {
	// NewClient returns the package's *Client, calling h in process;
	// apiVersion, when not empty, replaces the package's own.
	NewClient func(h http.Handler, apiVersion string) (any, error)
	// NewHandler serves every operation group with s.
	NewHandler func(s Server) http.Handler
	// Types are the package's model types, by name.
	Types map[string]reflect.Type
	// ResponseError takes apart an error of the client: the status and
	// body of a *ResponseError, and the error model it decoded.
	ResponseError func(err error) (status int, body []byte, model any, ok bool)
	// Fail is an error for a server method to return: the status, with
	// model (an error model) as the body.
	Fail func(status int, model any) error
}

// Server is what the fake servers the glue declares call, for every
// method of every group: op is Group.Method, resp the method's response
// type, args its arguments after the context.
type Server interface {
	Serve(op string, resp reflect.Type, args ...any) (any, error)
}

// Pairing names which version's client calls which version's server.
type Pairing string

const (
	OldNew Pairing = "old client → new server"
	NewOld Pairing = "new client → old server"
	OldOld Pairing = "old → old" // the controls: a failure there is the harness's
	NewNew Pairing = "new → new"
)

// Observation is a call that went differently from what its caller
// meant: refused, failed, or read differently on the other side.
type Observation struct {
	Pair    string  `json:"pair"`
	Op      string  `json:"op"`    // the client's operation
	Other   string  `json:"other"` // the server's operation
	Pairing Pairing `json:"pairing"`
	Round   int     `json:"round"`
	// Versioned: the client sent its own api-version (else the server's,
	// so that every other difference shows).
	Versioned bool `json:"versioned,omitempty"`
	// Dir is "request" or "response".
	Dir string `json:"dir"`
	// Kind: rejected (the server answered an error without calling its
	// method), failed (the client could not take the response),
	// not found (no route for a removed operation), or a Diff's kind.
	Kind   string `json:"kind"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Param is the parameter or header a rejection names, as a Param.Key;
	// Property the body property (dotted JSON names).
	Param    string `json:"param,omitempty"`
	Property string `json:"property,omitempty"`
	Diff     *Diff  `json:"diff,omitempty"`
	// Unknown: the receiver has no such parameter or property (it was
	// added on the sender's side or removed on the receiver's).
	Unknown bool `json:"unknown,omitempty"`
}

// PairResult is what driving one pair found.
type PairResult struct {
	Name   string `json:"name"`
	Ops    int    `json:"ops"`
	Rounds int    `json:"rounds"`
	Calls  int    `json:"calls"`
	// Observations are those of the old/new pairings; Controls those of
	// a version against itself, which must be none.
	Observations []Observation `json:"observations"`
	Controls     []Observation `json:"controls"`
}

// Main reads the plan at args[0], drives every pair and writes the
// results to args[1].
func Main(args []string, reg map[string]Package) {
	if len(args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: driver PLAN RESULTS")
		os.Exit(2)
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var plan Plan
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&plan); err != nil {
		fmt.Fprintln(os.Stderr, "plan:", err)
		os.Exit(1)
	}
	var results []*PairResult
	for _, p := range plan.Pairs {
		r, err := Drive(p, reg[p.Old.Package], reg[p.New.Package])
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", p.Name, err)
			os.Exit(1)
		}
		results = append(results, r)
	}
	out, _ := json.MarshalIndent(results, "", " ")
	if err := os.WriteFile(args[1], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Drive runs every operation of a pair, both ways, round after round,
// each round also as a control (the client's and server's own version).
func Drive(p *PairPlan, oldPkg, newPkg Package) (*PairResult, error) {
	if oldPkg.NewClient == nil || newPkg.NewClient == nil {
		return nil, errors.New("a package is not registered")
	}
	res := &PairResult{Name: p.Name, Ops: len(p.Ops), Rounds: p.Rounds}
	old := end{p.Old, oldPkg}
	new := end{p.New, newPkg}
	for _, op := range p.Ops {
		for round := range p.Rounds + errorRounds(p, op) {
			d := &call{pair: p.Name, round: round, rounds: p.Rounds}
			for _, run := range []struct {
				c, s     end
				cop, sop string
				pairing  Pairing
			}{
				{old, old, op.Old, op.Old, OldOld},
				{new, new, op.New, op.New, NewNew},
				{old, new, op.Old, op.New, OldNew},
				{new, old, op.New, op.Old, NewOld},
			} {
				versioned := []bool{false}
				if run.c.side.APIVersion != run.s.side.APIVersion && round == 0 {
					versioned = []bool{true, false}
				}
				for _, v := range versioned {
					obs, err := d.safeRun(run.c, run.s, run.cop, run.sop, run.pairing, v)
					if err != nil {
						// the harness could not make the call: a control
						// failure, which the pair's checks report
						obs = []Observation{{Pair: p.Name, Op: run.cop, Other: run.sop, Pairing: OldOld, Round: round, Kind: "harness error", Detail: err.Error()}}
					}
					res.Calls++
					if run.pairing == OldOld || run.pairing == NewNew || err != nil {
						res.Controls = append(res.Controls, obs...)
					} else {
						res.Observations = append(res.Observations, obs...)
					}
				}
			}
		}
	}
	for _, op := range p.Removed {
		obs, err := removed(p, old, new, op)
		if err != nil {
			res.Controls = append(res.Controls, Observation{Pair: p.Name, Op: op, Pairing: OldNew, Kind: "harness error", Detail: err.Error()})
			continue
		}
		res.Calls++
		res.Observations = append(res.Observations, obs...)
	}
	return res, nil
}

// errorRounds are the extra rounds in which the server answers with its
// error models, one per case (at most three), for an operation that has
// them on both sides.
func errorRounds(p *PairPlan, op OpPair) int {
	o, n := p.Old.Ops[op.Old], p.New.Ops[op.New]
	if o == nil || n == nil || len(o.Errors) == 0 || len(n.Errors) == 0 {
		return 0
	}
	return min(3, max(len(o.Errors), len(n.Errors)))
}

// end is one version: its plan and its package.
type end struct {
	side *Side
	pkg  Package
}

type call struct {
	pair          string
	round, rounds int
	handler       http.Handler // the server of the call at hand
}

func seed(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// recorder is the fake servers' Server: it keeps what the method got and
// answers with a value made for the round.
type recorder struct {
	mu       sync.Mutex
	op       string
	side     *Side
	fill     func(t reflect.Type) (any, error)
	called   bool
	args     []reflect.Value
	returned map[string]any // the response as the server meant it
}

func (r *recorder) Serve(op string, resp reflect.Type, args ...any) (any, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if op != r.op {
		return nil, fmt.Errorf("wiretruth: %s called, %s expected", op, r.op)
	}
	r.called = true
	for _, a := range args {
		r.args = append(r.args, reflect.ValueOf(a))
	}
	return r.fill(resp)
}

// run makes one call: the client of c calls operation cop, served by
// operation sop of s. A request the server rejects naming an optional
// parameter or property is sent again without it (at most peels times),
// so that one fault does not hide the next.
func (d *call) run(c, s end, cop, sop string, pairing Pairing, versioned bool) ([]Observation, error) {
	cplan, splan := c.side.Ops[cop], s.side.Ops[sop]
	if cplan == nil || splan == nil {
		return nil, fmt.Errorf("operation not in the plan")
	}
	ob := func(dir, kind string) Observation {
		return Observation{Pair: d.pair, Op: cop, Other: sop, Pairing: pairing, Round: d.round, Versioned: versioned, Dir: dir, Kind: kind}
	}
	method, err := d.client(c, s, cop, versioned)
	if err != nil {
		return nil, err
	}
	// The request, from the client's types.
	f := newFiller(c.side, c.pkg, seed(d.pair, cop, "request"), d.round, toServer)
	mt := method.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < mt.NumIn(); i++ {
		v := reflect.New(mt.In(i)).Elem()
		if i-1 < len(cplan.Args) {
			f.fill(v, cplan.Args[i-1].Value, 0)
		} else if f.mode != minimal {
			fillOptions(f, v, cplan.Options)
		}
		args = append(args, v)
	}
	var obs []Observation
	const peels = 8
	for peel := 0; ; peel++ {
		o, rejected, err := d.once(c, s, cop, sop, method, args, ob)
		if err != nil {
			return nil, err
		}
		obs = append(obs, o...)
		if rejected == nil || versioned || peel == peels || streams(cplan) || !unset(c.side, cplan, args[1:], rejected) {
			return obs, nil
		}
	}
}

// safeRun is run, with a panic of the harness (reflection on a shape it
// does not know) returned as an error.
func (d *call) safeRun(c, s end, cop, sop string, pairing Pairing, versioned bool) (obs []Observation, err error) {
	defer func() {
		if v := recover(); v != nil {
			obs, err = nil, fmt.Errorf("panic: %v", v)
		}
	}()
	return d.run(c, s, cop, sop, pairing, versioned)
}

// client makes c's client calling s's handler, and its method for cop.
func (d *call) client(c, s end, cop string, versioned bool) (reflect.Value, error) {
	apiVersion := ""
	if !versioned && c.side.APIVersion != s.side.APIVersion {
		apiVersion = s.side.APIVersion
	}
	client, err := c.pkg.NewClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.handler.ServeHTTP(w, r)
	}), apiVersion)
	if err != nil {
		return reflect.Value{}, err
	}
	return clientMethod(client, cop)
}

// streams reports whether an operation's request body is a stream, which
// a call drains: such a request is not sent twice.
func streams(op *Op) bool {
	for _, p := range op.Args {
		if p.Stream {
			return true
		}
	}
	for _, p := range op.Options {
		if p.Stream {
			return true
		}
	}
	return false
}

// once makes the call with args; rejected is the observation of a
// request the server refused, if it did.
func (d *call) once(c, s end, cop, sop string, method reflect.Value, args []reflect.Value, ob func(dir, kind string) Observation) (obs []Observation, rejected *Observation, err error) {
	cplan, splan := c.side.Ops[cop], s.side.Ops[sop]
	// The server's response (or error model) is made from the server's
	// own types, the same for every pairing of a round.
	errCase := d.round - d.rounds // >= 0: an error round
	rec := &recorder{op: sop, side: s.side}
	var sentErr *errorSent
	rec.fill = func(t reflect.Type) (any, error) {
		f := newFiller(s.side, s.pkg, seed(d.pair, sop, "response"), d.round, toClient)
		if errCase >= 0 {
			e := splan.Errors[errCase%len(splan.Errors)]
			rt, ok := s.pkg.Types[e.Type]
			if !ok {
				return nil, fmt.Errorf("error model %s not registered", e.Type)
			}
			m := reflect.New(rt)
			f.fill(m.Elem(), nil, 0)
			status := e.Status
			switch {
			case status == 0 && e.Class != 0:
				status = e.Class*100 + 22
			case status == 0:
				status = 500
			}
			cv, _ := canon{s.side, s.pkg.Types}.value(m)
			sentErr = &errorSent{status: status, model: cv}
			return nil, s.pkg.Fail(status, m.Interface())
		}
		v := reflect.New(t.Elem())
		fillResponse(f, v.Elem(), splan.Response)
		rec.returned = canonResponse(canon{s.side, s.pkg.Types}, v.Elem(), splan.Response)
		if _, ok := rec.returned["status"]; !ok && len(splan.Response.Statuses) > 0 {
			rec.returned["status"] = defaultValue(float64(splan.Response.Statuses[0]))
		}
		if st, ok := rec.returned["status"]; ok && bodiless(st) {
			delete(rec.returned, "body") // 204 and 304 carry none
		}
		return v.Interface(), nil
	}
	d.handler = s.pkg.NewHandler(rec)
	cc := canon{c.side, c.pkg.Types}
	sent := canonArgs(cc, args[1:], cplan)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	call := append([]reflect.Value{reflect.ValueOf(ctx)}, args[1:]...)
	out := method.Call(call)
	var callErr error
	if e := out[1]; !e.IsNil() {
		callErr = e.Interface().(error)
	}
	switch {
	case !rec.called && callErr == nil:
		obs = append(obs, ob("request", "not served"))
	case !rec.called:
		status, body, _, isResp := c.pkg.ResponseError(callErr)
		o := ob("request", "rejected")
		if !isResp {
			o.Kind, o.Detail = "refused by the client", callErr.Error()
		} else {
			o.Status = status
			o.Detail, o.Param, o.Property = rejection(body)
			rejected = &o
		}
		obs = append(obs, o)
	default:
		got := canonArgs(canon{s.side, s.pkg.Types}, rec.args, splan)
		if _, ok := sent["header "+cplan.RequestID]; !ok && cplan.RequestID != "" {
			delete(got, "header "+cplan.RequestID) // the client made one up
		}
		obs = append(obs, diffs(ob("request", ""), sent, got, splan)...)
		if sentErr != nil {
			if cplan.Method == "HEAD" {
				sentErr.model = nil // a HEAD response has no body
			}
			obs = append(obs, d.checkError(ob, c, callErr, sentErr)...)
			break
		}
		if callErr != nil {
			o := ob("response", "failed")
			status, _, _, isResp := c.pkg.ResponseError(callErr)
			if isResp {
				o.Status = status
			}
			o.Detail = callErr.Error()
			obs = append(obs, o)
			break
		}
		read := canonResponse(cc, out[0].Elem(), cplan.Response)
		returned := rec.returned
		if _, ok := read["status"]; !ok {
			delete(returned, "status") // the client has no StatusCode field: it took the one status it knows
		}
		for k := range returned {
			// A response header named like a request header is the
			// request's, echoed by the handler (client-request-id): the
			// request's comparison covers it.
			if strings.HasPrefix(k, "header ") && (hasParam(splan, k) || hasParam(cplan, k)) {
				delete(returned, k)
				delete(read, k)
			}
		}
		if st, ok := returned["status"]; ok && bodiless(st) || cplan.Method == "HEAD" {
			delete(read, "body")
			delete(returned, "body")
		}
		obs = append(obs, diffs(ob("response", ""), returned, read, cplan)...)
	}
	return obs, rejected, nil
}

// bodiless reports whether a status carries no body.
func bodiless(status any) bool {
	n, ok := number(status)
	return ok && (n.Cmp(big.NewRat(204, 1)) == 0 || n.Cmp(big.NewRat(304, 1)) == 0 || n.Cmp(big.NewRat(205, 1)) == 0)
}

// unset takes out of args what a rejection names, when the client may
// leave it out: an Options field, or an optional property of the body.
// It reports whether it did.
func unset(side *Side, op *Op, args []reflect.Value, o *Observation) bool {
	if o.Param != "" {
		for name, p := range op.Options {
			if p.Key != o.Param {
				continue
			}
			for _, a := range args[len(op.Args):] {
				if a.Kind() == reflect.Pointer && !a.IsNil() {
					if fv := a.Elem().FieldByName(name); fv.IsValid() && !fv.IsZero() {
						fv.SetZero()
						return true
					}
				}
			}
		}
		return false
	}
	if o.Property == "" {
		return false
	}
	var body reflect.Value
	for i, p := range op.Args {
		if p.Body && i < len(args) {
			body = args[i]
		}
	}
	for name, p := range op.Options {
		if p.Body && len(args) > len(op.Args) && args[len(op.Args)].Kind() == reflect.Pointer && !args[len(op.Args)].IsNil() {
			body = args[len(op.Args)].Elem().FieldByName(name)
		}
	}
	return unsetPath(side, body, strings.Split(o.Property, "."))
}

// unsetPath zeroes the optional property a path of JSON names (with
// [i] indexes) leads to.
func unsetPath(side *Side, v reflect.Value, path []string) bool {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if !v.IsValid() || len(path) == 0 {
		return false
	}
	seg := path[0]
	var idx []int
	for {
		i := strings.LastIndex(seg, "[")
		if i < 0 || !strings.HasSuffix(seg, "]") {
			break
		}
		n, err := strconv.Atoi(seg[i+1 : len(seg)-1])
		if err != nil {
			return false
		}
		idx = append([]int{n}, idx...)
		seg = seg[:i]
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	mt := side.Types[v.Type().Name()]
	if mt == nil || mt.Kind != "struct" {
		return false
	}
	var field *Field
	for _, f := range mt.Fields {
		if f.JSON == seg {
			field = f
		}
	}
	if field == nil {
		return false
	}
	fv := v.FieldByName(field.Go)
	if !fv.IsValid() {
		return false
	}
	if len(idx) == 0 && len(path) == 1 {
		if field.Required || !fv.CanSet() || fv.IsZero() {
			return false
		}
		fv.SetZero()
		return true
	}
	for _, i := range idx {
		for fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface {
			if fv.IsNil() {
				return false
			}
			fv = fv.Elem()
		}
		if fv.Kind() != reflect.Slice || i >= fv.Len() {
			return false
		}
		fv = fv.Index(i)
	}
	if len(path) == 1 {
		return false
	}
	return unsetPath(side, fv, path[1:])
}

type errorSent struct {
	status int
	model  any
}

// checkError compares the error model the server answered with and what
// the client made of it.
func (d *call) checkError(ob func(dir, kind string) Observation, c end, err error, sent *errorSent) []Observation {
	if err == nil {
		o := ob("response", "failed")
		o.Detail = fmt.Sprintf("the server answered %d with an error model, the call succeeded", sent.status)
		return []Observation{o}
	}
	status, _, model, ok := c.pkg.ResponseError(err)
	if !ok || status != sent.status {
		o := ob("response", "failed")
		o.Status, o.Detail = sent.status, err.Error()
		return []Observation{o}
	}
	var got any
	if model != nil {
		got, _ = canon{c.side, c.pkg.Types}.value(reflect.ValueOf(model))
	}
	if sent.model == nil {
		return nil
	}
	return diffs(ob("response", ""), map[string]any{"error": sent.model}, map[string]any{"error": got}, nil)
}

// diffs turns the differences between two keyed values into
// observations; receiver is the receiving side's operation, which tells
// a parameter it does not have.
func diffs(base Observation, sent, got map[string]any, receiver *Op) []Observation {
	var ds []Diff
	compare("", &object{keys: sent}, &object{keys: got}, &ds)
	var out []Observation
	for i := range ds {
		o := base
		o.Kind = ds[i].Kind
		o.Diff = &ds[i]
		key, rest, _ := strings.Cut(ds[i].Path, ".")
		switch {
		case key == "body" || key == "error":
			o.Property = rest
			o.Unknown = ds[i].Kind == "dropped" && ds[i].GotPointer == "" && ds[i].GotType != "" ||
				ds[i].Kind == "appeared" && ds[i].SentPointer == "" && ds[i].SentType != ""
		default:
			o.Param = key
			if base.Dir == "request" && strings.Contains(key, " ") {
				o.Unknown = !hasParam(receiver, key)
			}
		}
		out = append(out, o)
	}
	return out
}

func hasParam(op *Op, key string) bool {
	for _, p := range op.Args {
		if p.Key == key {
			return true
		}
	}
	for _, p := range op.Options {
		if p.Key == key {
			return true
		}
	}
	return false
}

// rejection reads the server's error body: its message, and the
// parameter or property it names (from the details the error model
// holds, else from the message the handler writes: "A query parameter is
// not valid: NAME reason.", "The request body is not valid: PATH
// reason.", "… that is required is missing: NAME.").
func rejection(body []byte) (detail, param, property string) {
	detail = string(bytes.TrimSpace(body))
	if len(detail) > 300 {
		detail = detail[:300]
	}
	var e struct {
		Message any `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return detail, "", ""
	}
	msg, _ := e.Message.(string)
	if m, ok := e.Message.(map[string]any); ok {
		msg, _ = m["value"].(string)
	}
	where := map[string]string{"A query parameter": "query", "An HTTP header": "header", "A path parameter": "path", "The request body": "body"}
	for prefix, in := range where {
		rest, ok := strings.CutPrefix(msg, prefix)
		if !ok {
			continue
		}
		_, rest, ok = strings.Cut(rest, ": ")
		if !ok {
			return detail, "", ""
		}
		name, _, _ := strings.Cut(rest, " ")
		name = strings.TrimSuffix(name, ".")
		switch in {
		case "body":
			if name != "body" {
				property = name
			}
		case "header":
			param = "header " + strings.ToLower(name)
		default:
			param = in + " " + name
		}
	}
	return detail, param, property
}

// removed calls an operation the new definition no longer has, through
// the old client, on the new server.
func removed(p *PairPlan, old, new end, op string) (obs []Observation, err error) {
	defer func() {
		if v := recover(); v != nil {
			obs, err = nil, fmt.Errorf("panic: %v", v)
		}
	}()
	rec := &recorder{op: "", side: new.side, fill: func(reflect.Type) (any, error) { return nil, errors.New("not expected") }}
	client, err := old.pkg.NewClient(new.pkg.NewHandler(rec), new.side.APIVersion)
	if err != nil {
		return nil, err
	}
	method, err := clientMethod(client, op)
	if err != nil {
		return nil, err
	}
	f := newFiller(old.side, old.pkg, seed(p.Name, op, "request"), 0, toServer)
	mt := method.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	plan := old.side.Ops[op]
	for i := 1; i < mt.NumIn(); i++ {
		v := reflect.New(mt.In(i)).Elem()
		if plan != nil && i-1 < len(plan.Args) {
			f.fill(v, plan.Args[i-1].Value, 0)
		}
		args = append(args, v)
	}
	out := method.Call(args)
	o := Observation{Pair: p.Name, Op: op, Pairing: OldNew, Dir: "request", Kind: "not found"}
	if e := out[1]; !e.IsNil() {
		status, _, _, _ := old.pkg.ResponseError(e.Interface().(error))
		o.Status, o.Detail = status, e.Interface().(error).Error()
		if rec.called {
			o.Kind = "rejected"
		}
		return []Observation{o}, nil
	}
	return nil, nil // served: the operation is still there under another path
}

// clientMethod is the client's method for Group.Method.
func clientMethod(client any, op string) (reflect.Value, error) {
	group, name, _ := strings.Cut(op, ".")
	g := reflect.ValueOf(client).Elem().FieldByName(group)
	if !g.IsValid() {
		return reflect.Value{}, fmt.Errorf("client has no group %s", group)
	}
	m := g.MethodByName(name)
	if !m.IsValid() {
		return reflect.Value{}, fmt.Errorf("client %s has no method %s", group, name)
	}
	return m, nil
}

// fillOptions fills an *Options argument: every field the plan knows.
func fillOptions(f *filler, v reflect.Value, opts map[string]*Param) {
	if v.Kind() != reflect.Pointer || len(opts) == 0 {
		return
	}
	p := reflect.New(v.Type().Elem())
	names := make([]string, 0, len(opts))
	for n := range opts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fv := p.Elem().FieldByName(n)
		if fv.IsValid() && fv.CanSet() && !opts[n].Select {
			f.fill(fv, opts[n].Value, 0)
		}
	}
	v.Set(p)
}

// fillResponse fills a response struct: its status, headers and body.
func fillResponse(f *filler, v reflect.Value, r *Response) {
	if sc := v.FieldByName("StatusCode"); sc.IsValid() && len(r.Statuses) > 0 {
		sc.SetInt(int64(r.Statuses[f.round%len(r.Statuses)]))
	}
	// Headers are always set: a server fills some it is not given (its
	// request id).
	for field := range r.Headers {
		if fv := v.FieldByName(field); fv.IsValid() {
			f.fill(fv, nil, 0)
		}
	}
	if r.Body != "" {
		if fv := v.FieldByName(r.Body); fv.IsValid() {
			f.fill(fv, r.Value, 0)
		}
	}
}

// canonArgs keys a call's arguments (after the context) by parameter.
func canonArgs(c canon, args []reflect.Value, op *Op) map[string]any {
	out := map[string]any{}
	put := func(p *Param, v reflect.Value) {
		x, ok := c.value(v)
		if ok && !p.Body && empty(x) {
			ok = false
		}
		if !ok && p.Default != nil {
			x, ok = defaultValue(p.Default), true
		}
		if ok {
			out[p.Key] = x
		}
	}
	for i, a := range args {
		if i < len(op.Args) {
			put(op.Args[i], a)
			continue
		}
		// the Options struct
		if a.Kind() == reflect.Pointer && a.IsNil() {
			a = reflect.New(a.Type().Elem())
		}
		if a.Kind() == reflect.Pointer {
			for name, p := range op.Options {
				if fv := a.Elem().FieldByName(name); fv.IsValid() {
					put(p, fv)
				}
			}
		}
	}
	return out
}

// canonResponse keys a response struct by status, header and body.
func canonResponse(c canon, v reflect.Value, r *Response) map[string]any {
	out := map[string]any{}
	if sc := v.FieldByName("StatusCode"); sc.IsValid() {
		out["status"], _ = c.value(sc)
	}
	for field, h := range r.Headers {
		if x, ok := c.value(v.FieldByName(field)); ok {
			out["header "+h] = x
		}
	}
	if r.Body != "" {
		if x, ok := c.value(v.FieldByName(r.Body)); ok {
			out["body"] = x
		}
	}
	return out
}

func (o Observation) String() string {
	s := fmt.Sprintf("%s %s (%s), %s round %d: %s %s", o.Pairing, o.Op, o.Other, o.Dir, o.Round, o.Kind, strings.TrimSpace(o.Param+" "+o.Property))
	if o.Versioned {
		s += " [own api-version]"
	}
	if o.Status != 0 {
		s += fmt.Sprintf(" status %d", o.Status)
	}
	if d := o.Diff; d != nil {
		s += fmt.Sprintf(": sent %s, got %s", d.Sent, d.Got)
		if d.SentType != "" || d.GotType != "" {
			s += fmt.Sprintf(" (in %s → %s)", d.SentType, d.GotType)
		}
	}
	if o.Detail != "" {
		s += ": " + o.Detail
	}
	return s
}
