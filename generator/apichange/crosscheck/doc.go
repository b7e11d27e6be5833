// Package crosscheck is a module of its own holding one test: oasgen
// diff's Go-level verdicts against golang.org/x/exp/apidiff, on the
// fixture pairs and on the real Batch bump (which also writes
// docs/bump-report.md with -docs, for make bump-report). Keeping apidiff
// here keeps x/exp, and the newer x/tools and go line it needs, out of
// oasgen's go.mod, which the modules of users who add oasgen as a tool
// inherit. Run it with: cd generator/apichange/crosscheck && go test ./...
package crosscheck
