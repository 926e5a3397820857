//! IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly
//! one; nothing else is special (unlike a shell glob, `[` and `{` are literal). Actions
//! compare case-insensitively, as IAM does; resources case-sensitively.
//!
//! The matcher works on the UTF-8 bytes in place and allocates nothing: `*` and `?` always
//! advance over whole characters, and a literal character of the pattern matches exactly
//! the same bytes in the text (only ASCII letters are folded when comparing without case).

/// True when `pattern` (with `*` and `?`) matches all of `text`.
pub fn matches(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let eq = |a: u8, b: u8| {
        if case_insensitive {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0usize, 0usize);
    // where the last `*` was, and the text position it is currently stretched to
    let mut star: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(b'?') => {
                pi += 1;
                ti += char_len(tc);
            }
            Some(&c) if eq(c, tc) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // let the last `*` swallow one more character and retry
                Some((sp, st)) => {
                    let next = st + t.get(st).map_or(1, |&b| char_len(b));
                    pi = sp + 1;
                    ti = next;
                    star = Some((sp, next));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

/// Length in bytes of the UTF-8 character that starts with `first`.
fn char_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// True when `text` contains an IAM wildcard character (`*` or `?`).
pub fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

/// True when an action pattern (`iam:Pass*`, `IAM:*`, `*`) grants `action`.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    matches(pattern, action, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_wildcards() {
        assert!(action_matches("*", "iam:PassRole"));
        assert!(action_matches("iam:*", "iam:PassRole"));
        assert!(action_matches("IAM:pass*", "iam:PassRole"));
        assert!(action_matches("iam:P?ssRole", "iam:PassRole"));
        assert!(action_matches("i*:*Role", "iam:PassRole"));
        assert!(!action_matches("iam:Pass", "iam:PassRole"));
        assert!(!action_matches("iam:Get*", "iam:PassRole"));
        assert!(!action_matches("s3:*", "iam:PassRole"));
        assert!(!action_matches("iam:PassRole?", "iam:PassRole"));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(matches("", "", false));
        assert!(!matches("", "x", false));
        assert!(matches("**", "", false));
        assert!(!matches("arn:aws:s3:::A*", "arn:aws:s3:::a1", false));
        // brackets are literal in IAM
        assert!(matches("a[b]", "a[b]", false));
        assert!(!matches("a[b]", "ab", false));
    }

    #[test]
    fn multibyte_characters_are_whole_characters() {
        // `?` is one character, not one byte
        assert!(matches("caf?", "café", false));
        assert!(!matches("caf??", "café", false));
        assert!(matches("*é", "caféé", false));
        assert!(matches("c*é*", "cafébar", false));
        // a shared first byte is not a match (é = C3 A9, ê = C3 AA)
        assert!(!matches("*é", "cafê", false));
        assert!(matches("?😀?", "a😀b", false));
        // case folding is ASCII only, as IAM's
        assert!(matches("CAFé", "café", true));
        assert!(!matches("CAFÉ", "café", true));
    }

    #[test]
    fn backtracking_across_several_stars() {
        assert!(matches("*a*a*a", "bababa", false));
        assert!(!matches("*a*a*a*a", "bababa", false));
        assert!(matches("arn:aws:s3:::*/*", "arn:aws:s3:::b/k/x", false));
        assert!(!matches("arn:aws:s3:::*/*", "arn:aws:s3:::b", false));
    }

    #[test]
    fn wildcard_detection() {
        assert!(has_wildcard("s3:Get*"));
        assert!(has_wildcard("s3:?"));
        assert!(!has_wildcard("s3:GetObject"));
    }
}
