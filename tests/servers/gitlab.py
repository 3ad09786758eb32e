#!/usr/bin/env python3
"""A stand-in for GitLab's Releases API (v4), for tests.

GitLab cannot run here, so this server answers the endpoints relx uses with
the JSON shapes and error bodies GitLab documents (`{"message": "401
Unauthorized"}`, `{"message": "Release already exists"}` with 409, ...),
checks the token header, and records each request (method, path with the
project id still encoded, the token header used, the JSON body) as one JSON
line in the log file.

    gitlab.py PORT_FILE LOG_FILE [--token T] [--existing-release TAG]
              [--existing-link NAME] [--fail-create STATUS]

Endpoints: GET/PUT /api/v4/projects/:id/releases/:tag,
POST /api/v4/projects/:id/releases,
POST /api/v4/projects/:id/releases/:tag/assets/links.
The server picks a free port on 127.0.0.1 and writes it to PORT_FILE.
"""

import argparse
import json
import urllib.parse

import standin

parser = argparse.ArgumentParser()
parser.add_argument("port_file")
parser.add_argument("log_file")
parser.add_argument("--token", default="glpat-test-token")
parser.add_argument("--existing-release")
parser.add_argument("--existing-link", action="append", default=[])
parser.add_argument("--fail-create", type=int)
args = parser.parse_args()

releases = {}
next_id = [1]


def new_release(project, tag, name, description, links):
    rel = {"tag_name": tag, "name": name, "description": description,
           "project": project, "links": []}
    for link in links:
        add_link(rel, link)
    releases[(project, tag)] = rel
    return rel


def add_link(rel, link):
    next_id[0] += 1
    rel["links"].append({"id": next_id[0], "name": link["name"], "url": link["url"],
                         "link_type": link.get("link_type", "other")})


def release_json(rel):
    project = urllib.parse.unquote(rel["project"])
    return {
        "tag_name": rel["tag_name"],
        "name": rel["name"],
        "description": rel["description"],
        "_links": {"self": f"https://gitlab.example.org/{project}/-/releases/{rel['tag_name']}"},
        "assets": {"count": len(rel["links"]), "sources": [], "links": rel["links"]},
    }


log = standin.logger(args.log_file)


class Handler(standin.Handler):
    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        # The raw path: the project id arrives encoded (group%2Fproject).
        parts = url.path.strip("/").split("/")
        entry = {"method": method, "path": url.path,
                 "private_token": self.headers.get("PRIVATE-TOKEN"),
                 "job_token": self.headers.get("JOB-TOKEN"),
                 "content_type": self.headers.get("Content-Type"),
                 "user_agent": self.headers.get("User-Agent")}
        if raw:
            entry["json"] = json.loads(raw)
        log(entry)
        token = self.headers.get("PRIVATE-TOKEN") or self.headers.get("JOB-TOKEN")
        if token != args.token:
            return self.send(401, {"message": "401 Unauthorized"})
        if parts[:3] != ["api", "v4", "projects"] or len(parts) < 5 or parts[4] != "releases":
            return self.send(404, {"message": "404 Not Found"})
        project, rest = parts[3], parts[5:]
        if method == "POST" and not rest:
            if args.fail_create:
                return self.send(args.fail_create, {"message": f"{args.fail_create} Forbidden"})
            body = json.loads(raw or b"{}")
            if (project, body.get("tag_name")) in releases:
                return self.send(409, {"message": "Release already exists"})
            rel = new_release(project, body["tag_name"], body.get("name"), body.get("description", ""),
                              body.get("assets", {}).get("links", []))
            return self.send(201, release_json(rel))
        if not rest:
            return self.send(404, {"message": "404 Not Found"})
        tag = urllib.parse.unquote(rest[0])
        rel = releases.get((project, tag))
        if rel is None:
            return self.send(404, {"message": "404 Not Found"})
        if method == "GET" and len(rest) == 1:
            return self.send(200, release_json(rel))
        if method == "PUT" and len(rest) == 1:
            body = json.loads(raw or b"{}")
            for key in ("name", "description"):
                if key in body:
                    rel[key] = body[key]
            return self.send(200, release_json(rel))
        if method == "POST" and rest[1:] == ["assets", "links"]:
            body = json.loads(raw or b"{}")
            if any(l["name"] == body.get("name") for l in rel["links"]):
                return self.send(400, {"message": {"name": ["has already been taken"]}})
            add_link(rel, body)
            return self.send(201, rel["links"][-1])
        return self.send(404, {"message": "404 Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")


if args.existing_release:
    new_release("group%2Fdemo-pub", args.existing_release, args.existing_release, "old notes",
                [{"name": n, "url": "https://example.org/" + n} for n in args.existing_link])

standin.serve(Handler, args.port_file)
