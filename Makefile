# Quick start: `make demo` and `make test` on a fresh machine; each sets itself up in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .demo/sourcecheck.db

.PHONY: demo test gateway openapi lint typecheck contracts proto-lint deploy-check check bench clean node-check podman-run

$(STAMP): pyproject.toml clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -e clients/python
	touch $(STAMP)

demo: $(STAMP)
	rm -rf .demo && mkdir -p .demo
	$(BIN)/sourcecheck ingest seeds --db $(DEMO_DB)
	$(BIN)/sourcecheck score seeds/001_3100be0ccc3fa2db.txt --db $(DEMO_DB)

test: $(STAMP) node-check
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check service clients/python tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

proto-lint: $(STAMP)
	$(BIN)/buf lint

deploy-check: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" deploy/check.sh

# Builds the container image with podman and runs it for real (root; a few minutes).
podman-run: $(STAMP)
	bash deploy/podman-run.sh

check: lint typecheck contracts proto-lint deploy-check

# The cross-language check (tests/test_node_client.py) needs the Node client's packages.
node-check:
	@if command -v npm >/dev/null 2>&1 && [ -f clients/node-check/package-lock.json ] \
	    && [ ! -d clients/node-check/node_modules ]; then \
	    (cd clients/node-check && npm ci --silent --no-audit --no-fund) || echo "npm ci failed: Node check will skip"; \
	fi

# The HTTP/JSON gateway (grpc-gateway, from Debian's Go packages: see gateway/build.sh).
gateway:
	gateway/build.sh .gateway

# docs/openapi/ from proto/ (needs Debian's golang-grpc-gateway for protoc-gen-swagger).
openapi: $(STAMP)
	$(BIN)/python tools/gen_openapi.py

bench: $(STAMP)
	$(BIN)/python bench/extract_bench.py

clean:
	rm -rf $(VENV) .demo .gateway .pytest_cache .mypy_cache .ruff_cache
