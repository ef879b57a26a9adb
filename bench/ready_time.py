#!/usr/bin/env python3
"""Start-up to ready, measured tightly: exec polytask with the given arguments, then poll
GET /_polytask/ready over a raw socket every millisecond until it answers 200, and print the
milliseconds from exec to that answer. (A curl per poll would add its own few ms of start-up.)
Usage: ready_time.py PORT BIN ARGS...   (the server is stopped with SIGTERM afterwards)."""
import os, signal, socket, subprocess, sys, time

def main():
    port, argv = int(sys.argv[1]), sys.argv[2:]
    t0 = time.monotonic()
    proc = subprocess.Popen(argv + ["--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    req = b"GET /_polytask/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    try:
        while True:
            if proc.poll() is not None:
                print("exited", proc.returncode); return 1
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(req)
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
            time.sleep(0.001)
        print(f"{(time.monotonic() - t0) * 1000:.1f}")
    finally:
        proc.send_signal(signal.SIGTERM); proc.wait(30)
    return 0

sys.exit(main())
