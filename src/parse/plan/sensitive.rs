//! Values a plan marks sensitive, so no report quotes them.
//!
//! `terraform show -json` writes sensitive values in clear and marks them beside:
//! `before_sensitive` / `after_sensitive` for changes, `sensitive_values` for planned
//! values and prior state, `sensitive` for outputs and (in `configuration`) variables.
//! A real plan is one line, so a code frame of any finding in it is the whole plan;
//! every sensitive value is therefore masked in the plan text the reports read (each
//! byte becomes `*`: offsets, lines and JSON shape stay as they were). Rules still see
//! the values.

use super::skim::Raw;

/// Byte ranges of sensitive values in a plan's outputs, variables, planned values and
/// prior state (string contents without their quotes), from its top-level members.
/// `resource_changes` are read one by one ([`change`]).
pub fn ranges(members: &[(String, Raw<'_>)]) -> Vec<(usize, usize)> {
    let get = |k: &str| members.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    let mut out = Vec::new();
    for (_, oc) in get("output_changes")
        .map(|o| o.members())
        .unwrap_or_default()
    {
        let [before, before_mask, after, after_mask] =
            oc.pick(["before", "before_sensitive", "after", "after_sensitive"]);
        change([(before, before_mask), (after, after_mask)], &mut out);
    }
    let configured = get("configuration")
        .map(sensitive_variables)
        .unwrap_or_default();
    for (name, v) in get("variables").map(|v| v.members()).unwrap_or_default() {
        if configured.contains(&name) {
            if let Some(value) = v.get("value") {
                all(value, &mut out);
            }
        }
    }
    for values in [
        get("planned_values"),
        get("prior_state").and_then(|p| p.get("values")),
    ]
    .into_iter()
    .flatten()
    {
        for (_, o) in values
            .get("outputs")
            .map(|o| o.members())
            .unwrap_or_default()
        {
            if o.get("sensitive").is_some_and(|s| s.is_true()) {
                if let Some(value) = o.get("value") {
                    all(value, &mut out);
                }
            }
        }
        if let Some(m) = values.get("root_module") {
            module(m, &mut out, 0);
        }
    }
    out
}

/// Deepest child-module nesting followed.
const MAX_DEPTH: usize = 32;

/// The sensitive parts of a change: `before` under `before_sensitive`, `after` under
/// `after_sensitive`.
pub fn change(pairs: [(Option<Raw<'_>>, Option<Raw<'_>>); 2], out: &mut Vec<(usize, usize)>) {
    for (value, mask) in pairs {
        if let (Some(v), Some(m)) = (value, mask) {
            masked(v, m, out);
        }
    }
}

fn module(m: Raw<'_>, out: &mut Vec<(usize, usize)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for r in m.get("resources").map(|r| r.items()).unwrap_or_default() {
        if let (Some(v), Some(s)) = (r.get("values"), r.get("sensitive_values")) {
            masked(v, s, out);
        }
    }
    for child in m
        .get("child_modules")
        .map(|c| c.items())
        .unwrap_or_default()
    {
        module(child, out, depth + 1);
    }
}

/// The names of the root module's variables declared `sensitive = true`.
fn sensitive_variables(configuration: Raw<'_>) -> Vec<String> {
    configuration
        .get("root_module")
        .and_then(|m| m.get("variables"))
        .map(|v| v.members())
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, v)| v.get("sensitive").is_some_and(|s| s.is_true()))
        .map(|(k, _)| k)
        .collect()
}

/// The parts of `value` that `mask` (same shape; `true` = sensitive) marks.
fn masked(value: Raw<'_>, mask: Raw<'_>, out: &mut Vec<(usize, usize)>) {
    if mask.is_true() {
        all(value, out);
        return;
    }
    if mask.is_object() {
        for (k, m) in mask.members() {
            if let Some(v) = value.get(&k) {
                masked(v, m, out);
            }
        }
        return;
    }
    for (v, m) in value.items().into_iter().zip(mask.items()) {
        masked(v, m, out);
    }
}

/// Every scalar in `value`.
fn all(value: Raw<'_>, out: &mut Vec<(usize, usize)>) {
    if value.as_str().is_some() {
        if value.end > value.start + 2 {
            out.push((value.start + 1, value.end - 1));
        }
    } else if value.scalar_text().is_some() {
        out.push((value.start, value.end));
    } else if value.is_object() {
        value.members().into_iter().for_each(|(_, v)| all(v, out));
    } else {
        value.items().into_iter().for_each(|v| all(v, out));
    }
}

/// `text` with every byte of `ranges` replaced by `*`.
pub fn mask(text: &mut String, ranges: &[(u32, u32)]) {
    if ranges.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for &(start, end) in ranges {
        if let Some(slice) = bytes.get_mut(start as usize..end as usize) {
            slice.fill(b'*');
        }
    }
    *text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_values_are_masked_and_nothing_else() {
        let text = r#"{"resource_changes":[{"change":{"before":{"a":"keep","s":"hidé"},"before_sensitive":{"s":true},"after":{"l":["x",{"p":"pw"}],"n":7},"after_sensitive":{"l":[false,true],"n":true}}}],
          "variables":{"token":{"value":"t0k"},"open":{"value":"o"}},
          "configuration":{"root_module":{"variables":{"token":{"sensitive":true}}}},
          "planned_values":{"outputs":{"o":{"sensitive":true,"value":"out"}}}}"#;
        let root = Raw::root(text).expect("json");
        let mut found = ranges(&root.members());
        for rc in root
            .get("resource_changes")
            .map(|r| r.items())
            .unwrap_or_default()
        {
            let c = rc.get("change").expect("change");
            let [b, bm, a, am] = c.pick(["before", "before_sensitive", "after", "after_sensitive"]);
            change([(b, bm), (a, am)], &mut found);
        }
        let spans: Vec<(u32, u32)> = found
            .into_iter()
            .map(|(a, b)| (a as u32, b as u32))
            .collect();
        let mut masked = text.to_string();
        mask(&mut masked, &spans);
        assert_eq!(masked.len(), text.len());
        for hidden in ["hidé", "\"pw\"", "\"n\":7", "t0k", "\"out\""] {
            assert!(!masked.contains(hidden), "{hidden} left in {masked}");
        }
        for kept in ["\"keep\"", "\"x\"", "\"open\":{\"value\":\"o\"}"] {
            assert!(masked.contains(kept), "{kept} masked in {masked}");
        }
    }
}
