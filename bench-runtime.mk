# Runtime benchmarks: the server and client that oasgen, ogen and
# oapi-codegen generate from the upstream Batch 2019-08-01.10.0 definition,
# compared in one run on one machine. Include from the Makefile:
#
#	include bench-runtime.mk
#
# The definition comes from the corpus cache (fetched and verified by
# internal/cmd/oasgen-corpus when missing); the peers are installed with `go install`
# into a temporary GOBIN and everything generated lives in a temporary module.
# Run it on a quiet machine: the report records the load average.

GO                   ?= go
BENCH_RUNTIME_CACHE  ?= $(or $(OASGEN_CORPUS_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/oasgen/corpus)
BENCH_RUNTIME_COUNT  ?= 5
BENCH_RUNTIME_REPORT ?= docs/runtime-benchmarks.md
BENCH_RUNTIME_FLAGS  ?=

.PHONY: bench-runtime bench-runtime-test

## bench-runtime: benchmark oasgen against ogen and oapi-codegen, report in docs/runtime-benchmarks.md
bench-runtime:
	$(GO) run ./internal/cmd/oasgen-rtbench -cache "$(BENCH_RUNTIME_CACHE)" -count $(BENCH_RUNTIME_COUNT) \
		-out $(BENCH_RUNTIME_REPORT) $(BENCH_RUNTIME_FLAGS)

## bench-runtime-test: the tool's own tests (no network, no generators)
bench-runtime-test:
	$(GO) test ./internal/cmd/oasgen-rtbench
