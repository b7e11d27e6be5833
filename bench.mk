# Generation speed, memory and output size of oasgen against its peers
# (oapi-codegen v2.8.2, ogen v1.24.0), and oasgen's scaling over corpus
# definitions of increasing size. Include from the Makefile:
#
#	include bench.mk
#
# The corpus comes from the same cache as corpus.mk's targets (fetched with
# internal/cmd/oasgen-corpus -fetch-only when missing); the peers are installed with
# go install into a temporary folder. Results go next to the cache, not into
# the repository; docs/performance.md quotes them. Needs a quiet machine:
# all timings are whole-process, on this machine, in one run. To measure a
# committed revision rather than the working tree:
#
#	make bench BENCH_FLAGS='-rev HEAD'
#
# On a loaded machine, skip the clean builds and time only package-only
# builds (one shared GOCACHE), without ogen or the scaling table:
#
#	make bench BENCH_FLAGS='-rev HEAD -no-clean -peers oapi-codegen' BENCH_POINTS=0 BENCH_RUNS=5

GO               ?= go
BENCH_CACHE      ?= $(or $(OASGEN_CORPUS_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/oasgen/corpus)
BENCH_OUT        ?= $(BENCH_CACHE)/results/bench.md
BENCH_RUNS       ?= 7
BENCH_WARMUP     ?= 1
BENCH_BUILD_RUNS ?= 3
BENCH_POINTS     ?= 12
BENCH_FLAGS      ?=
BENCH_PROFILE    ?= $(BENCH_CACHE)/results/profile

.PHONY: bench bench-profile

## bench: oasgen vs oapi-codegen and ogen on Batch 2019-08-01.10.0, plus scaling; report in $(BENCH_OUT)
bench:
	$(GO) run ./internal/cmd/oasgen-bench -cache "$(BENCH_CACHE)" -runs $(BENCH_RUNS) -warmup $(BENCH_WARMUP) \
		-build-runs $(BENCH_BUILD_RUNS) -scaling-points $(BENCH_POINTS) -o "$(BENCH_OUT)" $(BENCH_FLAGS)

## bench-profile: in-process stage benchmarks and CPU/allocation profiles of the Batch 2019 run
bench-profile:
	mkdir -p "$(BENCH_PROFILE)"
	OASGEN_CORPUS_CACHE="$(BENCH_CACHE)" $(GO) test ./generator -run '^$$' -bench GenerateBatch -benchmem -count 1
	OASGEN_CORPUS_CACHE="$(BENCH_CACHE)" $(GO) test ./generator -run '^$$' -bench 'GenerateBatch/all$$' -benchtime 20x \
		-cpuprofile "$(BENCH_PROFILE)/cpu.out" -memprofile "$(BENCH_PROFILE)/mem.out" -o "$(BENCH_PROFILE)/generator.test"
	$(GO) tool pprof -top -nodecount 25 "$(BENCH_PROFILE)/generator.test" "$(BENCH_PROFILE)/cpu.out"
	$(GO) tool pprof -top -cum -nodecount 40 "$(BENCH_PROFILE)/generator.test" "$(BENCH_PROFILE)/cpu.out"
	$(GO) tool pprof -top -sample_index=alloc_space -nodecount 25 "$(BENCH_PROFILE)/generator.test" "$(BENCH_PROFILE)/mem.out"
