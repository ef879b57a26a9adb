#!/usr/bin/env python3
"""bench/pipeline.py: an HTTP/1.1 pipelining client for the soak. One connection sends DEPTH
requests in one write (health, then gets of seeded tasks PREFIX-<i>), reads the DEPTH answers
in order, and repeats until SECONDS have passed; on a closed connection it reconnects.
Prints "PIPELINE requests=N non2xx=N reconnects=N".

  pipeline.py HOST PORT SECONDS [--depth 16] [--tasks 10000] [--prefix t] [--org quant] [--token bench-token]
"""
import argparse, random, socket, time


def read_response(f):
    line = f.readline()
    if not line:
        raise ConnectionError("closed")
    status = int(line.split()[1])
    length = 0
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    if length:
        f.read(length)
    return status


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host"); p.add_argument("port", type=int); p.add_argument("seconds", type=float)
    p.add_argument("--depth", type=int, default=16); p.add_argument("--tasks", type=int, default=10000)
    p.add_argument("--prefix", default="t"); p.add_argument("--org", default="quant")
    p.add_argument("--token", default="bench-token")
    a = p.parse_args()
    rnd = random.Random(7)
    end = time.monotonic() + a.seconds
    requests = non2xx = reconnects = 0
    while time.monotonic() < end:
        try:
            with socket.create_connection((a.host, a.port), timeout=10) as s:
                f = s.makefile("rb")
                while time.monotonic() < end:
                    batch = [b"GET /_polytask/health HTTP/1.1\r\nHost: bench\r\n\r\n"]
                    for _ in range(a.depth - 1):
                        path = "/api/v3/organizations/%s/ai/tasks/%s-%07d" % (a.org, a.prefix, rnd.randrange(a.tasks))
                        batch.append(("GET %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n\r\n" % (path, a.token)).encode())
                    s.sendall(b"".join(batch))
                    for _ in batch:
                        st = read_response(f)
                        requests += 1
                        if not 200 <= st <= 299:
                            non2xx += 1
        except (ConnectionError, OSError):
            reconnects += 1
            time.sleep(0.1)
    print("PIPELINE requests=%d non2xx=%d reconnects=%d" % (requests, non2xx, reconnects))


if __name__ == "__main__":
    main()
