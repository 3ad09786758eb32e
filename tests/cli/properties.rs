//! Properties of the version parser and order (proptest): no input makes it
//! panic, every version survives a round trip through its text in all three
//! schemes, and the order is a total order consistent with equality.

use std::cmp::Ordering;

use proptest::prelude::*;

use relx::version::{LocalPart, Number, Pep440, Phase, Scheme};

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
