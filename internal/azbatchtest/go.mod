module github.com/oasgen/oasgen/internal/azbatchtest

go 1.26

require (
	github.com/Azure/azure-sdk-for-go/sdk/azcore v1.18.0
	github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch v0.1.0
	github.com/oasgen/oasgen v0.0.0
)

require (
	github.com/Azure/azure-sdk-for-go/sdk/internal v1.11.1 // indirect
	golang.org/x/net v0.39.0 // indirect
	golang.org/x/text v0.24.0 // indirect
)

replace github.com/oasgen/oasgen => ../..
