//! Python's `json.dumps(value, indent=2)`, byte for byte: the text mike
//! writes to `versions.json` (ASCII only, `\uXXXX` escapes, `": "` and `","`
//! separators, floats spelled as Python's `repr`).

use serde_json::Value;

/// `json.dumps(value, indent=2)`.
pub fn dumps(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, 0);
    out
}

fn newline(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write(out, item, level + 1);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                string(out, key);
                out.push_str(": ");
                write(out, item, level + 1);
            }
            newline(out, level);
            out.push('}');
        }
    }
}

/// A JSON string with `ensure_ascii=True`.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if !(' '..='~').contains(&c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `float.__repr__`: the shortest digits that round-trip, in fixed
/// notation for exponents -4..16, else `d.ddde+XX`.
fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest digits: `1.2345e2`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_pythons() {
        // json.dumps([{"version": "1.0", "title": "Ré \"1\"", "aliases": []},
        //             {"a": {}, "b": [1, 2.5, None, True]}], indent=2)
        let value = serde_json::json!([
            {"version": "1.0", "title": "Ré \"1\"", "aliases": []},
            {"a": {}, "b": [1, 2.5, null, true]}
        ]);
        let want = "[\n  {\n    \"version\": \"1.0\",\n    \"title\": \"R\\u00e9 \\\"1\\\"\",\n    \"aliases\": []\n  },\n  {\n    \"a\": {},\n    \"b\": [\n      1,\n      2.5,\n      null,\n      true\n    ]\n  }\n]";
        assert_eq!(dumps(&value), want);
        assert_eq!(dumps(&serde_json::json!([])), "[]");
    }

    #[test]
    fn escapes_like_ensure_ascii() {
        // json.dumps("\x01\x7f\U0001F600\u2028") == '"\\u0001\\u007f\\ud83d\\ude00\\u2028"'
        let s = Value::String("\u{1}\u{7f}\u{1F600}\u{2028}".to_string());
        assert_eq!(dumps(&s), "\"\\u0001\\u007f\\ud83d\\ude00\\u2028\"");
    }

    #[test]
    fn floats_are_python_repr() {
        // repr() of each float in CPython 3.11.
        let rows = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (123456.789, "123456.789"),
            (0.0001, "0.0001"),
            (-2.5e100, "-2.5e+100"),
            (1e15, "1000000000000000.0"),
        ];
        for (f, want) in rows {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }
}
