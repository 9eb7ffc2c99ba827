# Thin wrapper over CMake. `make` builds build/newsdesk (release) and everything else; `make run`
# builds only the command, ingests the sample corpus into a fresh store and prints the front page;
# `make test` builds with ASan+UBSan in build-asan/ (gcc) and runs CTest, then the two-engine test
# under Helgrind (build-helgrind/) and the C tests and fuzz replays under clang's sanitizers
# (build-clang/). `make` and `make run` install what building and running need
# (scripts/setup.sh); `make test` also what the tests need (scripts/setup.sh --test).
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# The package step; SETUP=true skips it (the fresh-clone test does, tests/test_quickstart.py).
SETUP ?= sh scripts/setup.sh
CONFIGURE = cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null

.PHONY: all setup setup-test run test helgrind clang-test install bench fuzz clean train-ner train-stories

all: setup
	@$(CONFIGURE)
	@cmake --build build -j $(JOBS)

setup:
	@$(SETUP)

setup-test:
	@$(SETUP) --test

run: setup
	@$(CONFIGURE)
	@cmake --build build -j $(JOBS) --target newsdesk_cli
	@rm -f build/run.db build/run.db-wal build/run.db-shm
	./build/newsdesk ingest --db build/run.db examples/corpus
	./build/newsdesk front --db build/run.db

test: setup-test
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DND_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory helgrind SETUP=true
	@$(MAKE) --no-print-directory clang-test SETUP=true

# The two-engine test under Helgrind, which cannot run beside the sanitizers: a build without
# them (build-helgrind/, only what test_engine needs), then CTest's engine_helgrind.
helgrind: setup-test
	@cmake -S . -B build-helgrind -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build build-helgrind -j $(JOBS) --target test_engine
	cd build-helgrind && ctest --output-on-failure -R '^engine_helgrind$$' --no-tests=error

# The sanitizers again under clang, whose UBSan checks more than gcc's (a zero offset applied to
# a null pointer, say): every C test program (CTest label "unit") and every fuzz corpus replay.
# The tests over the CLI ran under gcc's build already.
clang-test: setup-test
	@CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Debug -DND_SANITIZE=ON >/dev/null
	@cmake --build build-clang -j $(JOBS)
	cd build-clang && ctest --output-on-failure -j $(JOBS) -L unit --no-tests=error
	cd build-clang && ctest --output-on-failure -j $(JOBS) -R '^fuzz_replay_' --no-tests=error

install: all
	cmake --install build --prefix $(PREFIX)

# Rebuilds data/ner.weights (the name tagger) from ../shared/data/nlp, then the library with them.
train-ner: setup
	JOBS=$(JOBS) sh scripts/train_ner.sh
	@cmake --build build -j $(JOBS)

# Rebuilds data/story_weights.txt (the learned join decision) from ../shared/data.
train-stories: all
	python3 tools/train_stories.py

bench: all
	sh bench/run.sh

clean:
	rm -rf build build-asan build-helgrind build-clang build-fuzz
