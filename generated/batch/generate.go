package batch

// This file and the _test.go files are written by hand; doc.go and the
// rest are generated (see it for what the package is).

//go:generate go run ../../cmd/oasgen -o . -package batch ../../specs/batch/2020-09-01.12.0/BatchService.json
