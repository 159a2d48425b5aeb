# make run   - install missing packages, build, serve on ./data/scimd.db
# make test  - install missing packages, build, run every test through ctest
# make bench - benchmarks (never part of make test)
# make test-asan - every test under AddressSanitizer + UBSan (build-asan)
# make fuzz  - each libFuzzer target for FUZZ_SECONDS (clang; build-fuzz)

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEPS := cmake ninja-build g++ python3 libboost1.81-dev libboost-json1.81-dev \
        libboost-url1.81-dev libsqlite3-dev libssl-dev libcli11-dev libgtest-dev \
        googletest sqlite3 libpq-dev postgresql nginx-light openssl chromium \
        libtomlplusplus-dev help2man
FUZZ_DEPS := clang libclang-rt-14-dev
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS := filter path patch normalize
SANITIZER_ENV := ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
                 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
LISTEN ?= 127.0.0.1:5501
ADMIN_LISTEN ?= 127.0.0.1:5500

.PHONY: deps node-deps build run test test-asan fuzz-deps fuzz clean format

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p data
	./$(BUILD_DIR)/scimd serve --db sqlite:./data/scimd.db --listen $(LISTEN) --admin-listen $(ADMIN_LISTEN)

# nodejs and npm for the browser test (tests/browser). Installed from Debian
# only when no npm is on PATH: a Node.js that bundles npm conflicts with
# Debian's npm package.
NODE_DEPS := nodejs npm

node-deps:
	@command -v npm >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(NODE_DEPS); }

# npm ci before configuring, so ctest registers the browser test.
test: deps node-deps
	cd tests/browser && npm ci --no-audit --no-fund
	$(MAKE) build
	cmake -S . -B $(BUILD_DIR) >/dev/null
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Debug info and -O1 (set by SCIMD_SANITIZE) for readable stacks at a usable
# speed; any sanitizer report aborts the process, so the test that ran it fails.
$(ASAN_DIR)/build.ninja:
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSCIMD_SANITIZE=ON

test-asan: deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS)

fuzz-deps:
	@missing=$$(for p in $(FUZZ_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(FUZZ_DIR)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSCIMD_FUZZ=ON

# Each target runs FUZZ_SECONDS from the checked-in corpus (src/fuzz/corpus);
# new inputs go to $(FUZZ_DIR)/corpus, crashers to $(FUZZ_DIR)/artifacts. Keep
# a crasher by copying it into src/fuzz/corpus/<target>/crash-<name>: ctest
# then replays it in every build.
fuzz: deps fuzz-deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS) $(addprefix --target fuzz_,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$f $(FUZZ_DIR)/artifacts; \
	  echo "fuzz_$$f: $(FUZZ_SECONDS) s"; \
	  $(SANITIZER_ENV) ./$(FUZZ_DIR)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$f- \
	    $(FUZZ_DIR)/corpus/$$f src/fuzz/corpus/$$f || exit 1; \
	done

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)

# Side-by-side load tests against the SCIMMY peer and nginx (bench/run.sh);
# SIZE users preloaded. Builds its own Release binary in build-bench.
.PHONY: bench
SIZE ?= 10000
bench: deps
	bench/run.sh $(SIZE)
