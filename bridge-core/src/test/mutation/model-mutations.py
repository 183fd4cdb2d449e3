#!/usr/bin/env python3
"""Checks that the model-based test catches broken loops (mutation testing by hand).

Applies each mutation below to bridge-core's main sources, one at a time, runs GuestLoopModelTest's
default 1,000 programs, reports CAUGHT (with the shrunk failure) or MISSED, and restores the source.
Run from the repository root:  python3 bridge-core/src/test/mutation/model-mutations.py [part of a name]
About 30 s per mutation on 2 cores. The results are in docs/reliability.md. The last mutation only keeps
memory (no behaviour changes): the model cannot see it; LeakTest's remote-cancel timer tests catch it.
"""
import subprocess
import sys

BASE = "bridge-core/src/main/java/io/loopbridge/core/"
MUTATIONS = [
    ("no snapshot: work scheduled during a pass runs in it", "GuestLoop.java",
     "                HandleImpl h = popReady();\n                toRun--;", "                HandleImpl h = popReady();\n                toRun = readySize;"),
    ("equal deadlines in reverse scheduling order", "TimerHandleImpl.java",
     "(when == o.when && seq < o.seq)", "(when == o.when && seq > o.seq)"),
    ("nextTimeout() 1 ns late", "GuestLoop.java",
     "return d < 0 ? Long.MAX_VALUE : d; // more", "return d < 0 ? Long.MAX_VALUE : d + 1; // more"),
    ("cancelled callbacks run", "GuestLoop.java",
     "if (!h.claim()) continue; // cancelled", "h.claim(); // cancelled"),
    ("timers run 1 us early", "GuestLoop.java",
     "(t = timers.peek()) != null && t.when <= now; )", "(t = timers.peek()) != null && t.when <= now + 1000; )"),
    ("no wake-up for an earlier deadline", "GuestLoop.java",
     "if (first == null || t.before(first)) requestWakeUp();", "if (first == null) requestWakeUp();"),
    ("close() from another thread does not wake the host", "GuestLoop.java",
     "requestWakeUp(); // coalesced like any other", "// requestWakeUp(); // coalesced like any other"),
    ("cross-thread submissions LIFO", "GuestLoop.java",
     "        while (h != null) { // reverse: the stack is newest-first\n            HandleImpl n = h.inboxNext;\n            h.inboxNext = oldest;\n            oldest = h;\n            h = n;\n        }",
     "        oldest = h;"),
    ("budget ignored", "GuestLoop.java", "if (t - now >= budgetNanos) break;", "if (false) break;"),
    ("budget checked 128 callbacks apart", "GuestLoop.java",
     "Math.min(stride * 2, MAX_BUDGET_STRIDE)", "Math.min(stride * 2, 128)"),
    ("no cleanup at the end of the pass that closed", "GuestLoop.java",
     "        if (closed && depth == 0) cleanUpAfterClose();\n        else if (depth == 0) pruneLiveIfDue();",
     "        if (depth == 0) pruneLiveIfDue();"),
    ("wake-ups not coalesced", "GuestLoop.java",
     "if (!wakePending.get() && wakePending.compareAndSet(false, true)) {", "if (true) { wakePending.set(true);"),
    ("loop-thread callSoon does not wake the host", "GuestLoop.java",
     "            appendReady(h);\n            // Wake even inside runOnce", "            appendReady(h);\n            if (false) // Wake even inside runOnce"),
    ("fatal errors swallowed", "GuestLoop.java",
     "            if (isFatal(e)) throw e;\n            report(\"Exception in callback \"", "            report(\"Exception in callback \""),
    ("error report names the callback, not its handle", "GuestLoop.java",
     "report(\"Exception in callback \" + cb, e, h);", "report(\"Exception in callback \" + cb, e, cb);"),
    ("a nested pass takes no snapshot of its own", "GuestLoop.java",
     "        toRun = readySize;\n        ITERATIONS", "        if (depth == 0) toRun = readySize;\n        ITERATIONS"),
    ("timer heap: removal without sift-up", "TimerQueue.java", "            if (heap[i] == moved) siftUp(i, moved);", ""),
    ("nextTimeout() reads a cancelled timer at the top", "GuestLoop.java",
     "while ((t = timers.peek()) != null && t.isCancelled()) timers.poll();", "t = timers.peek();"),
    ("close() does not seal the inbox", "GuestLoop.java",
     "HandleImpl sealed = inbox.getAndSet(CLOSED_INBOX);", "HandleImpl sealed = inbox.getAndSet(null);"),
    ("runOnce() on a closed loop does not clean up", "GuestLoop.java",
     "            cleanUpAfterClose();\n            return 0;", "            return 0;"),
    ("purge keeps cancelled timers (memory only: the leak test's job)", "TimerQueue.java",
     "            if (t.isCancelled()) {", "            if (false) {"),
]

only = sys.argv[1] if len(sys.argv) > 1 else None  # a part of a mutation's name: run just the matching ones
caught = 0
tried = 0
for name, f, old, new in MUTATIONS:
    if only and only not in name:
        continue
    tried += 1
    path = BASE + f
    original = open(path).read()
    if old not in original:
        print("STALE   " + name + " (the code it mutates has changed)", flush=True)
        continue
    try:
        open(path, "w").write(original.replace(old, new, 1))
        r = subprocess.run(["mvn", "-q", "-o", "-pl", "bridge-core", "test", "-Dtest=GuestLoopModelTest#aThousand*",
                            "-Dsurefire.failIfNoSpecifiedTests=false"], capture_output=True, text=True)
    finally:
        open(path, "w").write(original)
    out = r.stdout + r.stderr
    why = next((l[len("which fails with: "):][:140] for l in out.splitlines() if l.startswith("which fails with:")), "")
    size = next((l.split(", ")[-1].rstrip(":") for l in out.splitlines() if "program seed=" in l and "ops:" in l), "")
    if "disagreed with the model" in out:
        caught += 1
        print("CAUGHT  %s | shrunk to %s | %s" % (name, size, why), flush=True)
    else:
        print(("MISSED  " if r.returncode == 0 else "ERROR   ") + name, flush=True)
print("%d of %d mutations caught" % (caught, tried))
sys.exit(0)
