#!/usr/bin/env python3
"""A real devpi-server on 127.0.0.1, with a user and an index to upload to.

devpi behaves like PyPI where pypiserver does not: an identical re-upload is
accepted (200) and another file of the same name is refused (409), and its
simple pages live under `+simple/`. The relx publish tests upload to it.

    DEVPI_PASSWORD=secret devpi.py PORT_FILE SERVER_DIR

It initialises SERVER_DIR, starts devpi-server (from the venv tests/venv.sh
makes in .venv/devpi, or DEVPI_BIN) on a free port, creates the user
`alice` with the password from DEVPI_PASSWORD (never from argv) and the
non-volatile index `alice/dev`, then writes the port to PORT_FILE (through a
rename). Upload URL: http://127.0.0.1:PORT/alice/dev/, simple API:
http://127.0.0.1:PORT/alice/dev/+simple/. The server dies with this script,
even when the test kills it with SIGKILL (Linux's parent-death signal).
"""

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import base64

port_file, server_dir = sys.argv[1], sys.argv[2]
password = os.environ["DEVPI_PASSWORD"]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
bin_dir = os.environ.get("DEVPI_BIN", os.path.join(root, ".venv", "devpi", "bin"))


def die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

subprocess.run([os.path.join(bin_dir, "devpi-init"), "--serverdir", server_dir,
                "--root-passwd", "root-" + password], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
server = subprocess.Popen([os.path.join(bin_dir, "devpi-server"), "--serverdir", server_dir,
                           "--host", "127.0.0.1", "--port", str(port)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          preexec_fn=die_with_parent)
signal.signal(signal.SIGTERM, lambda *a: (server.terminate(), sys.exit(0)))
base = f"http://127.0.0.1:{port}"
deadline = time.time() + 60
while True:
    try:
        urllib.request.urlopen(base + "/+api", timeout=2).read()
        break
    except OSError:
        if time.time() > deadline or server.poll() is not None:
            sys.exit("devpi-server did not start")
        time.sleep(0.2)


def put(path, body, auth=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="PUT",
                                     headers={"Content-Type": "application/json",
                                              "Accept": "application/json"})
    if auth:
        pair = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", "Basic " + pair)
    urllib.request.urlopen(request).read()


put("/alice", {"password": password})
put("/alice/dev", {"bases": [], "volatile": False}, auth=("alice", password))
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.replace(port_file + ".tmp", port_file)
server.wait()
