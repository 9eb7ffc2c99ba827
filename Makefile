# Thin wrapper over CMake. `make` builds build/newsdesk (release); `make test` builds with
# ASan+UBSan in build-asan/ and runs CTest, then the two-engine test under Helgrind; `make run`
# ingests the sample corpus into a fresh store and prints the front page.
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SETUP_STAMP := build/.setup-done

.PHONY: all setup run test helgrind install bench fuzz clean train-ner train-stories

all: setup
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j $(JOBS)

setup:
	@sh scripts/setup.sh

run: all
	@rm -f build/run.db build/run.db-wal build/run.db-shm
	./build/newsdesk ingest --db build/run.db examples/corpus
	./build/newsdesk front --db build/run.db

test: setup
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DND_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory helgrind

# The two-engine test under Helgrind, which cannot run beside the sanitizers: a build without
# them (build-helgrind/, only what test_engine needs), then CTest's engine_helgrind.
helgrind: setup
	@cmake -S . -B build-helgrind -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build build-helgrind -j $(JOBS) --target test_engine
	cd build-helgrind && ctest --output-on-failure -R '^engine_helgrind$$' --no-tests=error

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
