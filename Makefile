# make run   - install missing packages, build, serve on ./data/scimd.db
# make test  - install missing packages, build, run every test through ctest
# make bench - benchmarks (never part of make test)

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEPS := cmake ninja-build g++ python3 libboost1.81-dev libboost-json1.81-dev \
        libboost-url1.81-dev libsqlite3-dev libssl-dev libcli11-dev libgtest-dev \
        googletest sqlite3 libpq-dev postgresql nginx-light openssl
LISTEN ?= 127.0.0.1:5501
ADMIN_LISTEN ?= 127.0.0.1:5500

.PHONY: deps build run test clean format

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

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)

# Side-by-side load tests against the SCIMMY peer and nginx (bench/run.sh);
# SIZE users preloaded. Builds its own Release binary in build-bench.
.PHONY: bench
SIZE ?= 10000
bench: deps
	bench/run.sh $(SIZE)
