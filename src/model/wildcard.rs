//! IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly
//! one; nothing else is special (unlike a shell glob, `[` and `{` are literal). Actions
//! compare case-insensitively, as IAM does; resources case-sensitively.

/// True when `pattern` (with `*` and `?`) matches all of `text`.
pub fn matches(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let eq = |a: char, b: char| {
        if case_insensitive {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    // where the last `*` was, and the text position it is currently stretched to
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || t.get(ti).is_some_and(|&x| eq(c, x)) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // let the last `*` swallow one more character and retry
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
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
}
