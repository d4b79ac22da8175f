# The README's commands. `make test` is what CI runs (through .ci/run).
GO ?= go
SHELL := /bin/bash

# analysistest runs fixture modules with GOPROXY=off, so their dependencies
# must be in the module cache before the tests start.
FIXTURE_MODULES := $(shell find . -name go.mod -path '*/testdata/*' -not -path './.git/*' -exec dirname {} \; | sort)

# go test's default 10-minute limit per package is what a first run on a
# cold machine used to hit. The slowest package, internal/e2e, takes about
# two minutes on 2 cores with empty caches once golangci-lint is built in
# its own step below; 15 minutes leaves room for a slower machine.
TEST_TIMEOUT ?= 15m

.PHONY: test deps example lint build install golangci-lint

build:
	$(GO) build -o bin/relguard ./cmd/relguard

install:
	$(GO) install ./cmd/relguard

deps:
	@$(GO) mod download
	@for d in $(FIXTURE_MODULES); do \
		(cd $$d && $(GO) mod download) || exit 1; \
	done

# The golangci-lint plugin tests need a golangci-lint built with relguard's
# plugin. Building it inside `go test` would spend the package's time limit
# on compiling golangci-lint, so it is built (or found in the cache) first.
golangci-lint:
	@echo "make: building golangci-lint with the relguard plugin for the plugin tests (minutes the first time; cached afterwards)" >&2
	@hooks/build-golangci-lint.sh >/dev/null

# go test -json through testsummary prints what plain go test prints, plus
# one "SKIP pkg Test: reason" line per skipped test, so that an end-to-end
# test skipped for a missing tool is visible without -v.
test: deps golangci-lint
	@set -o pipefail; $(GO) test -json -timeout $(TEST_TIMEOUT) ./... | $(GO) run ./internal/testsummary

example:
	$(GO) run ./cmd/relguard lint -C testdata/incident ./...

lint:
	bin=$$(hooks/build-golangci-lint.sh) && "$$bin" run ./...
