GO ?= go
PKGS := ./...

.PHONY: build test lint bench bench-micro run generate examples testdata-openapi

# make test ends with one line counting passed, failed and skipped tests and
# naming every skip (internal/testreport). .ci/run sets
# TESTREPORT='-ci -provided tmux,npm': there a test may skip only for something CI
# lacks, and must say "needs: WHAT" (testdata/README.md).
TESTREPORT ?=

# A static binary (no cgo: pure-Go DNS and user lookup) starts about 0.5 ms
# sooner than a dynamically linked one, a tenth of `tolokash -e 1`.
build:
	CGO_ENABLED=0 $(GO) build -o bin/tolokash ./cmd/tolokash

# (Built, not `go run`: go run would add "exit status 1" after the count.)
test: lint
	@$(GO) build -o bin/testreport ./internal/testreport
	bin/testreport $(TESTREPORT) -- -race -count=1 -timeout 20m $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# One table: every scenario against its baseline measured in the same run,
# end to end against the emulator and with its cost taken out (pages replayed
# from memory, a server answering the same bytes); then the same work side by
# side with toloka-kit and pandas when python can import them
# (TOLOKASH_BENCH_PYTHON, TOLOKASH_BENCH_PYTHONPATH; skipped with a note if not).
# TOLOKASH_BENCH_ROUNDS=N for more rounds per figure; -short for smaller N.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./internal/benchmarks

# The packages' own benchmarks: decoding, conversion, paging, export, serving, aggregation.
bench-micro:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./client ./bindings ./emulator ./stdlib ./aggregation

generate:
	$(GO) generate ./client   # also client/tb, collectors, actions, conditions, filter from internal/schema

# Cuts testdata/openapi/*.json from a checkout of github.com/Toloka/docs:
# make testdata-openapi DOCS=/tmp/toloka-docs (testdata/openapi/README.md).
testdata-openapi:
	$(GO) run ./internal/openapitrim -docs "$(DOCS)" -out testdata/openapi

run: build
	./bin/tolokash --local

examples:
	$(GO) test -count=1 ./scripts/examples/ ./examples/...
