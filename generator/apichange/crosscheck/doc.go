// Package crosscheck is a module of its own holding the report's
// cross-checks against other tools: oasgen diff's Go-level verdicts
// against golang.org/x/exp/apidiff, on the fixture pairs and on the real
// Batch bump (which also writes docs/bump-report.md with -docs, for make
// bump-report); and its verdicts against oasdiff's checker
// (github.com/oasdiff/oasdiff, v1.37.0) on the definition pairs of
// oasdiff's own tests, read from the module cache, and on ours, each
// pair also driven by the wire-truth harness (TestOasdiffPairs). Keeping
// them here keeps x/exp, oasdiff and the dependencies and go line they
// need out of oasgen's go.mod, which the modules of users who add oasgen
// as a tool inherit. Run it with: cd generator/apichange/crosscheck &&
// go test ./...
package crosscheck
