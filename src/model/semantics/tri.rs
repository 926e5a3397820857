//! Three-valued answers: yes, no, or not known from what the scan can see.

/// Yes, no, or unknown. Ordered `No < Unknown < Yes`, so `or` is the maximum and `and` the
/// minimum (Kleene's logic): `Unknown.or(Yes)` is `Yes`, `Unknown.and(No)` is `No`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tri {
    /// Certainly not.
    No,
    /// Cannot be decided from what is known (an unresolved value, a condition).
    Unknown,
    /// Certainly.
    Yes,
}

impl Tri {
    /// `yes`, `no` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tri::Yes => "yes",
            Tri::No => "no",
            Tri::Unknown => "unknown",
        }
    }

    /// `Yes` for `true`, `No` for `false`.
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }

    /// Both hold.
    #[must_use]
    pub fn and(self, other: Tri) -> Tri {
        self.min(other)
    }

    /// Either holds.
    #[must_use]
    pub fn or(self, other: Tri) -> Tri {
        self.max(other)
    }

    /// True only for `Yes`.
    pub fn is_yes(self) -> bool {
        self == Tri::Yes
    }

    /// True only for `No`.
    pub fn is_no(self) -> bool {
        self == Tri::No
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    /// The opposite; `Unknown` stays `Unknown`.
    fn not(self) -> Tri {
        match self {
            Tri::No => Tri::Yes,
            Tri::Unknown => Tri::Unknown,
            Tri::Yes => Tri::No,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, No, Unknown, Yes};

    #[test]
    fn kleene_logic() {
        let all = [No, Unknown, Yes];
        for a in all {
            assert_eq!(a.and(Yes), a);
            assert_eq!(a.or(No), a);
            assert_eq!(a.and(No), No);
            assert_eq!(a.or(Yes), Yes);
            assert_eq!(!!a, a);
        }
        assert_eq!(Unknown.and(Unknown), Unknown);
        assert_eq!(!Unknown, Unknown);
        assert_eq!(Tri::from_bool(true), Yes);
        assert!(Yes.is_yes() && No.is_no() && !Unknown.is_yes() && !Unknown.is_no());
    }
}
