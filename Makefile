# oasgen developer targets. The README's two commands need no make.

GO ?= go
BATCH_SPEC := specs/batch/2020-09-01.12.0/BatchService.json
BATCH2025_SPEC := specs/batch/2025-06-01.21.0/BatchService.json

.PHONY: all generate golden test check vet fmt bench bump-report

all: check

## generate: regenerate generated/batch and generated/batch2025 from the bundled Batch definitions, and generated/validation
generate:
	$(GO) run ./cmd/oasgen -o generated/batch -package batch $(BATCH_SPEC)
	$(GO) run ./cmd/oasgen -o generated/batch2025 -package batch2025 $(BATCH2025_SPEC)
	$(GO) run ./cmd/oasgen -o generated/validation -package validation specs/fixtures/validation/openapi.yaml

## golden: rewrite golden/*.txtar (and generated/) from the current generator; review the diff
golden:
	$(GO) test ./generator -run 'Golden|Generated' -update

## test: the README's test command
test:
	$(GO) test ./...

## vet: go vet and gofmt
vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt-clean:"; echo "$$out"; exit 1; fi

## fmt: gofmt every Go file git tracks
fmt:
	gofmt -w $$(git ls-files '*.go')

## check: exactly what CI runs (.ci/run is the one list: vet, gofmt, tidy, generated/ up to date, the tests, the nested crosscheck module, fuzz budgets, the corpus sample)
check:
	.ci/run

include corpus.mk
include bench.mk
include bench-runtime.mk

## bump-report: how reviewable the Batch bumps are: docs/bump-diff.md (2018 → 2019 raw diff), docs/bump-report.md (2018 → 2019, oasgen diff beside apidiff), docs/bump-report-2025.md (our 2020 → 2025) and docs/bump-report-2019-2025.md (2019 → our 2025, as a PR comment); needs the corpus (make corpus-fetch)
bump-report: corpus-fetch
	$(GO) run ./internal/cmd/oasgen-bumpdiff -old $(CORPUS_CACHE)/package/api/windows.net/batch-BatchService.json \
		-new $(CORPUS_CACHE)/package/api/azure.com/batch-BatchService.json -o docs/bump-diff.md
	cd generator/apichange/crosscheck && OASGEN_CORPUS_CACHE=$(CORPUS_CACHE) OASGEN_REQUIRE_CORPUS=1 $(GO) test . -run TestBatchBump -count=1 -docs
	$(GO) run ./cmd/oasgen diff -q -format markdown $(BATCH_SPEC) $(BATCH2025_SPEC) > docs/bump-report-2025.md
	$(GO) run ./cmd/oasgen diff -q -format markdown $(CORPUS_CACHE)/package/api/azure.com/batch-BatchService.json $(BATCH2025_SPEC) > docs/bump-report-2019-2025.md
