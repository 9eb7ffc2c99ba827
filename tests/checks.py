"""checks.py: the counting `check` of the Python tests, and their last line "N passed, N failed"."""

passes = failures = 0


def check(cond, message):
    """Counts one assertion; prints FAIL and the message when it does not hold."""
    global passes, failures
    if cond:
        passes += 1
    else:
        failures += 1
        print("FAIL:", message, flush=True)
    return cond


def report():
    """Prints the summary line; returns the exit status (1 when anything failed)."""
    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0
