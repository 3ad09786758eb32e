#!/usr/bin/env python3
"""A real devpi-server on 127.0.0.1, with a user and an index to upload to.

devpi behaves like PyPI where pypiserver does not: an identical re-upload is
accepted (200) and another file of the same name is refused (409), and its
simple pages live under `+simple/`. The relx publish tests upload to it.

    DEVPI_PASSWORD=secret devpi.py PORT_FILE SERVER_DIR

It initialises SERVER_DIR, starts devpi-server (from the venv tests/venv.sh
makes in .venv/devpi, the one in RELX_TEST_VENV, or DEVPI_BIN) on a free port, creates the user
`alice` with the password from DEVPI_PASSWORD (never from argv) and the
non-volatile index `alice/dev`, then writes the port to PORT_FILE (through a
rename). Upload URL: http://127.0.0.1:PORT/alice/dev/, simple API:
http://127.0.0.1:PORT/alice/dev/+simple/. The server dies with this script,
even when the test kills it outright: a watcher process holds a pipe from
this script and stops the server when the pipe closes (on every platform,
unlike Linux's parent-death signal).
"""

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
venv = os.environ.get("RELX_TEST_VENV") or os.path.join(root, ".venv")
# A venv keeps its programs in bin/, or Scripts/ on Windows.
scripts = "Scripts" if os.name == "nt" else "bin"
bin_dir = os.environ.get("DEVPI_BIN", os.path.join(venv, "devpi", scripts))
# Stops the server (its pid on the first line) when stdin closes, i.e. when
# this script ends, however it ends.
WATCHER = "import os, signal, sys; pid = int(sys.stdin.readline()); sys.stdin.read(); os.kill(pid, signal.SIGTERM)"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

subprocess.run([os.path.join(bin_dir, "devpi-init"), "--serverdir", server_dir,
                "--root-passwd", "root-" + password], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
server = subprocess.Popen([os.path.join(bin_dir, "devpi-server"), "--serverdir", server_dir,
                           "--host", "127.0.0.1", "--port", str(port)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
watcher = subprocess.Popen([sys.executable, "-c", WATCHER], stdin=subprocess.PIPE)
watcher.stdin.write(f"{server.pid}\n".encode())
watcher.stdin.flush()
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
