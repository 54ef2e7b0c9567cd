#!/usr/bin/env python3
"""Groups a page-fault profile the way the growth profile of issue 23 would: by the class of the nearest Java frame
(the JNI class, all its native methods together, since the first touch is often not the allocation), with the
native library that implements the method, the methods, and the first Java caller outside the JDK and outside the
JNI class's package. Stacks without a Java frame are grouped by thread name (digits as N).

Input: async-profiler collapsed output with 'lib' (library`symbol native frames), optionally recorded with 'threads'
(a "[name tid=N]" root frame). Usage: bench/pagefault-groups.py FILE.collapsed [TOP]
"""
import re
import sys
from collections import Counter, defaultdict

JDK = ("java/", "javax/", "jdk/", "sun/", "com/sun/proxy/")


def is_java(frame):
    return "`" not in frame and "/" in frame and not frame.startswith(("/", "[")) and "::" not in frame


def package(cls, depth=3):
    return "/".join(cls.split("/")[:depth])


def classify(frames):
    thread = None
    if frames and frames[0].startswith("[") and frames[0].endswith("]"):
        thread = re.sub(r"\d+", "N", re.sub(r" tid=\d+\]$", "]", frames[0]))
        frames = frames[1:]
    java = [i for i, f in enumerate(frames) if is_java(f)]
    if not java:
        return ("no Java frame", thread or "?", "", "")
    j = java[-1]
    leaf_java = re.sub(r"_\[.\]$", "", frames[j])
    cls, _, method = leaf_java.rpartition(".")
    if j == len(frames) - 1:
        # the fault is in Java code itself: a thread stack being banged or a fresh TLAB of the Java heap
        return ("in Java code", thread or "?", cls.rsplit("/", 1)[-1] + "." + method, "")
    native = frames[j + 1]
    lib = native.split("`", 1)[0] if "`" in native else native
    lib = re.sub(r"\d{6,}", "<digits>", lib)
    own = package(cls)
    caller = ""
    for f in reversed(frames[:j]):
        if is_java(f):
            c = re.sub(r"_\[.\]$", "", f)
            if not c.startswith(JDK) and not c.startswith(own):
                caller = c
                break
    return (cls, lib, method, caller)


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    groups = Counter()
    methods = defaultdict(Counter)
    callers = defaultdict(Counter)
    total = 0
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            n = int(n)
            total += n
            cls, lib, method, caller = classify(stack.split(";"))
            key = (cls, lib)
            groups[key] += n
            methods[key][method] += n
            callers[key][caller or "-"] += n
    print(f"{path}: {total} samples")
    for (cls, lib), n in groups.most_common(top):
        ms = ", ".join(f"{m} {100 * c / n:.0f}%" for m, c in methods[(cls, lib)].most_common(3))
        cs = ", ".join(f"{c} {100 * k / n:.0f}%" for c, k in callers[(cls, lib)].most_common(2))
        print(f"  {100 * n / total:5.1f}%  {cls}  [{lib}]  methods: {ms}  callers: {cs}")


if __name__ == "__main__":
    main()
