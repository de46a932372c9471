#!/usr/bin/env python3
"""eval/spikes.py BUILD_DIR [N] - how often tix-trend finds a spike in
simulated groups of tickets, from a database made by tix-ingest.

Each group is eight weeks (56 days) of tickets created at 10:00 UTC, a
weekday factor of 1.3 Monday to Friday and 0.6 at weekends times 4.5 a
day.  Scenarios: pure noise (Poisson; negative binomial of size 2, of
size 0.7), a burst of two days at 12, 15 or 20 tickets (days 40 and 41),
and one day at 12 or 15 (day 40).  Printed: the share of groups with at
least one spike at q <= 0.05 (tix-trend --detect spike), out of N groups
per scenario (default 100; 1000 for the noise).  Seeded: the same build
prints the same figures.  Needs only Python 3.
"""
import datetime, math, os, random, subprocess, sys, tempfile

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
ingest = os.path.join(build, 'bin', 'tix-ingest')
trend = os.path.join(build, 'bin', 'tix-trend')


def pois(lam, rnd):
    lim, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rnd.random()
        if p < lim:
            return k
        k += 1


def series(kind, rnd):
    xs = []
    for d in range(56):
        mu = 4.5 * (1.3 if d % 7 < 5 else 0.6)
        if kind == 'poisson':
            x = pois(mu, rnd)
        elif kind.startswith('nb'):
            size = float(kind[2:])
            x = pois(rnd.gammavariate(size, mu / size), rnd)
        else:
            x = pois(mu, rnd)
            days, level = kind.split('@')
            if d in ((40, 41) if days == 'two' else (40,)):
                x = int(level)
        xs.append(x)
    return xs


def found(xs, tmp):
    d0 = datetime.date(2026, 1, 5)
    rows, i = ['Id,Subject,Status,Category [list],Created at'], 0
    for d, x in enumerate(xs):
        for _ in range(x):
            i += 1
            rows.append('%d,s,open,A,%s 10:00:00 +0000' % (i, d0 + datetime.timedelta(d)))
    csv, db = os.path.join(tmp, 'g.csv'), os.path.join(tmp, 'g.db')
    with open(csv, 'w') as f:
        f.write('\n'.join(rows) + '\n')
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([ingest, '-q', '--db', db, csv], check=True, capture_output=True)
    out = subprocess.run([trend, '--db', db, '--detect', 'spike', '--since', '2026-01-05',
                          '--until', '2026-03-02', '--format', 'tsv'],
                         check=True, capture_output=True, text=True).stdout
    return any(line.strip() for line in out.splitlines()[1:])


with tempfile.TemporaryDirectory() as tmp:
    for kind, n in (('poisson', 10 * N), ('nb2', 10 * N), ('nb0.7', 3 * N),
                    ('two@12', N), ('two@15', N), ('two@20', N), ('one@12', N),
                    ('one@15', N)):
        rnd = random.Random(kind)
        hits = sum(found(series(kind, rnd), tmp) for _ in range(n))
        print('%-8s %5d groups, a spike found in %5d (%.1f%%)' % (kind, n, hits, 100.0 * hits / n),
              flush=True)
