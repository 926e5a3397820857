use super::*;

fn parse(text: &str) -> Result<FileSettings, String> {
    FileSettings::parse(Path::new("conf/.leastpriv.yaml"), text).map_err(|e| e.to_string())
}

#[test]
fn the_default_file_loads_and_changes_nothing_but_the_exception_policy() {
    let f = parse(DEFAULT_FILE).expect("default file loads");
    let e = Effective::merge(Some(&f), &Flags::default());
    e.check_rules(Some(&f), &Catalogue::standard())
        .expect("rules known");
    assert_eq!(e.thresholds(), crate::config::Thresholds::default());
    assert_eq!(e.profile.value, Profile::Baseline);
    assert!(e.require_expiry.value);
    assert_eq!(e.max_days.value, Some(180));
    assert_eq!(e.fail_on.value, "low");
}

#[test]
fn every_key_is_read() {
    let f = parse(
        "rules:\n  only: [IAM101, wildcard-action]\n  skip: IAM102\n  severity: {IAM305: critical}\n\
         profile: strict\nthresholds:\n  max_admins: 5\n  min_password_length: 16\n  \
         password_reuse_prevention: 12\n  max_password_age: 60\n  max_session_seconds: 3600\n\
         params:\n  admin_policies: [AdministratorAccess, PowerUserAccess]\n\
         exceptions:\n  file: ex.yaml\n  require_expiry: true\n  max_days: 30\n\
         baseline: base.json\nfail_on: high\nexclude: ['examples/**']\nrulepacks: [packs]\n",
    )
    .expect("loads");
    let e = Effective::merge(Some(&f), &Flags::default());
    assert_eq!(e.only.value, vec!["IAM101", "wildcard-action"]);
    assert_eq!(e.only.from, Source::File(2));
    assert_eq!(e.skip[0].0, "IAM102");
    assert_eq!(e.severity[0].1, Severity::Critical);
    assert_eq!(e.profile.value, Profile::Strict);
    let t = e.thresholds();
    assert_eq!(
        (
            t.max_admins,
            t.min_password_length,
            t.password_reuse_prevention,
            t.max_password_age
        ),
        (5, 16, 12, 60)
    );
    let params: Vec<(&str, &str)> = e
        .params
        .iter()
        .map(|(k, v, _)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        params,
        vec![
            ("max_session_seconds", "3600"),
            ("admin_policies", "AdministratorAccess,PowerUserAccess")
        ]
    );
    assert_eq!(e.exceptions_file.value, Some(PathBuf::from("conf/ex.yaml")));
    assert_eq!(e.max_days.value, Some(30));
    assert_eq!(e.baseline.value, Some(PathBuf::from("conf/base.json")));
    assert_eq!(e.fail_on.value, "high");
    assert_eq!(e.exclude[0].0, "examples/**");
    assert_eq!(e.rulepacks[0].0, PathBuf::from("conf/packs"));
    let cat = Catalogue::standard();
    e.check_rules(Some(&f), &cat).expect("known rules");
    assert_eq!(e.severity_by_id(&cat), vec![("IAM305", Severity::Critical)]);
}

#[test]
fn flags_override_the_file() {
    let f = parse("profile: strict\nfail_on: high\nrules:\n  only: [IAM101]\n  skip: [IAM102]\n")
        .expect("loads");
    let flags = Flags {
        rules: vec!["IAM103".into()],
        skip_rules: vec!["IAM104".into()],
        profile: Some(Profile::Baseline),
        fail_on: Some("never"),
        params: vec!["max_session_seconds=60".into()],
        ..Flags::default()
    };
    let e = Effective::merge(Some(&f), &flags);
    assert_eq!(e.only.value, vec!["IAM103"]);
    assert_eq!(e.skip.len(), 2);
    assert_eq!(e.profile.from, Source::Flag("--profile"));
    assert_eq!(e.fail_on.value, "never");
    assert_eq!(e.params[0].2, Source::Flag("--rulepack-param"));
    let shown = e.render();
    assert!(shown.contains("fail_on: never  # --fail-on"), "{shown}");
    assert!(
        shown.contains("- IAM102  # conf/.leastpriv.yaml:5"),
        "{shown}"
    );
}

#[test]
fn errors_have_positions_and_hints() {
    let cases = [
        (
            "rule:\n  only: []\n",
            "1:1: unknown key `rule`",
            "did you mean `rules`",
        ),
        (
            "thresholds:\n  max_admin: 2\n",
            "2:3: unknown key `max_admin`",
            "max_admins",
        ),
        ("thresholds:\n  max_admins: many\n", "2:15:", "whole number"),
        ("profile: strikt\n", "1:10:", "did you mean `strict`"),
        ("fail_on: [high]\n", "1:10:", "must be text"),
        ("rules: [IAM101]\n", "1:8:", "must be a mapping"),
        (
            "exceptions:\n  require_expiry: yes\n",
            "2:19:",
            "true or false",
        ),
        ("exclude: ['[']\n", "1:11:", "glob"),
        (
            "rules:\n  severity:\n    IAM101: urgent\n",
            "3:13:",
            "not one of",
        ),
        ("rules: {\n", "conf/.leastpriv.yaml:", ""),
    ];
    for (text, at, hint) in cases {
        let err = parse(text).expect_err(text);
        assert!(err.contains(at), "{text:?}: {err}");
        assert!(err.contains(hint), "{text:?}: {err}");
    }
    let f = parse("rules:\n  skip: [IAM101, wildcard-actoin]\n").expect("loads");
    let e = Effective::merge(Some(&f), &Flags::default());
    let err = e
        .check_rules(Some(&f), &Catalogue::standard())
        .expect_err("unknown rule")
        .to_string();
    assert!(
        err.starts_with("conf/.leastpriv.yaml:2:18: no rule"),
        "{err}"
    );
    assert!(err.contains("did you mean `wildcard-action`"), "{err}");
}

#[test]
fn the_printed_configuration_loads_back_to_the_same_settings() {
    let f = parse(
        "rules:\n  skip: [IAM102]\n  severity: {IAM305: high}\nprofile: strict\n\
         thresholds: {max_admins: 4, max_session_seconds: 600}\nparams: {admin_policies: [A, B]}\n\
         exceptions: {require_expiry: true}\nfail_on: medium\nexclude: ['x/**']\n",
    )
    .expect("loads");
    let first = Effective::merge(Some(&f), &Flags::default());
    let printed = first.render();
    let again = parse(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
    let second = Effective::merge(Some(&again), &Flags::default());
    let values = |e: &Effective| {
        (
            e.only.value.clone(),
            e.skip.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
            e.severity
                .iter()
                .map(|s| (s.0.clone(), s.1))
                .collect::<Vec<_>>(),
            e.profile.value,
            e.thresholds(),
            e.params
                .iter()
                .map(|p| (p.0.clone(), p.1.clone()))
                .collect::<Vec<_>>(),
            e.require_expiry.value,
            e.max_days.value,
            e.fail_on.value,
            e.exclude.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(values(&first), values(&second), "{printed}");
}
