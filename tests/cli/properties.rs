//! Properties of the version parser and order (proptest): no input makes it
//! panic, every version survives a round trip through its text in all three
//! schemes, and the order is a total order consistent with equality.

use std::cmp::Ordering;

use proptest::prelude::*;

use relx::version::{LocalPart, Number, Pep440, Phase, Scheme, TagRules};

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        6 => (0u64..20).prop_map(Number::from),
        2 => any::<u64>().prop_map(Number::from),
        1 => "[1-9][0-9]{19,40}".prop_map(|s| Number::from_digits(&s).expect("digits")),
    ]
}

fn phase() -> impl Strategy<Value = Phase> {
    prop_oneof![Just(Phase::Alpha), Just(Phase::Beta), Just(Phase::Rc)]
}

fn local_part() -> impl Strategy<Value = LocalPart> {
    prop_oneof![
        number().prop_map(LocalPart::Number),
        // At least one letter, lower case: what packaging keeps of a text part.
        "[a-z0-9]{0,3}[a-z][a-z0-9]{0,3}".prop_map(LocalPart::Text),
    ]
}

/// Any version PEP 440 can express, built from its parts.
fn version() -> impl Strategy<Value = Pep440> {
    (
        prop_oneof![4 => Just(Number::zero()), 1 => number()],
        prop::collection::vec(number(), 1..6),
        prop::option::of((phase(), number())),
        prop::option::of(number()),
        prop::option::of(number()),
        prop::option::of(prop::collection::vec(local_part(), 1..4)),
    )
        .prop_map(|(epoch, release, pre, post, dev, local)| Pep440 {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        })
}

/// The parts, for comparing two versions field by field (`==` is
/// packaging's equality, under which `1.0 == 1.0.0`).
fn parts(v: &Pep440) -> String {
    format!("{v:?}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_any_text(s in "\\PC{0,40}") {
        let _ = Pep440::parse(&s);
    }

    #[test]
    fn parser_never_panics_on_version_like_text(s in "[ \\t\\u{a0}vV0-9.!+_\\-a-zA-Z\\u{661}\\u{212a}]{0,30}") {
        if let Ok(v) = Pep440::parse(&s) {
            // Whatever it reads, it can write and read again.
            prop_assert_eq!(parts(&Pep440::parse(&v.to_string()).unwrap()), parts(&v));
        }
    }

    #[test]
    fn parse_of_display_is_identity(v in version()) {
        let text = v.to_string();
        let back = Pep440::parse(&text);
        prop_assert!(back.is_ok(), "{} does not parse", text);
        prop_assert_eq!(parts(&back.unwrap()), parts(&v));
    }

    #[test]
    fn every_scheme_spelling_reads_back(v in version()) {
        for scheme in [Scheme::Pep440, Scheme::Semver, Scheme::Semver2] {
            let spelled = scheme.parse(&v.to_string()).unwrap().to_string();
            let back = scheme.parse(&spelled);
            prop_assert!(back.is_ok(), "{:?} spelling {} does not parse", scheme, spelled);
            prop_assert_eq!(parts(&back.unwrap().pep), parts(&v));
        }
    }

    #[test]
    fn order_is_total_and_consistent_with_equality(a in version(), b in version(), c in version()) {
        // Antisymmetry and agreement of cmp, ==, <.
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
        prop_assert_eq!(a < b, a.cmp(&b) == Ordering::Less);
        prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
        prop_assert_eq!(a.cmp(&a), Ordering::Equal);
        // Transitivity over the three.
        let mut sorted = [&a, &b, &c];
        sorted.sort();
        prop_assert!(sorted[0] <= sorted[1] && sorted[1] <= sorted[2] && sorted[0] <= sorted[2]);
    }

    #[test]
    fn trailing_zeros_do_not_change_a_version(v in version(), zeros in 1usize..4) {
        let mut longer = v.clone();
        longer.release.extend(std::iter::repeat_n(Number::zero(), zeros));
        prop_assert_eq!(longer.cmp(&v), Ordering::Equal);
        prop_assert!(longer == v);
    }

    #[test]
    fn equal_versions_sort_equal_against_any_other(v in version(), w in version(), zeros in 1usize..3) {
        let mut same = v.clone();
        same.release.extend(std::iter::repeat_n(Number::zero(), zeros));
        prop_assert_eq!(v.cmp(&w), same.cmp(&w));
    }
}

/// Tag formats a project may configure, each with `$version`.
const VERSION_FORMATS: [&str; 5] = [
    "$version",
    "v$version",
    "release-$version",
    "${version}-final",
    "pkg/v$version",
];

/// Formats built from the parts; they can only spell a version of three
/// release numbers with at most a pre-release and a dev release.
const PARTS_FORMATS: [&str; 2] = [
    "v$major.$minor.$patch$prerelease$devrelease",
    "$major.$minor.$patch$prerelease$devrelease",
];

/// A version the parts formats can spell.
fn parts_version() -> impl Strategy<Value = Pep440> {
    (
        prop::collection::vec(number(), 3..=3),
        prop::option::of((phase(), number())),
        prop::option::of(number()),
    )
        .prop_map(|(release, pre, dev)| Pep440 {
            epoch: Number::zero(),
            release,
            pre,
            post: None,
            dev,
            local: None,
        })
}

fn schemes() -> impl Strategy<Value = Scheme> {
    prop_oneof![
        Just(Scheme::Pep440),
        Just(Scheme::Semver),
        Just(Scheme::Semver2)
    ]
}

/// The tag relx writes for `v`, and what relx reads back from that tag and
/// from a changelog heading naming it. See: issue 19, item 1
/// (`v0.3.0b1.dev10` was read as no version, its heading as `0.3.0b1`).
///
/// A tag of one number (`v2`) is not read as a version, as in commitizen:
/// projects keep such moving tags beside their releases (GitHub Actions'
/// `v2`), so the versions here have two release numbers or more, which
/// every computed bump has.
fn tag_round_trip(v: &Pep440, scheme: Scheme, format: &str) -> Result<(), TestCaseError> {
    let rules = TagRules::new(scheme, format, &[], &[]).expect("a valid format");
    let version = scheme.parse(&v.to_string()).expect("a version");
    let tag = rules.tag_for(&version);
    let back = rules.version_of(&tag);
    prop_assert!(
        back.is_ok(),
        "{:?} tag {} of {} does not read back",
        scheme,
        tag,
        version
    );
    prop_assert_eq!(parts(&back.unwrap().pep), parts(v), "tag {}", tag);
    prop_assert!(rules.is_version_tag(&tag), "{} is not a version tag", tag);
    let heading = format!("## {tag} (2026-11-22)\n\n### Fix\n\n- x\n");
    let found = rules.search_version(&heading, false);
    prop_assert!(found.is_some(), "heading of {} names no version", tag);
    let found = found.unwrap();
    prop_assert_eq!(&found.tag, &tag);
    let read = scheme.parse(&found.version);
    prop_assert!(read.is_ok(), "heading version {} of {}", found.version, tag);
    prop_assert_eq!(parts(&read.unwrap().pep), parts(v), "heading of {}", tag);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_tag_relx_writes_reads_back_as_its_version(
        v in version().prop_filter("two release numbers", |v| v.release.len() >= 2),
        scheme in schemes(),
        format in prop::sample::select(&VERSION_FORMATS[..]),
    ) {
        tag_round_trip(&v, scheme, format)?;
    }

    #[test]
    fn every_parts_tag_relx_writes_reads_back_as_its_version(
        v in parts_version(), scheme in schemes(), format in prop::sample::select(&PARTS_FORMATS[..]),
    ) {
        tag_round_trip(&v, scheme, format)?;
    }
}
