package batch2025

// This file and the _test.go files are written by hand; doc.go and the
// rest are generated (see it for what the package is).

//go:generate go run ../../cmd/oasgen -o . -package batch2025 ../../specs/batch/2025-06-01.21.0/BatchService.json
