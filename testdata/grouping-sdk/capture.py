#!/usr/bin/env python3
"""A loopback HTTP server that records every request the SDKs deliver.

    python3 capture.py LOG PORT_FILE

Listens on 127.0.0.1 (a free port, written to PORT_FILE once listening) and
appends one JSON line per request to LOG: sequence number, method, path,
query, headers in wire order, the Content-Encoding, and the body exactly as
received (base64; chunked transfer encoding undone, nothing else). It
answers 200 with a small JSON body that satisfies both Bugsnag (any 2xx) and
Backtrace (`{"response": "ok", ...}`). Runs until killed.
"""

import base64
import http.server
import json
import os
import sys
import threading

LOG, PORT_FILE = sys.argv[1], sys.argv[2]
lock = threading.Lock()
seq = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the log file is the record
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    # trailers until the empty line
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()  # CRLF after each chunk
        return self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))

    def handle_any(self):
        global seq
        body = self.read_body()
        path, _, query = self.path.partition("?")
        with lock:
            seq += 1
            record = {
                "seq": seq,
                "method": self.command,
                "path": path,
                "query": query,
                "headers": list(self.headers.items()),
                "content_encoding": self.headers.get("Content-Encoding"),
                "body": base64.b64encode(body).decode("ascii"),
            }
            with open(LOG, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")
        answer = json.dumps({"response": "ok", "_rxid": "%032x" % seq}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_POST = do_PUT = do_GET = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
# Renamed into place, so the port file never appears half written.
os.replace(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
