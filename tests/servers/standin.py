"""What the recording stand-in servers (index.py, github.py, gitlab.py)
share: a JSON-lines request log, and serving on a free port of 127.0.0.1
whose number is written to PORT_FILE (through a rename, so a reader never
sees half a number)."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, and quiet: the log file is the record."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass


def logger(path):
    """A function appending one JSON line per entry to `path`."""

    def log(entry):
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")

    return log


def serve(handler, port_file):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()
