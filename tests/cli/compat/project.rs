//! Generated projects: configuration, history and tags of one repository,
//! and the command lines run on it (`cz bump --get-next --yes …` and the
//! equivalent `relx version --short …`).

use serde_json::{json, Map, Value};

use super::history::{message, Stream, Ver};
use crate::oracle::Rng;

/// Where the configuration lives.
#[derive(Clone, Copy, Debug)]
enum ConfigFile {
    Pyproject,
    DotCzToml,
    CzToml,
    DotCzJson,
    DotCzYaml,
}

/// Where the current version comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Provider {
    Commitizen,
    Pep621,
    Scm,
}

/// One generated project.
pub struct Project {
    scheme: &'static str,
    scheme_key: bool,
    provider: Provider,
    file: ConfigFile,
    tag_format: Option<String>,
    legacy: Vec<String>,
    ignored: Vec<String>,
    major_version_zero: bool,
    /// `prerelease_offset` in the configuration (0: not written).
    prerelease_offset: u64,
    /// `cz_customize` with these rules (an index into CUSTOM_RULES).
    custom: Option<usize>,
    /// The current version (for the scm provider: the tag written for it).
    pub current: Ver,
    version_text: String,
    /// The history, readable, for failure messages.
    pub summary: Vec<String>,
}

/// A value as TOML writes it inline (JSON's string escapes are TOML's).
fn toml_value(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", Value::from(k.as_str()), toml_value(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// commit rules of `cz_customize` projects: (pattern, map, map under
/// major_version_zero); Python regular expressions.
const CUSTOM_RULES: [(Option<&str>, &str, Option<&str>); 4] = [
    (
        Some(r"^(break|new|fix|hotfix)(\(.+\))?(!)?:"),
        r#"{"break": "MAJOR", "new": "MINOR", "fix": "PATCH", "hotfix": "PATCH"}"#,
        None,
    ),
    (
        None,
        r#"{"^.+!$": "MAJOR", "^feat": "MINOR", "^docs": "PATCH", "^fix": "PATCH"}"#,
        None,
    ),
    (
        Some(r"^((BREAKING[\-\ ]CHANGE|\w+)(\(.+\))?!?):"),
        r#"{"^BREAKING": "MAJOR", "^new": "MINOR", "^feat": "MINOR", "^chore": "PATCH"}"#,
        Some(r#"{"^BREAKING": "MINOR", "^new": "PATCH", "^feat": "PATCH"}"#),
    ),
    (
        Some(r"(\w+):"),
        r#"{"feat": "MINOR", "fix": "PATCH", "perf": "PATCH"}"#,
        None,
    ),
];

impl Project {
    fn effective_format(&self) -> &str {
        self.tag_format.as_deref().unwrap_or("$version")
    }

    /// The settings, in order.
    fn settings(&self) -> Vec<(&'static str, Value)> {
        let name = if self.custom.is_some() {
            "cz_customize"
        } else {
            "cz_conventional_commits"
        };
        let mut s = vec![("name", json!(name))];
        match self.provider {
            Provider::Commitizen => s.push(("version", json!(self.version_text))),
            Provider::Pep621 => s.push(("version_provider", json!("pep621"))),
            Provider::Scm => s.push(("version_provider", json!("scm"))),
        }
        if self.scheme_key {
            s.push(("version_scheme", json!(self.scheme)));
        }
        if let Some(f) = &self.tag_format {
            s.push(("tag_format", json!(f)));
        }
        if !self.legacy.is_empty() {
            s.push(("legacy_tag_formats", json!(self.legacy)));
        }
        if !self.ignored.is_empty() {
            s.push(("ignored_tag_formats", json!(self.ignored)));
        }
        if self.major_version_zero {
            s.push(("major_version_zero", json!(true)));
        }
        if self.prerelease_offset > 0 {
            s.push(("prerelease_offset", json!(self.prerelease_offset)));
        }
        if let Some(i) = self.custom {
            let (pattern, map, zero) = CUSTOM_RULES[i];
            let mut custom = Map::new();
            if let Some(p) = pattern {
                custom.insert("bump_pattern".into(), json!(p));
            }
            custom.insert("bump_map".into(), serde_json::from_str(map).expect("map"));
            if let Some(z) = zero {
                custom.insert(
                    "bump_map_major_version_zero".into(),
                    serde_json::from_str(z).expect("map"),
                );
            }
            s.push(("customize", Value::Object(custom)));
        }
        s
    }

    /// The files of the first commit.
    pub fn files(&self) -> Vec<(String, String)> {
        let settings = self.settings();
        let toml: String = settings
            .iter()
            .map(|(k, v)| format!("{k} = {}\n", toml_value(v)))
            .collect();
        let pep621 = if self.provider == Provider::Pep621 {
            format!(
                "[project]\nname = \"demo\"\nversion = {}\n\n",
                json!(self.version_text)
            )
        } else {
            String::new()
        };
        let mut files = Vec::new();
        let mut pyproject = pep621.clone();
        match self.file {
            ConfigFile::Pyproject => pyproject.push_str(&format!("[tool.commitizen]\n{toml}")),
            ConfigFile::DotCzToml => {
                files.push((".cz.toml".into(), format!("[tool.commitizen]\n{toml}")))
            }
            ConfigFile::CzToml => {
                files.push(("cz.toml".into(), format!("[tool.commitizen]\n{toml}")))
            }
            ConfigFile::DotCzJson => {
                let body: Vec<String> = settings
                    .iter()
                    .map(|(k, v)| format!("    \"{k}\": {v}"))
                    .collect();
                files.push((
                    ".cz.json".into(),
                    format!("{{\n  \"commitizen\": {{\n{}\n  }}\n}}\n", body.join(",\n")),
                ));
            }
            ConfigFile::DotCzYaml => {
                // YAML reads JSON values (flow style) as they are.
                let body: String = settings
                    .iter()
                    .map(|(k, v)| format!("  {k}: {v}\n"))
                    .collect();
                files.push((".cz.yaml".into(), format!("commitizen:\n{body}")));
            }
        }
        if !pyproject.is_empty() {
            files.push(("pyproject.toml".into(), pyproject));
        }
        files
    }

    /// A one-line description, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "{:?} in {:?}, scheme {}{}, tag_format {:?}, legacy {:?}, ignored {:?}, mvz {}, rules {:?}, version {:?}",
            self.provider,
            self.file,
            self.scheme,
            if self.scheme_key { "" } else { " (default)" },
            self.effective_format(),
            self.legacy,
            self.ignored,
            self.major_version_zero,
            self.custom.map(|i| CUSTOM_RULES[i]),
            self.version_text
        )
    }
}

const FORMATS: [&str; 6] = [
    "$version",
    "v$version",
    "${version}",
    "release-$version",
    "$major.$minor.$patch$prerelease",
    "v$major.$minor.$patch",
];

fn current_version(rng: &mut Rng) -> Ver {
    let major = if rng.percent(35) { 0 } else { rng.range(1, 3) };
    let mut v = Ver::plain([major, rng.range(0, 3), rng.range(0, 3)]);
    if rng.percent(30) {
        v.pre = Some((rng.below(3), rng.range(0, 2)));
    }
    if rng.percent(8) {
        v.dev = Some(rng.range(0, 3));
    }
    if rng.percent(4) {
        v.post = Some(rng.range(0, 2));
    }
    if rng.percent(4) {
        v.epoch = 1;
    }
    if rng.percent(5) && v.pre.is_none() && v.dev.is_none() && v.post.is_none() {
        v.short = true;
    }
    if rng.percent(2) {
        v.release[2] = u64::MAX; // beyond it, relx needs big numbers
    }
    if rng.percent(5) {
        v.local = Some(
            rng.pick::<&str>(&["0.1.0", "1.2", "0.3.1", "ubuntu.1"])
                .to_string(),
        );
    }
    v
}

/// Versions below `v`, for older tags.
fn older(rng: &mut Rng, v: &Ver) -> Vec<Ver> {
    let [a, b, c] = v.release;
    let mut out = Vec::new();
    if a > 0 {
        out.push(Ver::plain([a - 1, rng.range(0, 4), rng.range(0, 4)]));
    }
    if b > 0 {
        out.push(Ver::plain([a, b - 1, rng.range(0, 2)]));
    }
    if c > 0 {
        out.push(Ver::plain([a, b, c - 1]));
    }
    if v.pre.is_some_and(|(_, n)| n > 0) {
        let mut earlier = v.clone();
        earlier.pre = v.pre.map(|(p, n)| (p, n - 1));
        earlier.dev = None;
        out.push(earlier);
    }
    out.truncate(rng.range(0, 3) as usize);
    out.reverse();
    if v.short && rng.one_in(2) {
        // An equal version, tagged before the short one (`1.2.0`, `1.2`).
        out.push(Ver::plain([a, b, 0]));
    }
    out
}

/// One random project and the stream that writes its repository.
pub fn generate(rng: &mut Rng) -> (Project, Stream) {
    let scheme = *rng.pick(&["pep440", "pep440", "pep440", "semver", "semver2"]);
    let current = current_version(rng);
    let tag_format = (!rng.one_in(4)).then(|| rng.pick(&FORMATS).to_string());
    let legacy = if rng.percent(20) {
        vec![rng.pick(&FORMATS[..4]).to_string()]
    } else {
        Vec::new()
    };
    let ignored = if rng.percent(10) {
        vec!["*-ci".to_string(), "latest".to_string()]
    } else {
        Vec::new()
    };
    let mut version_text = current.render(scheme);
    if rng.one_in(12) {
        version_text = current.render("pep440");
    }
    let project = Project {
        scheme,
        scheme_key: scheme != "pep440" || rng.one_in(4),
        provider: *rng.pick(&[
            Provider::Commitizen,
            Provider::Commitizen,
            Provider::Commitizen,
            Provider::Pep621,
            Provider::Scm,
        ]),
        file: *rng.pick(&[
            ConfigFile::Pyproject,
            ConfigFile::Pyproject,
            ConfigFile::DotCzToml,
            ConfigFile::CzToml,
            ConfigFile::DotCzJson,
            ConfigFile::DotCzYaml,
        ]),
        tag_format,
        legacy,
        ignored,
        // Also where it means nothing (major > 0): commitizen still uses
        // the zero map when it comes from the configuration.
        major_version_zero: (current.release[0] == 0 && rng.percent(30)) || rng.percent(3),
        prerelease_offset: if rng.percent(5) { rng.range(1, 3) } else { 0 },
        custom: rng.percent(12).then(|| rng.below(CUSTOM_RULES.len())),
        current,
        version_text,
        summary: Vec::new(),
    };
    build(rng, project)
}

fn build(rng: &mut Rng, mut project: Project) -> (Project, Stream) {
    let mut s = Stream::new();
    let files = project.files();
    let file_refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let first = if rng.percent(70) {
        "chore: init".to_string()
    } else {
        message(rng)
    };
    s.commit("main", None, &first, &file_refs, None);
    let format = project.effective_format().to_string();
    let scheme = project.scheme;
    for old in older(rng, &project.current) {
        for _ in 0..rng.range(0, 2) {
            s.commit("main", None, &message(rng), &[], None);
        }
        let fmt = if !project.legacy.is_empty() && rng.one_in(3) {
            project.legacy[0].clone()
        } else {
            format.clone()
        };
        let head = s.head("main");
        s.tag(&old.tag(&fmt, scheme), head, rng.one_in(4));
    }
    // A branch forked before the release, merged after it.
    let early_fork = rng.percent(25).then(|| s.head("main"));
    if let Some(base) = early_fork {
        for _ in 0..rng.range(1, 2) {
            s.commit("feature", Some(base), &message(rng), &[], None);
        }
    }
    for _ in 0..rng.range(0, 2) {
        s.commit("main", None, &message(rng), &[], None);
    }
    // Now and then the release was tagged on a branch that main never
    // merged: `git log tag..HEAD` still excludes what the tag reaches.
    let release = match early_fork {
        Some(_) if rng.one_in(10) => s.head("feature"),
        _ => s.head("main"),
    };
    let current_tag = match rng.below(20) {
        0..=13 => Some((format.clone(), false)),
        14 | 15 => Some((format.clone(), true)),
        16 if !project.legacy.is_empty() => Some((project.legacy[0].clone(), false)),
        17 => Some((format!("v{format}").replace("vv", "v"), false)),
        _ => None,
    };
    if let Some((fmt, annotated)) = &current_tag {
        s.tag(&project.current.tag(fmt, scheme), release, *annotated);
    }
    let late_fork = rng.percent(10).then(|| s.head("main"));
    let after = if rng.percent(12) { 0 } else { rng.range(1, 6) };
    for i in 0..after {
        s.commit("main", None, &message(rng), &[], None);
        if i == 0 {
            if let Some(base) = late_fork {
                s.commit("late", Some(base), &message(rng), &[], None);
            }
        }
    }
    for (branch, fork) in [("feature", early_fork), ("late", late_fork)] {
        if fork.is_some() && s.has(branch) && (after > 0 || rng.one_in(2)) {
            let merge_msg = *rng.pick(&[
                "Merge branch 'feature'",
                "Merge pull request #7 from me/feature\n\nfeat: the feature",
                "feat: merge the feature work",
                "Merge branch 'feature'\n\nBREAKING CHANGE: merged",
                "Merge branch 'feature' into main",
            ]);
            let tip = s.head(branch);
            s.commit("main", None, merge_msg, &[], Some(tip));
        }
    }
    if rng.percent(15) {
        let head = s.head("main");
        s.tag(
            rng.pick::<&str>(&["latest", "docs-site", "v-next"]),
            head,
            false,
        );
    }
    if !project.ignored.is_empty() {
        let head = s.head("main");
        // A version under `$version`'s pattern, but not PEP 440: only the
        // ignore rule keeps commitizen's scm provider from failing on it.
        s.tag("9.9.9-ci", head, false);
    }
    project.summary = s.log.clone();
    (project, s)
}

/// One command line, in commitizen's and in relx's spelling.
#[derive(Clone, Debug, Default)]
pub struct Invocation {
    /// `cz` arguments.
    pub cz: Vec<String>,
    /// `relx` arguments.
    pub relx: Vec<String>,
    /// An increment was forced.
    pub increment: bool,
    /// A pre-release was asked for.
    pub prerelease: bool,
    /// A dev release was asked for.
    pub devrelease: bool,
    /// A manual version was given.
    pub manual: bool,
}

impl Invocation {
    fn new() -> Invocation {
        Invocation {
            cz: ["bump", "--get-next", "--yes"].map(String::from).to_vec(),
            relx: ["version", "--short"].map(String::from).to_vec(),
            ..Invocation::default()
        }
    }
}

/// A random command line for `project`: FORCE words or cz's flags, in any
/// order on relx's side.
pub fn invocation(rng: &mut Rng, project: &Project) -> Invocation {
    let mut inv = Invocation::new();
    let mut words: Vec<Vec<String>> = Vec::new();
    let word = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    if rng.percent(8) {
        inv.manual = true;
        let [a, b, c] = project.current.release;
        let manual = match rng.below(6) {
            0 => format!("{}.0.0", a + 1),
            1 => format!("v{a}.{}.0", b + 1),
            2 => format!("{a}.{b}.{}rc1", c + 1),
            3 => "0.0.1".to_string(),
            4 => project.current.render(project.scheme),
            _ => rng.pick::<&str>(&["2.0.x", "banana1", "1..2"]).to_string(),
        };
        inv.cz.push(manual.clone());
        words.push(vec![manual]);
        if rng.one_in(6) {
            inv.increment = true;
            inv.cz.extend(word(&["--increment", "MINOR"]));
            words.push(word(&["minor"]));
        }
    } else {
        if rng.percent(30) {
            inv.increment = true;
            let inc = *rng.pick(&["MAJOR", "MINOR", "PATCH"]);
            inv.cz.extend(word(&["--increment", inc]));
            let lower = inc.to_lowercase();
            words.push(match rng.below(3) {
                0 => word(&["--increment", &rng.cased(&lower)]),
                _ => vec![rng.cased(&lower)],
            });
        }
        if rng.percent(25) {
            inv.prerelease = true;
            let pre = *rng.pick(&["alpha", "beta", "rc"]);
            inv.cz.extend(word(&["--prerelease", pre]));
            words.push(match rng.below(3) {
                0 => word(&["--prerelease", pre]),
                _ => vec![pre.to_string()],
            });
        }
        if rng.percent(15) {
            inv.devrelease = true;
            let n = rng.range(0, 20).to_string();
            inv.cz.extend(word(&["--devrelease", &n]));
            words.push(match rng.below(4) {
                0 => word(&["--devrelease", &n]),
                1 => word(&["-d", &n]),
                _ => vec![n],
            });
        }
    }
    let flags: [(usize, &[&str]); 6] = [
        (10, &["--allow-no-commit"]),
        (10, &["--increment-mode", "exact"]),
        (6, &["--prerelease-offset", "2"]),
        (6, &["--major-version-zero"]),
        (4, &["--build-metadata", "Build-5"]),
        (4, &["--version-scheme", "semver2"]),
    ];
    for (percent, flag) in flags {
        if rng.percent(percent) {
            inv.cz.extend(word(flag));
            words.push(word(flag));
        }
    }
    let local_chance = if project.current.local.is_some() {
        50
    } else {
        4
    };
    if rng.percent(local_chance) {
        inv.cz.extend(word(&["--local-version"]));
        words.push(word(&["--local-version"]));
    }
    // relx takes its words and flags in any order.
    while !words.is_empty() {
        let w = words.remove(rng.below(words.len()));
        inv.relx.extend(w);
    }
    inv
}
