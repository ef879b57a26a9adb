#!/usr/bin/env python3
"""bench/fire.py: send exactly N requests, one after another on one keep-alive connection,
and check every status (for bench/profile.sh: a fixed count makes instructions per request
exact). Exits 1 if any answer is not the expected status.

  fire.py HOST PORT PATH N [--token bench-token] [--status 200]
"""
import argparse, socket, sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host"); p.add_argument("port", type=int); p.add_argument("path"); p.add_argument("n", type=int)
    p.add_argument("--token", default="bench-token"); p.add_argument("--status", type=int, default=200)
    a = p.parse_args()
    req = ("GET %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n\r\n" % (a.path, a.token)).encode()
    bad = 0
    with socket.create_connection((a.host, a.port), timeout=120) as s:
        f = s.makefile("rb")
        for _ in range(a.n):
            s.sendall(req)
            status = int(f.readline().split()[1])
            length = 0
            while True:
                h = f.readline()
                if h in (b"\r\n", b""):
                    break
                k, _, v = h.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v)
            f.read(length)
            bad += status != a.status
    if bad:
        print("fire.py: %d of %d answers were not %d" % (bad, a.n, a.status), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
