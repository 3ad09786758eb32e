//! Today's date, read once per run.

use crate::env::Env;

/// Today's date, one for the whole run: the changelog's release date and
/// `--snapshot=date` agree. Local time, as commitizen's `date.today()`, or
/// `SOURCE_DATE_EPOCH` (UTC) when set, for reproducible builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    iso: String,
}

impl Today {
    /// From `SOURCE_DATE_EPOCH`, else the local clock.
    pub fn from_env(env: &Env) -> Today {
        let fixed = env
            .get("SOURCE_DATE_EPOCH")
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| jiff::Timestamp::from_second(s).ok());
        let iso = match fixed {
            Some(at) => at.strftime("%Y-%m-%d").to_string(),
            None => jiff::ZonedDateTime::now().strftime("%Y-%m-%d").to_string(),
        };
        Today { iso }
    }

    /// A given date, `YYYY-MM-DD` (tests).
    pub fn fixed(iso: &str) -> Today {
        Today {
            iso: iso.to_string(),
        }
    }

    /// `YYYY-MM-DD`, the changelog's form.
    pub fn iso(&self) -> &str {
        &self.iso
    }

    /// `YYYYMMDD`, `--snapshot=date`'s form.
    pub fn compact(&self) -> String {
        self.iso.replace('-', "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn source_date_epoch_fixes_both_forms_of_today() {
        let today = Today::from_env(&Env::of([("SOURCE_DATE_EPOCH", "1700000000")]));
        assert_eq!(today.iso(), "2023-11-14");
        assert_eq!(today.compact(), "20231114");
    }
}
