#!/usr/bin/env python3
"""An example receiver for the webhook plugin: the recipe to verify its signature, runnable.

    python3 receiver.py --secret SECRET --out events.jsonl [--port 8099] [--fail-first N]

Prints the port it listens on, then appends each verified event to --out. A request is
accepted only when Wangge-Timestamp is within five minutes of now and Wangge-Signature is
"v1=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), compared in constant time; anything
else is answered 401 and not recorded. It answers 200 with the seq of each event it kept, one
per line (the webhook then marks exactly those delivered). --fail-first answers the first N
verified requests 503, to see the webhook retry.
"""
import argparse
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verified(secret, timestamp, signature, body, now=None, tolerance=300):
    """The recipe: recompute the signature over "<timestamp>.<body>" and compare."""
    if not timestamp or not signature or not signature.startswith("v1="):
        return False
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs((now or time.time()) - sent) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature[3:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-first", type=int, default=0)
    options = parser.parse_args()
    state = {"failures_left": options.fail_first}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if not verified(options.secret, self.headers.get("Wangge-Timestamp"), self.headers.get("Wangge-Signature"), body):
                self.send_response(401)
                self.end_headers()
                return
            if state["failures_left"] > 0:
                state["failures_left"] -= 1
                self.send_response(503)
                self.end_headers()
                self.wfile.write(b"busy")
                return
            kept = []
            with open(options.out, "a", encoding="utf-8") as out:
                for line in body.decode("utf-8").splitlines():
                    if line.strip():
                        out.write(line + "\n")
                        kept.append(str(json.loads(line)["seq"]))
            answer = ("\n".join(kept) + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *arguments):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
