//! Parameter values given to the scan: `--cfn-param Name=Value` arguments and parameter
//! files, in the CloudFormation CLI's list format
//! (`[{"ParameterKey": "Env", "ParameterValue": "prod"}]`) or the template-configuration
//! format (`{"Parameters": {"Env": "prod"}}`). Later values win. Pseudo parameters can be
//! given the same way (`--cfn-param AWS::Region=eu-west-1`).

use serde_json::Value as Json;

/// Values by parameter name, in the order given (later ones win).
#[derive(Debug, Clone, Default)]
pub struct ParamValues {
    /// `(name, value)` pairs.
    pub values: Vec<(String, String)>,
}

impl ParamValues {
    /// The value last given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses one `Name=Value` argument.
pub fn from_arg(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("--cfn-param {arg:?}: expected NAME=VALUE")),
    }
}

/// Parses a parameter file's text.
pub fn from_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let json: Json = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let scalar = |v: &Json| match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Array(items) => Some(
            items
                .iter()
                .map(|i| match i {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    };
    match &json {
        Json::Array(items) => items
            .iter()
            .map(|item| {
                let key = item.get("ParameterKey").and_then(Json::as_str);
                let value = item.get("ParameterValue").and_then(scalar);
                match (key, value) {
                    (Some(k), Some(v)) => Ok((k.to_string(), v)),
                    _ => Err(
                        "each entry needs a string \"ParameterKey\" and a \"ParameterValue\""
                            .to_string(),
                    ),
                }
            })
            .collect(),
        Json::Object(m) => match m.get("Parameters") {
            Some(Json::Object(params)) => params
                .iter()
                .map(|(k, v)| match scalar(v) {
                    Some(v) => Ok((k.clone(), v)),
                    None => Err(format!("parameter {k:?} must be a string")),
                })
                .collect(),
            _ => Err("expected a list of {\"ParameterKey\", \"ParameterValue\"} or {\"Parameters\": {...}}".into()),
        },
        _ => Err("expected a JSON list or object".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_file_formats() {
        let list = r#"[{"ParameterKey":"Env","ParameterValue":"prod"},{"ParameterKey":"N","ParameterValue":3}]"#;
        assert_eq!(
            from_file(list),
            Ok(vec![
                ("Env".into(), "prod".into()),
                ("N".into(), "3".into())
            ])
        );
        let config = r#"{"Parameters":{"Env":"dev"},"Tags":{}}"#;
        assert_eq!(from_file(config), Ok(vec![("Env".into(), "dev".into())]));
        assert!(from_file("[{\"ParameterKey\": 1}]").is_err());
        assert!(from_file("{\"Tags\": {}}").is_err());
        assert!(from_file("nope").is_err());
    }

    #[test]
    fn args_and_precedence() {
        assert_eq!(from_arg("A=b=c"), Ok(("A".into(), "b=c".into())));
        assert!(from_arg("novalue").is_err());
        let v = ParamValues {
            values: vec![("A".into(), "1".into()), ("A".into(), "2".into())],
        };
        assert_eq!(v.get("A"), Some("2"));
    }
}
