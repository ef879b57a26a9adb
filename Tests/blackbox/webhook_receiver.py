"""A local webhook receiver for the black-box suites: an HTTP server on a thread that records
every request (path, headers, body, the status it answered) and answers from a script of
statuses, then `default_status`. A dialect's receiver (chamelio_support's, which checks
signatures) adds to what `record` keeps."""
import http.server
import json
import threading
import time


class Receiver:
    def __init__(self, statuses=None):
        self.requests = []
        self.statuses = list(statuses or [])
        # The answer once the script has run out (a test may change it while serving).
        self.default_status = 200
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with outer.lock:
                    status = outer.statuses.pop(0) if outer.statuses else outer.default_status
                    outer.requests.append(outer.record(self.path, self.headers, body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def record(self, path, headers, body, status):
        """What is kept of one request (called under the lock)."""
        return {"path": path, "headers": {k.lower(): v for k, v in headers.items()}, "body": body, "status": status}

    def wait_for(self, n, timeout=10):
        """The requests so far, once there are `n` (or when `timeout` runs out: the caller checks)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.requests) >= n:
                    return list(self.requests)
            time.sleep(0.02)
        with self.lock:
            return list(self.requests)

    def json_bodies(self):
        with self.lock:
            return [json.loads(r["body"]) for r in self.requests]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
