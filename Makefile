# Thin wrapper over CMake. `make` builds build/newsdesk (release); `make test` builds with
# ASan+UBSan in build-asan/ and runs CTest; `make run` groups the sample corpus into stories.
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SETUP_STAMP := build/.setup-done

.PHONY: all setup run test install bench fuzz clean train-stories

all: setup
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j $(JOBS)

setup:
	@sh scripts/setup.sh

run: all
	./build/newsdesk stories examples/corpus

test: setup
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DND_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

install: all
	cmake --install build --prefix $(PREFIX)

# Rebuilds data/story_weights.txt (the learned join decision) from ../shared/data.
train-stories: all
	python3 tools/train_stories.py

bench: all
	sh bench/run.sh

clean:
	rm -rf build build-asan build-fuzz
