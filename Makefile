# PRIMA — build, test and tooling entry points.
#
# A newcomer needs two commands:
#   make run    build the dashboard and the server, then start it on :8080
#   make test   Go tests (SQLite and in-process fakes; PostgreSQL and Redis too
#               when PRIMA_TEST_POSTGRES_URL / PRIMA_TEST_REDIS_URL are set)
#               and the dashboard's unit tests
#
# `make help` lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO  ?= go
NPM ?= npm

BIN      := bin/prima
FRONTEND := frontend
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

# Go tests: two packages at a time (the machines have two cores), bounded time.
GO_TEST_FLAGS ?= -count=1 -p 2 -timeout 20m

# golangci-lint v2, installed from the Go module proxy when missing or of another version.
GOLANGCI_LINT_VERSION := v2.15.0
GOBIN_DIR             := $(shell $(GO) env GOPATH)/bin
GOLANGCI_LINT         := $(GOBIN_DIR)/golangci-lint

# Generated artefacts that `make check-generated` keeps in step with the code.
GENERATED := openapi.yaml docs/swagger $(FRONTEND)/src/api pkg/client/client.gen.go

# The dashboard is rebuilt only when one of its inputs is newer than the last build.
FRONTEND_DEPS_STAMP := $(FRONTEND)/node_modules/.package-lock.json
FRONTEND_INPUTS := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json $(FRONTEND)/package.json)
FRONTEND_BUILD := $(FRONTEND)/dist/index.html

.PHONY: help run build dashboard test test-go test-frontend docs generate lint lint-go lint-frontend \
	e2e check-generated clean

help: ## List the targets
	@echo "PRIMA make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

# --- dashboard -----------------------------------------------------------------

# `npm ci` when node_modules is missing or package-lock.json is newer than the install.
$(FRONTEND_DEPS_STAMP): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	@touch $@

$(FRONTEND_BUILD): $(FRONTEND_DEPS_STAMP) $(FRONTEND_INPUTS)
	cd $(FRONTEND) && $(NPM) run build

dashboard: $(FRONTEND_BUILD) ## Build the dashboard into frontend/dist (only when its sources changed)

# --- build and run -------------------------------------------------------------

run: dashboard ## Build the dashboard and the server, then run `prima serve` (http://localhost:8080)
	$(GO) build -o $(BIN) ./cmd/prima
	./$(BIN) serve

build: dashboard ## Build a release binary (bin/prima, static, version stamped)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(BIN) ./cmd/prima
	@echo "built $(BIN) $(VERSION)"

# --- tests ---------------------------------------------------------------------

test: test-go test-frontend ## Run the Go tests and the dashboard unit tests

# PRIMA_TEST_POSTGRES_URL and PRIMA_TEST_REDIS_URL pass through from the environment
# (or `make test PRIMA_TEST_POSTGRES_URL=...`). The Go tests do not need the dashboard
# built: the embed falls back to frontend/dist/.gitkeep.
test-go: ## Run the Go tests (SQLite always; PostgreSQL/Redis when their URLs are set)
	@echo "Go tests: PostgreSQL $(if $(PRIMA_TEST_POSTGRES_URL),on,off (set PRIMA_TEST_POSTGRES_URL)), Redis $(if $(PRIMA_TEST_REDIS_URL),on,off (set PRIMA_TEST_REDIS_URL))"
	$(GO) test $(GO_TEST_FLAGS) ./...

test-frontend: $(FRONTEND_DEPS_STAMP) ## Run the dashboard unit tests
	cd $(FRONTEND) && $(NPM) test

e2e: build ## Build, then run the browser end-to-end tests against bin/prima
	cd $(FRONTEND) && PRIMA_BIN=$(CURDIR)/$(BIN) $(NPM) run e2e

# --- benchmarks ----------------------------------------------------------------

# Not part of `make test`. PostgreSQL when PRIMA_BENCH_POSTGRES_URL (or PRIMA_TEST_POSTGRES_URL)
# is set, else SQLite; BENCH_FLAGS passes flags, e.g. `make bench BENCH_FLAGS="-quick -db sqlite"`, or
# `make bench BENCH_FLAGS="-only list"` for the patient list and its baseline alone.
.PHONY: bench
bench: ## Seed a large database and print the performance table of SPEC §15 (BENCH_FLAGS=-quick for a smoke run)
	$(GO) run ./cmd/prima-bench $(BENCH_FLAGS)

# --- generated artefacts -------------------------------------------------------

docs: ## Regenerate docs/swagger (swag), openapi.yaml (OpenAPI 3) and the Go client (pkg/client)
	$(GO) tool swag init --quiet -g cmd/prima/main.go -o docs/swagger --outputTypes json,yaml \
		--parseInternal --parseDependency=false --requiredByDefault --exclude $(FRONTEND)
	$(GO) run ./internal/tools/openapigen -in docs/swagger/swagger.json -out openapi.yaml
	$(GO) tool oapi-codegen -config pkg/client/oapi-codegen.yaml openapi.yaml

generate: docs $(FRONTEND_DEPS_STAMP) ## Regenerate the API docs and the dashboard's API types
	cd $(FRONTEND) && $(NPM) run generate

check-generated: generate ## Fail when the generated files differ from the committed ones
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || \
		{ echo "check-generated: not a git work tree, cannot compare generated files"; exit 1; }
	@changes="$$(git status --porcelain -- $(GENERATED))"; \
	if [ -n "$$changes" ]; then \
		echo "Generated files are out of date:"; \
		echo "$$changes"; \
		git --no-pager diff --stat -- $(GENERATED); \
		echo "Run 'make generate' and commit the result."; \
		exit 1; \
	fi; \
	echo "Generated files are up to date."

# --- lint ----------------------------------------------------------------------

lint: lint-go lint-frontend ## Run golangci-lint and the dashboard's lint

lint-go: ## Run golangci-lint (installs the pinned version when missing)
	@installed="$$("$(GOLANGCI_LINT)" version 2>/dev/null || true)"; \
	case "$$installed" in \
	*"version $(patsubst v%,%,$(GOLANGCI_LINT_VERSION)) "*) ;; \
	*) echo "installing golangci-lint $(GOLANGCI_LINT_VERSION) into $(GOBIN_DIR)"; \
	   GOBIN="$(GOBIN_DIR)" $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION) ;; \
	esac
	"$(GOLANGCI_LINT)" run ./...

lint-frontend: $(FRONTEND_DEPS_STAMP) ## Run the dashboard's lint
	cd $(FRONTEND) && $(NPM) run lint

# --- housekeeping --------------------------------------------------------------

clean: ## Remove build output (keeps data/ and node_modules)
	rm -rf bin coverage.out coverage.html $(FRONTEND)/e2e/artifacts $(FRONTEND)/coverage
	find $(FRONTEND)/dist -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
