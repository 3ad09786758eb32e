#!/usr/bin/env python3
"""A recording stand-in for an upload index and PyPI's trusted publishing.

Used where a real server cannot tell us what was sent: it parses each
multipart upload and records its form fields (in order, repeated names kept),
the uploaded file's name, size and sha256, and the Basic-auth user and
password as one JSON line per request. It also plays the three parties of
trusted publishing on GitHub Actions: PyPI's audience endpoint, GitHub's OIDC
token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) and PyPI's mint-token exchange,
checking each request exactly.

    index.py PORT_FILE LOG_FILE [--request-token T] [--oidc O] [--minted M]
             [--status N] [--status-text TEXT]  (TEXT starting with `<` is sent as HTML)

The server picks a free port on 127.0.0.1 and writes it to PORT_FILE.
"""

import argparse
import base64
import email.parser
import email.policy
import hashlib
import json
import urllib.parse

import standin

parser = argparse.ArgumentParser()
parser.add_argument("port_file")
parser.add_argument("log_file")
parser.add_argument("--request-token", default="actions-request-token")
parser.add_argument("--oidc", default="oidc-jwt-from-github")
parser.add_argument("--minted", default="pypi-minted-short-lived-token")
parser.add_argument("--status", type=int, default=200)
parser.add_argument("--status-text", default="OK")
args = parser.parse_args()


log = standin.logger(args.log_file)


class Handler(standin.Handler):
    def reply(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_/oidc/audience":
            log({"request": "audience"})
            return self.reply(200, {"audience": "pypi-test"})
        if url.path == "/oidc-token":
            query = urllib.parse.parse_qs(url.query)
            entry = {"request": "oidc-token", "audience": query.get("audience", [None])[0],
                     "authorization": self.headers.get("Authorization")}
            log(entry)
            if self.headers.get("Authorization", "").lower() != f"bearer {args.request_token}".lower():
                return self.reply(401, {"message": "bad request token"})
            return self.reply(200, {"count": 1, "value": args.oidc})
        self.reply(404, "not found", "text/plain")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if url.path == "/_/oidc/mint-token":
            body = json.loads(raw or b"{}")
            log({"request": "mint-token", "json": body})
            if body.get("token") != args.oidc:
                return self.reply(422, {"message": "invalid token"})
            return self.reply(200, {"success": True, "token": args.minted, "expires": 900})
        user = password = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers.get("Content-Type", "").encode() + b"\r\n\r\n" + raw
        )
        fields, file_info = [], None
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                file_info = {"filename": part.get_filename(), "size": len(payload),
                             "sha256": hashlib.sha256(payload).hexdigest(),
                             "content_type": part.get_content_type()}
            else:
                fields.append([name, payload.decode("utf-8")])
        log({"request": "upload", "path": url.path, "user": user, "password": password,
             "user_agent": self.headers.get("User-Agent"), "chunked": "Transfer-Encoding" in self.headers,
             "fields": fields, "file": file_info})
        kind = "text/html" if args.status_text.lstrip().startswith("<") else "text/plain"
        self.reply(args.status, args.status_text, kind)


standin.serve(Handler, args.port_file)
