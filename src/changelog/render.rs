//! Releases → text, through minijinja templates in Jinja syntax.
//!
//! The built-in templates give commitizen 4.19.3's layouts byte for byte;
//! a user's `template` file (the same variables as commitizen's: `tree`,
//! `incremental` and the `extras`) replaces them. The environment is set up
//! as commitizen's Jinja one: `trim_blocks`, no auto-escaping, `none`
//! printed as `None`, and `dict.items()` and the other Python methods that
//! templates written for commitizen call.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, ValueKind};
use minijinja::{AutoEscape, Environment, Value};
use serde_json::Map;

use super::tree::{Entry, Release};

/// commitizen's Markdown layout.
const MARKDOWN: &str = include_str!("templates/CHANGELOG.md.j2");
/// commitizen's reStructuredText layout.
const RESTRUCTUREDTEXT: &str = include_str!("templates/CHANGELOG.rst.j2");
/// commitizen's AsciiDoc layout.
const ASCIIDOC: &str = include_str!("templates/CHANGELOG.adoc.j2");
/// commitizen's Textile layout.
const TEXTILE: &str = include_str!("templates/CHANGELOG.textile.j2");

/// The fuel a rendering starts with (minijinja counts one unit per
/// instruction it runs), before [`FUEL_PER_ENTRY`] for each change: a
/// template that loops without end (`range` nested in `range`) stops with
/// an error naming it instead of running for hours. The built-in templates
/// use under 200 units per change (a test below checks it).
pub const FUEL_BASE: u64 = 50_000_000;

/// The fuel added for each change and release in the tree, so that a long
/// history never runs out where a short one does not.
pub const FUEL_PER_ENTRY: u64 = 10_000;

/// The fuel for rendering `tree`: [`FUEL_BASE`] plus [`FUEL_PER_ENTRY`] for
/// each release and each change in it.
pub fn fuel_for(tree: &[Release]) -> u64 {
    let entries: usize = tree
        .iter()
        .map(|r| 1 + r.changes.iter().map(|(_, e)| e.len()).sum::<usize>())
        .sum();
    FUEL_BASE.saturating_add(FUEL_PER_ENTRY.saturating_mul(entries as u64))
}

/// The built-in template called `name`, if there is one.
pub fn builtin(name: &str) -> Option<&'static str> {
    match name {
        "CHANGELOG.md.j2" => Some(MARKDOWN),
        "CHANGELOG.rst.j2" => Some(RESTRUCTUREDTEXT),
        "CHANGELOG.adoc.j2" => Some(ASCIIDOC),
        "CHANGELOG.textile.j2" => Some(TEXTILE),
        _ => None,
    }
}

/// A template that does not parse or fails while rendering.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{name}:{line}:{column}: {message}")]
pub struct TemplateError {
    /// The template's name (its file name for a user template).
    pub name: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What minijinja said.
    pub message: String,
}

/// The templates a run may use: the built-ins, plus user files by name.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// User template sources by the name they are referred to with.
    pub files: BTreeMap<String, String>,
}

/// The changes of one release as a template sees them: an ordered mapping
/// whose keys may be `none` (a `type!:` entry of no known type).
#[derive(Debug)]
struct Sections(Vec<(Value, Value)>);

impl Object for Sections {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(k, _)| k.clone()).collect())
    }
}

/// One entry as a template sees it: a mapping read on demand.
#[derive(Debug)]
struct EntryValue(Entry);

impl Object for EntryValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        let entry = &self.0;
        if let Some((_, value)) = entry.groups.iter().find(|(n, _)| &**n == name) {
            return Some(value.as_deref().map_or(Value::from(()), Value::from));
        }
        let commit = &entry.commit;
        Some(match name {
            "sha1" => Value::from(commit.sha1.as_str()),
            "parents" => Value::from(commit.parents.clone()),
            "author" => Value::from(commit.author.as_str()),
            "author_email" => Value::from(commit.author_email.as_str()),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let groups = self.0.groups.iter().map(|(n, _)| Value::from(&**n));
        let commit = Entry::COMMIT_FIELDS
            .iter()
            .filter(|f| !self.0.groups.iter().any(|(n, _)| &**n == **f))
            .map(|f| Value::from(*f));
        Enumerator::Values(commit.chain(groups).collect())
    }
}

fn release_value(release: &Release) -> Value {
    let sections = release
        .changes
        .iter()
        .map(|(key, entries)| {
            let key = key.as_ref().map_or(Value::from(()), Value::from);
            let entries: Vec<Value> = entries
                .iter()
                .map(|e| Value::from_object(EntryValue(e.clone())))
                .collect();
            (key, Value::from(entries))
        })
        .collect();
    Value::from_pairs([
        ("version", Value::from(release.version.clone())),
        ("date", Value::from(release.date.clone())),
        ("changes", Value::from_object(Sections(sections))),
    ])
}

/// Python's `str()` of what a Jinja template prints: `None`, `True`, `False`.
fn python_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return out.write_str("None").map_err(minijinja::Error::from);
    }
    if value.kind() == ValueKind::Bool {
        let text = if value.is_true() { "True" } else { "False" };
        return out.write_str(text).map_err(minijinja::Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}

fn position(source: &str, e: &minijinja::Error) -> (usize, usize) {
    let line = e.line().unwrap_or(1);
    let column = e
        .range()
        .and_then(|r| {
            let before = source.get(..r.start)?;
            Some(before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
        })
        .unwrap_or(1);
    (line, column)
}

fn template_error(name: &str, source: &str, e: &minijinja::Error, fuel: u64) -> TemplateError {
    let (line, column) = position(source, e);
    let message = match e.detail() {
        _ if e.kind() == minijinja::ErrorKind::OutOfFuel => format!(
            "the template ran out of fuel: it took more than {fuel} steps (a loop that does not end?)"
        ),
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    TemplateError {
        name: e.name().unwrap_or(name).to_string(),
        line,
        column,
        message,
    }
}

/// Renders `tree` with the template called `template` (a user file in
/// `templates`, else a built-in), with `incremental` and `extras` as
/// variables. The result has its leading newlines removed, as commitizen's.
/// The rendering gets [`fuel_for`] `tree`.
pub fn render(
    tree: &[Release],
    template: &str,
    templates: &Templates,
    incremental: bool,
    extras: &Map<String, serde_json::Value>,
) -> Result<String, TemplateError> {
    let fuel = fuel_for(tree);
    render_with_fuel(tree, template, templates, incremental, extras, fuel)
}

fn render_with_fuel(
    tree: &[Release],
    template: &str,
    templates: &Templates,
    incremental: bool,
    extras: &Map<String, serde_json::Value>,
    fuel: u64,
) -> Result<String, TemplateError> {
    let mut env = Environment::new();
    env.set_fuel(Some(fuel));
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .build()
            .expect("the default syntax with trim_blocks builds"),
    );
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_formatter(python_formatter);
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    let files = templates.files.clone();
    env.set_loader(move |name| {
        Ok(files
            .get(name)
            .cloned()
            .or_else(|| builtin(name).map(str::to_string)))
    });
    let source = templates
        .files
        .get(template)
        .map(String::as_str)
        .or_else(|| builtin(template))
        .unwrap_or_default()
        .to_string();
    let compiled = env
        .get_template(template)
        .map_err(|e| template_error(template, &source, &e, fuel))?;
    let mut context: Vec<(String, Value)> = vec![
        (
            "tree".to_string(),
            Value::from(tree.iter().map(release_value).collect::<Vec<_>>()),
        ),
        ("incremental".to_string(), Value::from(incremental)),
    ];
    for (key, value) in extras {
        context.retain(|(k, _)| k != key);
        context.push((key.clone(), Value::from(Serde(value))));
    }
    let text = compiled
        .render(Value::from_pairs(context))
        .map_err(|e| template_error(template, &source, &e, fuel))?;
    Ok(text.trim_start_matches('\n').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changelog::tree::{build, LogCommit, Rules, TreeOptions};
    use crate::commits::Commit;

    fn commit(sha: &str, subject: &str, body: &str) -> LogCommit {
        LogCommit {
            commit: Commit::from_log_fields(sha, &[], subject, "A", "a@x", body),
            parents: Vec::new(),
            author: "A".into(),
            author_email: "a@x".into(),
        }
    }

    fn sample() -> Vec<Release> {
        let commits = [
            commit("e", "perf(core): faster", ""),
            commit("d", "docs!: hmm", ""),
            commit("c", "fix: bug", ""),
            commit(
                "b",
                "feat(api): add x",
                "body para\n\nfix: inner fix\ncontinued line\n\nBREAKING CHANGE: drops y\nand z",
            ),
        ];
        let tags = [crate::changelog::tree::ReleaseTag {
            name: "0.1.0".into(),
            sha: "b".into(),
            date: "2026-11-30".into(),
            prerelease: false,
        }];
        build(
            &commits,
            &tags,
            &Rules::conventional(),
            &TreeOptions::default(),
        )
    }

    // Expected text: `cz changelog --dry-run` (commitizen 4.19.3) on the same
    // history, without the newline its print() adds.
    #[test]
    fn markdown_is_commitizens() {
        let text = render(
            &sample(),
            "CHANGELOG.md.j2",
            &Templates::default(),
            false,
            &Map::new(),
        )
        .unwrap();
        let want = "## Unreleased\n\n### Fix\n\n- bug\n\n### Perf\n\n- **core**: faster\n\n\n- hmm\n\n## 0.1.0 (2026-11-30)\n\n### BREAKING CHANGE\n\n- drops y\nand z\n\n### Feat\n\n- **api**: add x\n\n### Fix\n\n- inner fix\ncontinued line\n";
        assert_eq!(text, want);
    }

    #[test]
    fn user_templates_see_items_extras_and_python_none() {
        let mut templates = Templates::default();
        templates.files.insert(
            "mine.j2".into(),
            "{% for r in tree %}{{ r.version }}|{% for k, v in r.changes.items() %}{{ k }};{% endfor %}{% endfor %}{{ who }} {{ incremental }}".into(),
        );
        let extras = Map::from_iter([("who".to_string(), serde_json::Value::from("me"))]);
        let text = render(&sample(), "mine.j2", &templates, true, &extras).unwrap();
        assert_eq!(
            text,
            "Unreleased|Fix;Perf;None;0.1.0|BREAKING CHANGE;Feat;Fix;me True"
        );
    }

    #[test]
    fn a_template_that_runs_out_of_fuel_is_named() {
        let mut templates = Templates::default();
        templates.files.insert(
            "endless.j2".into(),
            "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}"
                .into(),
        );
        let err = render_with_fuel(&[], "endless.j2", &templates, false, &Map::new(), 10_000)
            .unwrap_err();
        assert_eq!(err.name, "endless.j2");
        assert!(
            err.message.contains("ran out of fuel") && err.message.contains("10000 steps"),
            "{err}"
        );
    }

    #[test]
    fn the_builtin_templates_need_far_less_than_the_fuel_per_entry() {
        // Two releases of three changes each (see markdown_is_commitizens).
        let tree = sample();
        let entries = 8;
        for name in [
            "CHANGELOG.md.j2",
            "CHANGELOG.rst.j2",
            "CHANGELOG.adoc.j2",
            "CHANGELOG.textile.j2",
        ] {
            let templates = Templates::default();
            render_with_fuel(&tree, name, &templates, false, &Map::new(), entries * 200)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(fuel_for(&tree), FUEL_BASE + entries * FUEL_PER_ENTRY);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let mut templates = Templates::default();
        templates
            .files
            .insert("bad.j2".into(), "ok\n{% for x in %}\n".into());
        let err = render(&[], "bad.j2", &templates, false, &Map::new()).unwrap_err();
        assert_eq!((err.name.as_str(), err.line), ("bad.j2", 2));
        assert!(err.message.contains("syntax error"), "{err}");
    }
}
