GO ?= go
PKGS := ./...

.PHONY: build test lint bench run generate examples

build:
	$(GO) build -o bin/tolokash ./cmd/tolokash

test: lint
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x $(PKGS)

generate:
	$(GO) generate ./client

run: build
	./bin/tolokash --local

examples:
	$(GO) test -count=1 ./scripts/examples/ ./examples/...
