#!/usr/bin/env python3
"""A real upload index: pypiserver, served by waitress, on 127.0.0.1.

Where tests/servers/index.py records what an upload looked like, this one is
the other end as users meet it: `relx publish` tests and bench/publish.py
upload to it with the legacy upload API (multipart POST to /) and then read
the result back with pip or uv through /simple/, and they see pypiserver's own
answers (a duplicate file, a wrong password).

    PYPISERVER_PASSWORD=secret pypi.py PORT_FILE PACKAGES_DIR

Uploads need Basic auth as user `__token__` with the password taken from the
environment variable PYPISERVER_PASSWORD (never from the command line, where
`ps` would show it); the script writes the htpasswd file itself, next to
PORT_FILE as PORT_FILE.htpasswd (so it goes away with the test's temporary
directory even when the test kills the server with SIGKILL). Listing and downloading (/simple/,
/packages/) need no auth. Uploaded files land in PACKAGES_DIR, so a test can
look at them, or delete one to upload it again. A project the index does not
have is a 404, never a redirect to pypi.org.

The socket is bound to port 0 before the server starts, so there is no race
for the port; the chosen port is written to PORT_FILE (through
PORT_FILE.tmp and a rename, so a reader never sees half a number) once the
server accepts connections. The Rust tests start it with `.venv/bin/python`
(installed by tests/venv.sh), wait for PORT_FILE and kill it when done.
"""

import os
import signal
import sys
from pathlib import Path

import pypiserver
import waitress
from passlib.apache import HtpasswdFile

USER = "__token__"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: pypi.py PORT_FILE PACKAGES_DIR  (password in $PYPISERVER_PASSWORD)")
    port_file, packages = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
    password = os.environ.get("PYPISERVER_PASSWORD")
    if not password:
        sys.exit("pypi.py: set PYPISERVER_PASSWORD to the upload password for __token__")
    packages.mkdir(parents=True, exist_ok=True)

    password_file = port_file.with_name(port_file.name + ".htpasswd")
    htpasswd = HtpasswdFile(str(password_file), new=True)
    htpasswd.set_password(USER, password)
    htpasswd.save()
    app = pypiserver.app(
        roots=[str(packages)],
        authenticate=["update"],
        password_file=str(password_file),
        disable_fallback=True,
        verbosity=0,
    )
    # recv_bytes: waitress reads 8 KiB per recv() by default, which makes the
    # server, not the client, the bottleneck of a 300 MiB upload.
    server = waitress.create_server(
        app,
        host="127.0.0.1",
        port=0,
        threads=4,
        recv_bytes=256 * 1024,
        max_request_body_size=4 * 1024**3,
        channel_timeout=300,
        ident="pypiserver",
    )
    tmp = port_file.with_name(port_file.name + ".tmp")
    tmp.write_text(f"{server.effective_port}\n")
    tmp.rename(port_file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
