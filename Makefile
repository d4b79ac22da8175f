# The README's commands. `make test` is what CI runs (through .ci/run).
GO ?= go

# analysistest runs fixture modules with GOPROXY=off, so their dependencies
# must be in the module cache before the tests start.
FIXTURE_MODULES := $(shell find . -name go.mod -path '*/testdata/*' -not -path './.git/*' -exec dirname {} \; | sort)

.PHONY: test deps example lint build

build:
	$(GO) build -o bin/relguard ./cmd/relguard

deps:
	$(GO) mod download
	@for d in $(FIXTURE_MODULES); do \
		(cd $$d && $(GO) mod download) || exit 1; \
	done

test: deps
	$(GO) test ./...

example:
	$(GO) run ./cmd/relguard lint -C testdata/incident ./...

lint:
	bin=$$(hooks/build-golangci-lint.sh) && "$$bin" run ./...
