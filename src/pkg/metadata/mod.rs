//! Core metadata (`METADATA` in a wheel, `PKG-INFO` in an sdist): reading
//! the fields and validating them as twine does before it uploads, that is
//! `packaging.metadata.parse_email` followed by `Metadata.from_raw`. Pure:
//! the bytes come from `build::archive`.
//!
//! Reading sorts every field into the value it stands for (a single text, a
//! list, the project URLs) or into `malformed` when it cannot be read: an
//! unknown field, a single-use field given twice, text that is not UTF-8, a
//! repeated project-URL label, a description both in a field and in the
//! body. Validation then checks each known field's syntax.

pub mod email;
mod fields;
mod validate;

use std::collections::BTreeMap;

pub use fields::{Kind, FIELDS, METADATA_VERSIONS};
pub use validate::{check_content_type, check_name, validate};

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A single-use field.
    Text(String),
    /// A multiple-use field, or `Keywords` split at commas.
    List(Vec<String>),
    /// `Project-URL` label → URL pairs, in order.
    Urls(Vec<(String, String)>),
}

/// A field that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The field name, lower case.
    pub field: String,
    /// Why it could not be read.
    pub reason: MalformedReason,
}

/// Why a field could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedReason {
    /// Not a core-metadata field.
    Unknown,
    /// Not valid UTF-8.
    Encoding,
    /// A single-use field given more than once (or a description given both
    /// as a field and as the body, or a repeated project-URL label).
    Repeated,
}

/// The fields of one metadata file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoreMetadata {
    /// Readable fields by email name, lower case (`requires-dist`).
    pub fields: BTreeMap<String, Value>,
    /// Fields that could not be read.
    pub malformed: Vec<Malformed>,
}

impl CoreMetadata {
    /// A single-use field's text.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.fields.get(name) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// `Metadata-Version`.
    pub fn metadata_version(&self) -> Option<&str> {
        self.text("metadata-version")
    }

    /// `Name`.
    pub fn name(&self) -> Option<&str> {
        self.text("name")
    }

    /// `Version`.
    pub fn version(&self) -> Option<&str> {
        self.text("version")
    }

    /// The long description (the body, or a `Description` field).
    pub fn description(&self) -> Option<&str> {
        self.text("description")
    }

    /// `Description-Content-Type`.
    pub fn description_content_type(&self) -> Option<&str> {
        self.text("description-content-type")
    }
}

/// Reads a metadata file (`packaging.metadata.parse_email`).
pub fn parse(data: &[u8]) -> CoreMetadata {
    let message = email::parse(data);
    let mut grouped: Vec<(String, Vec<&[u8]>)> = Vec::new();
    for field in &message.fields {
        let name = field.name.to_lowercase();
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(&field.value),
            None => grouped.push((name, vec![&field.value])),
        }
    }
    let mut bad: Vec<Malformed> = Vec::new();
    let mut fields = BTreeMap::new();
    for (name, raw_values) in grouped {
        let Ok(values) = raw_values
            .iter()
            .map(|v| String::from_utf8(v.to_vec()))
            .collect::<Result<Vec<String>, _>>()
        else {
            push(&mut bad, &name, MalformedReason::Encoding);
            continue;
        };
        let Some(spec) = FIELDS.iter().find(|f| f.name == name) else {
            push(&mut bad, &name, MalformedReason::Unknown);
            continue;
        };
        let value = match spec.kind {
            Kind::Text if values.len() == 1 => Value::Text(values[0].clone()),
            Kind::List if name == "import-name" && values == [""] => Value::List(Vec::new()),
            Kind::List => Value::List(values),
            Kind::Keywords if values.len() == 1 => Value::List(
                values[0]
                    .split(',')
                    .map(|k| crate::pystr::strip(k).to_string())
                    .collect(),
            ),
            Kind::Urls => match project_urls(&values) {
                Some(urls) => Value::Urls(urls),
                None => {
                    push(&mut bad, &name, MalformedReason::Repeated);
                    continue;
                }
            },
            Kind::Text | Kind::Keywords => {
                push(&mut bad, &name, MalformedReason::Repeated);
                continue;
            }
        };
        fields.insert(name, value);
    }
    // The body is the description, unless a Description field exists too
    // (then neither can be trusted).
    if !message.body.is_empty() {
        match String::from_utf8(message.body) {
            Err(_) => push(&mut bad, "description", MalformedReason::Encoding),
            Ok(body) => {
                let header = fields.remove("description");
                if header.is_some() {
                    push(&mut bad, "description", MalformedReason::Repeated);
                } else if !bad.iter().any(|m| m.field == "description") {
                    fields.insert("description".to_string(), Value::Text(body));
                }
            }
        }
    }
    CoreMetadata {
        fields,
        malformed: bad,
    }
}

fn push(bad: &mut Vec<Malformed>, field: &str, reason: MalformedReason) {
    bad.push(Malformed {
        field: field.to_string(),
        reason,
    });
}

/// `Project-URL: label, url` pairs; `None` when a label repeats.
fn project_urls(values: &[String]) -> Option<Vec<(String, String)>> {
    let mut urls: Vec<(String, String)> = Vec::new();
    for pair in values {
        let (label, url) = pair.split_once(',').unwrap_or((pair, ""));
        let (label, url) = (crate::pystr::strip(label), crate::pystr::strip(url));
        if urls.iter().any(|(l, _)| l == label) {
            return None;
        }
        urls.push((label.to_string(), url.to_string()));
    }
    Some(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_lists_keywords_urls_and_body() {
        let m = parse(
            b"Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nKeywords: a, b ,c\n\
              Classifier: X\nClassifier: Y\nProject-URL: Home, https://x\nProject-URL: Docs,https://y\n\n# Demo\n",
        );
        assert_eq!(m.name(), Some("demo"));
        assert_eq!(
            m.fields["keywords"],
            Value::List(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(
            m.fields["classifier"],
            Value::List(vec!["X".into(), "Y".into()])
        );
        assert_eq!(
            m.fields["project-url"],
            Value::Urls(vec![
                ("Home".into(), "https://x".into()),
                ("Docs".into(), "https://y".into())
            ])
        );
        assert_eq!(m.description(), Some("# Demo\n"));
        assert!(m.malformed.is_empty());
    }

    #[test]
    fn unreadable_fields_are_listed() {
        let m = parse(
            b"Name: a\nName: b\nX-Custom: 1\nSummary: \xff\nProject-URL: A, x\nProject-URL: A, y\nDescription: d\n\nbody\n",
        );
        let mut got: Vec<(String, MalformedReason)> = m
            .malformed
            .iter()
            .map(|m| (m.field.clone(), m.reason))
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("description".into(), MalformedReason::Repeated),
                ("name".into(), MalformedReason::Repeated),
                ("project-url".into(), MalformedReason::Repeated),
                ("summary".into(), MalformedReason::Encoding),
                ("x-custom".into(), MalformedReason::Unknown),
            ]
        );
        assert_eq!(m.description(), None);
    }
}
