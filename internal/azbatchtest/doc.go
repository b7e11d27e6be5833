// Package azbatchtest is a module of its own holding one test: Microsoft's
// Go client for Batch (github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch
// v0.1.0, with azcore) drives a fake Batch service written on the server
// generated from our definition specs/batch/2025-06-01.21.0
// (generated/batch2025), over TLS on loopback. Every operation of the
// definition that azbatch has a method for is called, with the error
// cases, conditional requests, HTTP dates as azbatch writes them, paging
// and file downloads. Keeping it here keeps the Azure SDK out of oasgen's
// go.mod. Run it with: cd internal/azbatchtest && go test ./...
package azbatchtest
