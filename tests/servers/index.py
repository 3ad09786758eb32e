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

Echo mode, for redaction tests: an upload to `/echo/FORM/` is refused (403)
with a body that echoes the password it received in one FORM (see ECHOES:
percent- and form-encoded, JSON-escaped, HTML references, base64, split
by tags or lines, or placed where a 300-character cut falls inside it); the
log entry's `echoed` holds the encoded password alone. An upload to
`/redirect/` is answered 302 to a URL with credentials and the password in
its query.

The server picks a free port on 127.0.0.1 and writes it to PORT_FILE.
"""

import argparse
import base64
import email.parser
import email.policy
import hashlib
import json
import re
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


def chunks(text, n):
    return [text[i:i + n] for i in range(0, len(text), n)]


def lower_hex(text):
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


def echoes(password, authorization):
    """FORM -> (content type, body, the encoded password alone)."""
    quoted = urllib.parse.quote(password, safe="")
    every = "".join("%%%02X" % b for b in password.encode())
    b64 = base64.b64encode(password.encode()).decode()
    b64url = base64.urlsafe_b64encode(password.encode()).decode()
    basic = authorization.split(" ", 1)[1]
    escaped_slash = json.dumps(password).replace("/", "\\/")
    unicode = "".join("\\u%04x" % ord(c) for c in password)
    entities = "".join("&#%d;" % ord(c) for c in password)
    br = "<br>".join(chunks(password, 3))
    wbr = "<wbr>".join(password)
    lines = "\n".join(chunks(password, 5))
    spans = "".join(f'<span class="c">{c}</span>' for c in password)
    page = "<html><head><title>403 Forbidden</title></head><body><p>credentials {}</p></body></html>"
    text = "text/plain"
    return {
        "raw": (text, f"bad credentials {password}", password),
        "percent-every-byte": (text, f"bad credentials {every}", every),
        "percent-every-byte-lower": (text, f"bad credentials {every.lower()}", every.lower()),
        "quote": (text, f"GET /?password={quoted} refused", quoted),
        "quote-lower": (text, f"GET /?password={lower_hex(quoted)} refused", lower_hex(quoted)),
        "form": (text, urllib.parse.urlencode({"password": password}) + " refused",
                 urllib.parse.quote_plus(password)),
        "json": ("application/json", json.dumps({"error": "bad credentials", "password": password}),
                 json.dumps(password)),
        "json-escaped-slash": ("application/json", '{"password": %s}' % escaped_slash, escaped_slash),
        "json-unicode": ("application/json", '{"password": "%s"}' % unicode, unicode),
        "html-references": ("text/html", page.format(entities), entities),
        "basic-header": (text, f"refused Authorization: {authorization}", basic),
        "base64": (text, f"refused token {b64}", b64),
        "base64url": (text, f"refused token {b64url}", b64url),
        "br": ("text/html", page.format(br), br),
        "wbr": ("text/html", page.format(wbr), wbr),
        "lines": ("text/html", page.format(lines), lines),
        "tags": ("text/html", page.format(spans), spans),
        # relx shows 300 characters: a cut there would leave 7 of the password.
        "cut": (text, "x" * 293 + password, password[:7]),
    }


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
        entry = {"request": "upload", "path": url.path, "user": user, "password": password,
                 "user_agent": self.headers.get("User-Agent"), "chunked": "Transfer-Encoding" in self.headers,
                 "fields": fields, "file": file_info}
        if url.path.startswith("/echo/"):
            form = url.path.split("/")[2]
            kind, body, echoed = echoes(password, self.headers.get("Authorization", ""))[form]
            log(dict(entry, echoed=echoed))
            return self.reply(403, body, kind)
        if url.path.startswith("/redirect/"):
            log(entry)
            host = self.headers.get("Host")
            target = (f"http://{user}:{urllib.parse.quote(password, safe='')}@{host}/elsewhere/"
                      f"?X-Signature={urllib.parse.quote(password, safe='')}#{password}")
            self.send_response(302)
            self.send_header("Location", target)
            body = f'<html><body>Moved to <a href="{target}">{target}</a></body></html>'.encode()
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        log(entry)
        kind = "text/html" if args.status_text.lstrip().startswith("<") else "text/plain"
        self.reply(args.status, args.status_text, kind)


standin.serve(Handler, args.port_file)
