//! `License-Expression` (core metadata 2.4, PEP 639): an SPDX expression of
//! license identifiers joined by `AND` / `OR`, `WITH` an exception,
//! parentheses, and `LicenseRef-…` references. Identifiers are matched
//! without regard to case, as `packaging.licenses` does; the list of known
//! identifiers is the `spdx` crate's copy of the SPDX license list. Pure.

fn is_operator(token: &str) -> bool {
    matches!(token, "and" | "or" | "with" | "(" | ")")
}

fn known_license(id: &str) -> bool {
    spdx::identifiers::LICENSES
        .iter()
        .any(|l| l.name.eq_ignore_ascii_case(id))
}

fn known_exception(id: &str) -> bool {
    spdx::identifiers::EXCEPTIONS
        .iter()
        .any(|e| e.name.eq_ignore_ascii_case(id))
}

/// Names and operators alternate (`name (AND|OR|WITH) name …`), groups
/// balance, and the expression ends with a name or a closed group.
fn check_order(tokens: &[String]) -> bool {
    let mut depth = 0usize;
    let mut expect_operand = true;
    for token in tokens {
        match token.as_str() {
            "(" => {
                if !expect_operand || depth >= 200 {
                    return false;
                }
                depth += 1;
            }
            ")" => {
                if expect_operand || depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            "and" | "or" | "with" => {
                if expect_operand {
                    return false;
                }
                expect_operand = true;
            }
            _ => {
                if !expect_operand {
                    return false;
                }
                expect_operand = false;
            }
        }
    }
    !expect_operand && depth == 0
}

/// Checks a license expression; the error says what is wrong.
pub fn check_expression(text: &str) -> Result<(), String> {
    let invalid = || Err(format!("invalid license expression: '{text}'"));
    if text.is_empty() {
        return invalid();
    }
    let padded = text.replace('(', " ( ").replace(')', " ) ");
    let mut tokens = Vec::new();
    for word in padded
        .split(crate::pystr::is_space)
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if lower.starts_with("licenseref-") && !word.is_ascii() {
            return Err(format!("invalid license reference (not ASCII): '{word}'"));
        }
        tokens.push(lower);
    }
    if !check_order(&tokens) {
        return invalid();
    }
    let mut after_license = false;
    for (i, token) in tokens.iter().enumerate() {
        if is_operator(token) {
            if token == "with"
                && (!after_license || tokens.get(i + 1).is_none_or(|next| is_operator(next)))
            {
                return invalid();
            }
            after_license = false;
            continue;
        }
        if i > 0 && tokens[i - 1] == "with" {
            if !known_exception(token) {
                return Err(format!("unknown license exception: '{token}'"));
            }
            after_license = false;
            continue;
        }
        let (id, plus) = match token.strip_suffix('+') {
            Some(id) => (id, true),
            None => (token.as_str(), false),
        };
        if let Some(reference) = id.strip_prefix("licenseref-") {
            let allowed = !reference.is_empty()
                && reference
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if plus || !allowed {
                return Err(format!("invalid license reference: '{token}'"));
            }
        } else if !known_license(id) {
            return Err(format!("unknown license: '{id}'"));
        }
        after_license = true;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Verdicts of packaging 26.4's `canonicalize_license_expression`
    /// (tests/data/metadata_fields.tsv).
    #[test]
    fn expressions_agree_with_packaging() {
        let table = include_str!("../../tests/data/metadata_fields.tsv");
        let mut seen = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[0] != "license-expression" {
                continue;
            }
            let value = crate::pkg::unescape(cols[1]);
            let got = check_expression(&value);
            seen += 1;
            assert_eq!(got.is_ok(), cols[2] == "ok", "{value:?}: {got:?}");
        }
        assert!(seen > 20);
    }
}
