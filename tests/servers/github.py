#!/usr/bin/env python3
"""A stand-in for GitHub's REST API (releases and release assets), for tests.

GitHub cannot run here, so this server answers the endpoints relx uses with
the JSON shapes and error bodies GitHub documents, checks every request's
headers, and records each request (method, path, query, the headers relx must
send, the JSON body or the asset's size and sha256) as one JSON line in the
log file. The test reads the log and checks the exact requests.

    github.py PORT_FILE LOG_FILE [--token T] [--existing-release TAG]
              [--existing-asset NAME:SIZE] [--fail-create STATUS] [--echo]

With --echo, a request with another token is refused (401) with a message
that echoes the token it received: percent-encoded, in base64, split by
<wbr> tags and JSON-escaped; the log entry's `echoed` lists those forms.

The server picks a free port on 127.0.0.1 and writes it to PORT_FILE.
"""

import argparse
import base64
import hashlib
import json
import urllib.parse

import standin

parser = argparse.ArgumentParser()
parser.add_argument("port_file")
parser.add_argument("log_file")
parser.add_argument("--token", default="ghs_test_token")
parser.add_argument("--existing-release")
parser.add_argument("--existing-asset", action="append", default=[])
parser.add_argument("--fail-create", type=int)
parser.add_argument("--echo", action="store_true")
args = parser.parse_args()

state = {"releases": {}, "next_id": 1000, "assets": {}}


def new_release(tag, body="", prerelease=False, name=None):
    rid = state["next_id"]
    state["next_id"] += 1
    rel = {
        "id": rid,
        "tag_name": tag,
        "name": name if name is not None else tag,
        "body": body,
        "draft": False,
        "prerelease": prerelease,
        "assets": [],
    }
    state["releases"][rid] = rel
    return rel


if args.existing_release:
    rel = new_release(args.existing_release, body="old notes")
    for spec in args.existing_asset:
        name, size = spec.rsplit(":", 1)
        aid = state["next_id"]
        state["next_id"] += 1
        rel["assets"].append({"id": aid, "name": name, "size": int(size), "state": "uploaded"})


log = standin.logger(args.log_file)


class Handler(standin.Handler):
    def base(self):
        host = self.headers.get("Host")
        return f"http://{host}"

    def release_json(self, rel):
        out = dict(rel)
        out["url"] = f"{self.base()}/repos/{self.repo}/releases/{rel['id']}"
        out["html_url"] = f"https://github.com/{self.repo}/releases/tag/{rel['tag_name']}"
        out["upload_url"] = f"{self.base()}/uploads/repos/{self.repo}/releases/{rel['id']}/assets{{?name,label}}"
        return out

    def send(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message, errors=None):
        body = {"message": message, "documentation_url": "https://docs.github.com/rest"}
        if errors:
            body["errors"] = errors
            body["status"] = str(status)
        self.send(status, body)

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        entry = {
            "method": method,
            "path": url.path,
            "query": url.query,
            "accept": self.headers.get("Accept"),
            "api_version": self.headers.get("X-GitHub-Api-Version"),
            "user_agent": self.headers.get("User-Agent"),
            "authorization": self.headers.get("Authorization"),
            "content_type": self.headers.get("Content-Type"),
        }
        if url.path.startswith("/uploads/"):
            entry["size"] = len(raw)
            entry["sha256"] = hashlib.sha256(raw).hexdigest()
        elif raw:
            try:
                entry["json"] = json.loads(raw)
            except ValueError:
                entry["body"] = raw.decode("utf-8", "replace")
        if self.headers.get("Authorization") != f"Bearer {args.token}":
            if args.echo:
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                entry["echoed"] = [
                    "".join("%%%02x" % b for b in token.encode()),
                    base64.b64encode(token.encode()).decode(),
                    "<wbr>".join(token),
                    json.dumps(token).replace("/", "\\/"),
                ]
                log(entry)
                return self.error(401, "Bad credentials: " + " ".join(entry["echoed"]))
            log(entry)
            return self.error(401, "Bad credentials")
        log(entry)
        if self.headers.get("Accept") != "application/vnd.github+json" or not self.headers.get("User-Agent"):
            return self.error(400, "missing Accept or User-Agent header")
        parts = url.path.strip("/").split("/")
        if parts[0] == "uploads":
            parts = parts[1:]
            self.repo = "/".join(parts[1:3])
            rid = int(parts[4])
            rel = state["releases"].get(rid)
            if rel is None:
                return self.error(404, "Not Found")
            name = urllib.parse.parse_qs(url.query).get("name", [""])[0]
            if any(a["name"] == name for a in rel["assets"]):
                return self.error(422, "Validation Failed",
                                  [{"resource": "ReleaseAsset", "code": "already_exists", "field": "name"}])
            aid = state["next_id"]
            state["next_id"] += 1
            asset = {"id": aid, "name": name, "size": len(raw), "state": "uploaded",
                     "content_type": self.headers.get("Content-Type")}
            rel["assets"].append(asset)
            return self.send(201, asset)
        if parts[0] != "repos" or parts[3] != "releases":
            return self.error(404, "Not Found")
        self.repo = "/".join(parts[1:3])
        rest = parts[4:]
        if method == "GET" and len(rest) == 2 and rest[0] == "tags":
            tag = urllib.parse.unquote(rest[1])
            for rel in state["releases"].values():
                if rel["tag_name"] == tag:
                    return self.send(200, self.release_json(rel))
            return self.error(404, "Not Found")
        if method == "POST" and not rest:
            if args.fail_create:
                return self.error(args.fail_create, "Resource not accessible by integration")
            body = json.loads(raw or b"{}")
            if any(r["tag_name"] == body.get("tag_name") for r in state["releases"].values()):
                return self.error(422, "Validation Failed",
                                  [{"resource": "Release", "code": "already_exists", "field": "tag_name"}])
            rel = new_release(body["tag_name"], body.get("body", ""), body.get("prerelease", False), body.get("name"))
            return self.send(201, self.release_json(rel))
        if method == "PATCH" and len(rest) == 1:
            rel = state["releases"].get(int(rest[0]))
            if rel is None:
                return self.error(404, "Not Found")
            body = json.loads(raw or b"{}")
            for key in ("name", "body", "prerelease"):
                if key in body:
                    rel[key] = body[key]
            return self.send(200, self.release_json(rel))
        if method == "DELETE" and len(rest) == 2 and rest[0] == "assets":
            aid = int(rest[1])
            for rel in state["releases"].values():
                for a in list(rel["assets"]):
                    if a["id"] == aid:
                        rel["assets"].remove(a)
                        return self.send(204)
            return self.error(404, "Not Found")
        return self.error(404, "Not Found")

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")


standin.serve(Handler, args.port_file)
