#!/usr/bin/env python3
"""scripts/compact-diff.py DIR [--zone Normal] [--order 10] [--all]  (docs/compaction.md)

Page-by-page comparison of one `scripts/compact-traced.sh` run, offline:
DIR/snap.txt (the snapshot predicted from), DIR/pred.txt (the model's state
after its run), DIR/after.txt (the snapshot taken right after the real run),
DIR/trace.txt (the kernel's compaction/migrate tracepoints) and
DIR/mtrace.txt (the model's).

For every order-ORDER aligned region (default 10: the 4 MiB blocks the
agreement figure turns on) that is one free block in one of after/pred and
not in the other, it prints the page classes of that region in the snapshot,
in the model's state and in the real after-state, and the migration
scanner's events for it in both traces (pages scanned / isolated, and the
migrate batches that followed). A summary counts the regions and the
migrate batches' failures of both runs.
"""
import re
import sys
from collections import Counter


def parse_snapshot(path, zone_name):
    """Returns (start, classes bytearray, free dict pfn->order, folios dict)."""
    start = None
    spanned = 0
    cls = None
    pos = 0
    free = {}
    folios = {}
    inzone = False
    with open(path) as f:
        for line in f:
            if line.startswith("zone "):
                parts = line.split()
                inzone = parts[2] == zone_name
                if inzone:
                    start = int(parts[3])
                    spanned = int(parts[4])
                    cls = bytearray(b"?" * spanned)
                    pos = 0
                continue
            if not inzone:
                continue
            if line.startswith("endzone"):
                inzone = False
            elif line.startswith("runs "):
                for tok in line.split()[1:]:
                    c = tok[0]
                    n = int(tok[1:])
                    cls[pos:pos + n] = c.encode() * n
                    pos += n
            elif line.startswith("free "):
                for tok in line.split()[1:]:
                    p, o = tok.split(":")
                    free[int(p, 16)] = int(o)
            elif line.startswith("folios "):
                for tok in line.split()[1:]:
                    p, o = tok.split(":")
                    folios[int(p, 16)] = o
    if start is None:
        sys.exit("compact-diff: %s: no zone %s" % (path, zone_name))
    return start, cls, free, folios


EV = re.compile(r"(mm_compaction_isolate_migratepages|mm_compaction_isolate_freepages|"
                r"mm_compaction_migratepages|mm_migrate_pages|mm_compaction_begin|"
                r"mm_compaction_end):\s*(.*)$")
RANGE = re.compile(r"range=\((0x[0-9a-f]+) ~ (0x[0-9a-f]+)\) nr_scanned=(\d+) nr_taken=(\d+)")


def parse_trace(path, zone_start):
    """Migration-scanner blocks of the zone's run: list of
    (start, end, scanned, taken, migrated, failed) where migrated/failed are
    the next migrate batch's figures (None when no batch followed)."""
    blocks = []
    inrun = False
    pending = []
    with open(path) as f:
        for line in f:
            m = EV.search(line)
            if not m:
                continue
            ev, args = m.groups()
            if ev == "mm_compaction_begin":
                inrun = ("zone_start=0x%x " % zone_start) in args
                continue
            if not inrun:
                continue
            if ev == "mm_compaction_end":
                inrun = False
            elif ev == "mm_compaction_isolate_migratepages":
                r = RANGE.search(args)
                b = [int(r.group(1), 16), int(r.group(2), 16), int(r.group(3)),
                     int(r.group(4)), None, None]
                blocks.append(b)
                if b[3]:
                    pending.append(b)
            elif ev == "mm_compaction_migratepages":
                mg = int(re.search(r"nr_migrated=(\d+)", args).group(1))
                fl = int(re.search(r"nr_failed=(\d+)", args).group(1))
                for b in pending:
                    b[4], b[5] = mg, fl
                pending = []
    return blocks


def counts(cls, a, b):
    c = Counter(cls[a:b].decode())
    return " ".join("%s%d" % (k, c[k]) for k in sorted(c))


def is_free_block(free, pfn, order):
    return free.get(pfn, -1) >= order


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    d = args[0]
    zone = "Normal"
    order = 10
    show_all = False
    i = 1
    while i < len(args):
        if args[i] == "--zone":
            zone = args[i + 1]
            i += 2
        elif args[i] == "--order":
            order = int(args[i + 1])
            i += 2
        elif args[i] == "--all":
            show_all = True
            i += 1
        else:
            sys.exit("compact-diff: unknown argument %s" % args[i])
    start, snap, sfree, sfol = parse_snapshot(d + "/snap.txt", zone)
    _, pred, pfree, _ = parse_snapshot(d + "/pred.txt", zone)
    _, after, afree, _ = parse_snapshot(d + "/after.txt", zone)
    ktr = parse_trace(d + "/trace.txt", start)
    mtr = parse_trace(d + "/mtrace.txt", start)
    size = 1 << order
    first = (start + size - 1) // size * size
    end = start + len(snap)
    only_real, only_model = [], []
    for p in range(first, end - size + 1, size):
        a = is_free_block(afree, p, order)
        m = is_free_block(pfree, p, order)
        if a and not m:
            only_real.append(p)
        elif m and not a:
            only_model.append(p)

    def events(tr, a, b):
        out = []
        for s, e, sc, tk, mg, fl in tr:
            if e > a and s < b and (tk or show_all):
                out.append("%x-%x sc%d tk%d%s" % (s, e, sc, tk,
                           "" if mg is None else " ->mig%d/fail%d" % (mg, fl)))
        return out

    def report(title, lst):
        print("%s: %d" % (title, len(lst)))
        for p in lst:
            b = p + size
            print("  0x%x" % p)
            print("    snap : %s" % counts(snap, p - start, b - start))
            print("    model: %s" % counts(pred, p - start, b - start))
            print("    real : %s" % counts(after, p - start, b - start))
            fol = [(q, sfol[q]) for q in sfol if p <= q < b]
            if fol:
                print("    folios in snap: %s" % " ".join("%x:%s" % f for f in sorted(fol)))
            ke, me = events(ktr, p, b), events(mtr, p, b)
            print("    kernel: %s" % ("; ".join(ke) or "-"))
            print("    model : %s" % ("; ".join(me) or "-"))

    report("order-%d blocks free in the real after-state, not in the model's" % order, only_real)
    report("order-%d blocks free in the model's state, not in the real one" % order, only_model)
    for name, tr in (("kernel", ktr), ("model", mtr)):
        taken = sum(b[3] for b in tr)
        fails = [b for b in tr if b[5]]
        print("%s: %d migration-scanner blocks, %d pages isolated, %d batches with failures"
              % (name, len(tr), taken, len(fails)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
